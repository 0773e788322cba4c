package io.lowband.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.lowband.testing.WeakLink.Conditions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The weak link itself, in front of a small echo server: it delays, keeps order, caps bandwidth, stalls, cuts and
 * silences as its tests elsewhere assume. Timings are asserted only as lower bounds the link guarantees.
 */
class WeakLinkTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private EchoServer echo;

	@BeforeEach
	void startEcho() throws IOException {
		echo = new EchoServer();
	}

	@AfterEach
	void stopEcho() throws IOException {
		echo.close();
	}

	@Test
	void aRoundTripTakesAtLeastTheLatencyBothWays() throws IOException {
		try (WeakLink link = WeakLink.to(echo.port(), new Conditions(Duration.ofMillis(150), Duration.ZERO, 0), 1);
				Socket socket = connect(link)) {
			long start = System.nanoTime();
			socket.getOutputStream().write(42);
			assertThat(socket.getInputStream().read()).isEqualTo(42);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		}
	}

	@Test
	void bytesArriveWholeAndInOrderWhateverTheJitter() throws Exception {
		byte[] sent = new byte[300_000];
		new Random(7).nextBytes(sent);
		// Jitter as large as the latency would reorder chunks if the link let a later one overtake.
		try (WeakLink link = WeakLink.to(echo.port(), new Conditions(Duration.ofMillis(20), Duration.ofMillis(20), 0), 3);
				Socket socket = connect(link)) {
			Thread writer = new Thread(() -> writeInSmallPieces(socket, sent));
			writer.start();
			byte[] received = socket.getInputStream().readNBytes(sent.length);
			writer.join();
			assertThat(received).isEqualTo(sent);
			// The link counts a piece just after writing it, so the reader may have it a moment before the count.
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				assertThat(link.bytesUp()).isEqualTo(sent.length);
				assertThat(link.bytesDown()).isEqualTo(sent.length);
			});
		}
	}

	@Test
	void theBandwidthCapSpreadsALargeTransferOverTime() throws IOException {
		byte[] sent = new byte[48_000];
		// 256 kbit/s is 32,000 bytes a second each way; the bucket lets at most 1 KiB through at once.
		try (WeakLink link = WeakLink.to(echo.port(), new Conditions(Duration.ZERO, Duration.ZERO, 256_000), 1);
				Socket socket = connect(link)) {
			long start = System.nanoTime();
			socket.getOutputStream().write(sent);
			socket.getInputStream().readNBytes(sent.length);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
		}
	}

	@Test
	void aStallHoldsBytesBackAndLosesNone() throws IOException {
		try (WeakLink link = WeakLink.to(echo.port(), Conditions.NONE, 1); Socket socket = connect(link)) {
			socket.getOutputStream().write("before".getBytes());
			assertThat(new String(socket.getInputStream().readNBytes(6))).isEqualTo("before");

			link.stall(Duration.ofSeconds(2));
			socket.getOutputStream().write("during".getBytes());
			socket.setSoTimeout(500);
			assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);

			socket.setSoTimeout((int) WAIT.toMillis());
			assertThat(new String(socket.getInputStream().readNBytes(6))).isEqualTo("during");
		}
	}

	@Test
	void aCutResetsBothEndsAndTheLinkCarriesNewConnections() throws Exception {
		try (WeakLink link = WeakLink.to(echo.port(), Conditions.NONE, 1); Socket socket = connect(link)) {
			socket.getOutputStream().write(1);
			assertThat(socket.getInputStream().read()).isEqualTo(1);
			Socket serverSide = echo.nextAccepted();

			link.cut();

			assertThat(endOfStreamOrReset(socket)).isTrue();
			await().atMost(WAIT).until(() -> echo.hasEnded(serverSide));
			assertThat(link.openConnections()).isZero();
			try (Socket again = connect(link)) {
				again.getOutputStream().write(2);
				assertThat(again.getInputStream().read()).isEqualTo(2);
			}
		}
	}

	@Test
	void duringAnOutageNewConnectionsAreResetAtOnce() throws Exception {
		try (WeakLink link = WeakLink.to(echo.port(), Conditions.NONE, 1)) {
			link.cut(Duration.ofSeconds(30));
			try (Socket refused = connect(link)) {
				assertThat(endOfStreamOrReset(refused)).isTrue();
			}
			assertThat(link.connectionsAccepted()).isZero();
		}
	}

	@Test
	void aSilencedConnectionCarriesNothingAndHidesEachEndsDeparture() throws Exception {
		try (WeakLink link = WeakLink.to(echo.port(), Conditions.NONE, 1)) {
			Socket socket = connect(link);
			socket.getOutputStream().write(1);
			assertThat(socket.getInputStream().read()).isEqualTo(1);
			Socket serverSide = echo.nextAccepted();

			link.silence();
			socket.getOutputStream().write(2);
			socket.setSoTimeout(500);
			assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
			socket.close();

			// The server is never told: its connection stays open and quiet.
			await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> !echo.hasEnded(serverSide));
			assertThat(link.openConnections()).isOne();
			serverSide.close();
			await().atMost(WAIT).until(() -> link.openConnections() == 0);
		}
	}

	@Test
	void aClosedLinkLeavesNoThreadsBehind() throws Exception {
		WeakLink link = WeakLink.to(echo.port(), Conditions.THREE_G, 1);
		Socket first = connect(link);
		Socket second = connect(link);
		await().atMost(WAIT).until(() -> linkThreads(link) == 9);

		link.close();

		await().atMost(WAIT).until(() -> linkThreads(link) == 0);
		first.close();
		second.close();
	}

	private static long linkThreads(WeakLink link) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((t) -> t.isAlive() && (t.getName().startsWith("weak-link-" + link.port() + "-")
					|| t.getName().equals("weak-link-accept-" + link.port())))
			.count();
	}

	private static Socket connect(WeakLink link) throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), link.port());
		socket.setSoTimeout((int) WAIT.toMillis());
		return socket;
	}

	private static boolean endOfStreamOrReset(Socket socket) throws IOException {
		socket.setSoTimeout((int) WAIT.toMillis());
		try {
			return socket.getInputStream().read() == -1;
		}
		catch (SocketException ex) {
			return true;
		}
	}

	private static void writeInSmallPieces(Socket socket, byte[] bytes) {
		try {
			OutputStream out = socket.getOutputStream();
			Random sizes = new Random(11);
			for (int offset = 0; offset < bytes.length;) {
				int length = Math.min(1 + sizes.nextInt(3000), bytes.length - offset);
				out.write(bytes, offset, length);
				out.flush();
				offset += length;
				if (sizes.nextInt(10) == 0) {
					Thread.sleep(2);
				}
			}
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Sends back whatever it reads, on each connection, and lets the test see the sockets it accepted. */
	private static final class EchoServer implements AutoCloseable {

		private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

		private final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();

		private final Set<Socket> ended = ConcurrentHashMap.newKeySet();

		EchoServer() throws IOException {
			Thread acceptor = new Thread(this::acceptLoop, "echo-accept");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		int port() {
			return listener.getLocalPort();
		}

		/** The next connection the echo server accepted, which it keeps echoing on. */
		Socket nextAccepted() throws InterruptedException {
			Socket socket = accepted.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(socket).as("a connection reached the server").isNotNull();
			return socket;
		}

		/** Whether the server saw this connection end, by end of stream or reset. */
		boolean hasEnded(Socket socket) {
			return ended.contains(socket);
		}

		private void acceptLoop() {
			while (!listener.isClosed()) {
				try {
					Socket socket = listener.accept();
					accepted.add(socket);
					Thread pump = new Thread(() -> echo(socket), "echo");
					pump.setDaemon(true);
					pump.start();
				}
				catch (IOException ex) {
					// Closed.
				}
			}
		}

		private void echo(Socket socket) {
			byte[] buffer = new byte[8192];
			try {
				InputStream in = socket.getInputStream();
				OutputStream out = socket.getOutputStream();
				int read;
				while ((read = in.read(buffer)) >= 0) {
					out.write(buffer, 0, read);
				}
				socket.close();
			}
			catch (IOException ex) {
				// Reset by the link or closed by the test.
			}
			ended.add(socket);
		}

		@Override
		public void close() throws IOException {
			listener.close();
		}

	}

}
