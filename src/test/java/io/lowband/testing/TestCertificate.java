package io.lowband.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for localhost and 127.0.0.1, made with the JDK's keytool at test time (no network), as
 * the README tells a developer to make one: a PKCS12 key store for the app's SSL bundle and the certificate as PEM
 * for clients to trust.
 *
 * @param keyStore the key store, for {@code spring.ssl.bundle.jks.*}
 * @param pem the certificate alone, for {@code --cafile}
 */
public record TestCertificate(Path keyStore, Path pem) {

	public static final String PASSWORD = "changeit";

	public static TestCertificate createIn(Path dir) {
		Path keyStore = dir.resolve("lowband.p12");
		Path pem = dir.resolve("lowband-ca.pem");
		keytool("-genkeypair", "-alias", "lowband", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
				"-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore",
				keyStore.toString(), "-storepass", PASSWORD);
		keytool("-exportcert", "-rfc", "-alias", "lowband", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
				"-file", pem.toString());
		return new TestCertificate(keyStore, pem);
	}

	public static TestCertificate createTemporary() {
		try {
			return createIn(Files.createTempDirectory("lowband-certificate"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The app's settings for an SSL bundle of this certificate, used for HTTPS and by the broker. */
	public List<String> appArgs() {
		return List.of("--spring.ssl.bundle.jks.lowband.keystore.location=file:" + keyStore,
				"--spring.ssl.bundle.jks.lowband.keystore.password=" + PASSWORD,
				"--spring.ssl.bundle.jks.lowband.keystore.type=PKCS12", "--server.ssl.bundle=lowband",
				"--lowband.broker.ssl-bundle=lowband");
	}

	/** Trust in this certificate alone. */
	public TrustManagerFactory trust() {
		try (InputStream in = Files.newInputStream(pem)) {
			KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
			store.load(null, null);
			store.setCertificateEntry("lowband", CertificateFactory.getInstance("X.509").generateCertificate(in));
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(store);
			return factory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public SSLContext trustingContext() {
		try {
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trust().getTrustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void keytool(String... args) {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
			.toString()));
		command.addAll(List.of(args));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("keytool failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
