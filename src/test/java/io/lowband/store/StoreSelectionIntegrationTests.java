package io.lowband.store;

import java.io.RandomAccessFile;
import java.nio.file.Path;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.lowband.testing.RunningApp;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Without a MongoDB URI Lowband runs its embedded store under the data directory; with one, it uses that server
 * and starts nothing of its own. A separate in-memory server stands in for the "real" MongoDB here.
 */
class StoreSelectionIntegrationTests {

	@TempDir
	Path dataDir;

	private MongoServer external;

	@BeforeEach
	void startExternalServer() {
		external = new MongoServer(H2Backend.inMemory());
		external.bind("127.0.0.1", 0);
	}

	@AfterEach
	void stopExternalServer() {
		external.shutdownNow();
	}

	@Test
	void withoutUriTheEmbeddedStoreHoldsTheData() {
		try (RunningApp app = RunningApp.start(dataDir)) {
			app.context().getBean(MongoTemplate.class).insert(new Document("text", "kept"), "probe");

			assertThat(dataDir.resolve("store").resolve(EmbeddedStore.FILE_NAME)).exists();
			assertThat(app.context().getBean(StoreConnection.class).isEmbedded()).isTrue();
			assertThat(countProbesOnExternalServer()).isZero();
		}
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aStoreFileCutShortStopsTheStartWithOneLineNamingIt(CapturedOutput output) throws Exception {
		try (RunningApp app = RunningApp.start(dataDir)) {
			app.context().getBean(MongoTemplate.class).insert(new Document("text", "kept"), "probe");
		}
		Path file = dataDir.resolve("store").resolve(EmbeddedStore.FILE_NAME);
		try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
			raf.setLength(raf.length() / 2);
		}

		assertThatException().isThrownBy(() -> RunningApp.start(dataDir))
			.havingRootCause()
			.isInstanceOf(StoreFileUnreadable.class);
		assertThat(output).contains("APPLICATION FAILED TO START",
				"The embedded store file " + file + " cannot be used: it ends at version");
		assertThat(file).exists();
	}

	@ParameterizedTest
	@ValueSource(strings = { "spring.mongodb.uri", "spring.data.mongodb.uri", "MONGODB_URI" })
	void withUriTheConfiguredServerHoldsTheDataAndNothingIsEmbedded(String setting) {
		String uri = "mongodb://127.0.0.1:" + external.getLocalAddress().getPort() + "/lowband";
		try (RunningApp app = RunningApp.start(dataDir, "--" + setting + "=" + uri)) {
			app.context().getBean(MongoTemplate.class).insert(new Document("text", "kept"), "probe");

			assertThat(countProbesOnExternalServer()).isEqualTo(1);
			assertThat(app.context().getBean(StoreConnection.class).isEmbedded()).isFalse();
			assertThat(dataDir.resolve("store").resolve(EmbeddedStore.FILE_NAME)).doesNotExist();
		}
	}

	@Test
	void aUriWithoutDatabaseUsesTheLowbandDatabase() {
		String uri = "mongodb://127.0.0.1:" + external.getLocalAddress().getPort() + "/?connectTimeoutMS=5000";
		try (RunningApp app = RunningApp.start(dataDir, "--spring.data.mongodb.uri=" + uri)) {
			app.context().getBean(MongoTemplate.class).insert(new Document("text", "kept"), "probe");

			assertThat(countProbesOnExternalServer()).isEqualTo(1);
		}
	}

	private long countProbesOnExternalServer() {
		try (MongoClient client = MongoClients.create(external.getConnectionString())) {
			return client.getDatabase("lowband").getCollection("probe").countDocuments();
		}
	}

}
