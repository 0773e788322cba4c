package io.lowband.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A TCP proxy on loopback that behaves like a poor mobile link in front of a server of this machine. Each direction
 * adds latency with jitter and is capped in bandwidth. The test can also <em>stall</em> the link (bytes wait, none
 * are lost), <em>cut</em> it (every connection is reset at both ends at once and what was in flight is lost, as when
 * a phone loses its signal: nobody says DISCONNECT), or <em>silence</em> it (the connections stay open but carry
 * nothing more, and neither end hears of the other closing: a dead link that both ends still believe in).
 * <p>
 * Latency applies to bytes, not to setting a connection up: the proxy accepts at once and connects to the target at
 * once, so a connect costs no round trip of its own (MQTT's CONNECT and CONNACK still cross the link as bytes).
 * Bytes of one connection keep their order. Each connection runs four daemon threads (a reader and a writer per
 * direction) that end with it; a direction holds at most {@value #MAX_CHUNKS} chunks of {@value #CHUNK} bytes, and
 * then stops reading, so a slow link slows the sender as TCP would.
 */
public final class WeakLink implements AutoCloseable {

	static final int CHUNK = 4096;

	static final int MAX_CHUNKS = 64;

	/** Written in pieces of this size, so the bandwidth cap spreads a large chunk over time. */
	private static final int PIECE = 512;

	private static final long POLL_MILLIS = 50;

	private final ServerSocket listener;

	private final int targetPort;

	private final Conditions conditions;

	private final Random random;

	private final Throttle upThrottle;

	private final Throttle downThrottle;

	private final LongAdder bytesUp = new LongAdder();

	private final LongAdder bytesDown = new LongAdder();

	private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

	private final AtomicInteger accepted = new AtomicInteger();

	private final AtomicInteger cuts = new AtomicInteger();

	private final AtomicInteger stalls = new AtomicInteger();

	private final AtomicInteger silences = new AtomicInteger();

	private volatile long stalledUntil = System.nanoTime();

	private volatile long downUntil = System.nanoTime();

	private volatile boolean closed;

	private WeakLink(ServerSocket listener, int targetPort, Conditions conditions, long seed) {
		this.listener = listener;
		this.targetPort = targetPort;
		this.conditions = conditions;
		this.random = new Random(seed);
		this.upThrottle = new Throttle(conditions.bitsPerSecond());
		this.downThrottle = new Throttle(conditions.bitsPerSecond());
	}

	/** A link to {@code targetPort} on loopback; {@code seed} makes the jitter repeatable. */
	public static WeakLink to(int targetPort, Conditions conditions, long seed) {
		try {
			WeakLink link = new WeakLink(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort,
					conditions, seed);
			daemon("weak-link-accept-" + link.port(), link::acceptLoop);
			return link;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Where clients connect instead of the target. */
	public int port() {
		return listener.getLocalPort();
	}

	/** Holds every byte, both ways, for this long; then what waited goes on, in order, at the capped rate. */
	public void stall(Duration pause) {
		stalls.incrementAndGet();
		stalledUntil = Math.max(stalledUntil, System.nanoTime() + pause.toNanos());
	}

	/** Resets every open connection at both ends; bytes still in the link are lost. */
	public void cut() {
		cut(Duration.ZERO);
	}

	/** Resets every open connection, and resets new ones at once until {@code outage} has passed. */
	public void cut(Duration outage) {
		cuts.incrementAndGet();
		downUntil = System.nanoTime() + outage.toNanos();
		connections.stream().filter((c) -> !c.silenced).forEach(Connection::abort);
	}

	/**
	 * The open connections carry nothing more, either way, and stay open at each end until that end closes its own
	 * socket, which the other end never hears of. New connections work normally.
	 */
	public void silence() {
		silences.incrementAndGet();
		connections.forEach(Connection::silence);
	}

	/** Bytes delivered from clients to the target. */
	public long bytesUp() {
		return bytesUp.sum();
	}

	/** Bytes delivered from the target to clients. */
	public long bytesDown() {
		return bytesDown.sum();
	}

	public int connectionsAccepted() {
		return accepted.get();
	}

	/** Connections currently open, silenced ones included. */
	public int openConnections() {
		return connections.size();
	}

	/** How often the link was stalled, cut and silenced. */
	public String troubles() {
		return stalls.get() + " stalls, " + cuts.get() + " cuts, " + silences.get() + " silences";
	}

	public int cuts() {
		return cuts.get();
	}

	@Override
	public void close() {
		closed = true;
		try {
			listener.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
		connections.forEach(Connection::abort);
	}

	private void acceptLoop() {
		while (!closed) {
			try {
				Socket client = listener.accept();
				if (System.nanoTime() - downUntil < 0) {
					reset(client);
					continue;
				}
				Socket server;
				try {
					server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
				}
				catch (IOException ex) {
					reset(client);
					continue;
				}
				client.setTcpNoDelay(true);
				server.setTcpNoDelay(true);
				accepted.incrementAndGet();
				Connection connection = new Connection(client, server);
				connections.add(connection);
				connection.start();
			}
			catch (IOException ex) {
				// The listener was closed.
			}
		}
	}

	private long delayNanos() {
		long latency = conditions.latency().toNanos();
		long jitter = conditions.jitter().toNanos();
		return Math.max(0, latency + ((jitter > 0) ? random.nextLong(-jitter, jitter + 1) : 0));
	}

	private static void reset(Socket socket) {
		try {
			socket.setSoLinger(true, 0);
			socket.close();
		}
		catch (IOException ex) {
			// Already gone.
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Already gone.
		}
	}

	private static void daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * How the link behaves in each direction.
	 *
	 * @param bitsPerSecond the bandwidth cap, 0 for none
	 */
	public record Conditions(Duration latency, Duration jitter, long bitsPerSecond) {

		/** Nothing added: a pass-through that counts bytes. */
		public static final Conditions NONE = new Conditions(Duration.ZERO, Duration.ZERO, 0);

		/** Like 3G with a fair signal: 300 ms ± 50 ms and 256 kbit/s, each way. */
		public static final Conditions THREE_G = new Conditions(Duration.ofMillis(300), Duration.ofMillis(50), 256_000);

		@Override
		public String toString() {
			return latency.toMillis() + " ms ± " + jitter.toMillis() + " ms each way, "
					+ ((bitsPerSecond == 0) ? "no bandwidth cap" : (bitsPerSecond / 1000) + " kbit/s each way");
		}

	}

	/** Bytes read at one end, and when the link may deliver them; {@code bytes == null} is the end of the stream. */
	private record Chunk(byte[] bytes, long due) {
	}

	private final class Connection {

		private final Socket client;

		private final Socket server;

		private final AtomicInteger openDirections = new AtomicInteger(2);

		private volatile boolean aborted;

		private volatile boolean silenced;

		Connection(Socket client, Socket server) {
			this.client = client;
			this.server = server;
		}

		void start() {
			String name = "weak-link-" + port() + "-" + server.getLocalPort();
			direction(client, server, upThrottle, bytesUp, name + "-up");
			direction(server, client, downThrottle, bytesDown, name + "-down");
		}

		private void direction(Socket from, Socket to, Throttle throttle, LongAdder delivered, String name) {
			BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(MAX_CHUNKS);
			daemon(name + "-read", () -> read(from, queue));
			daemon(name + "-write", () -> write(queue, to, throttle, delivered));
		}

		void abort() {
			aborted = true;
			connections.remove(this);
			reset(client);
			reset(server);
		}

		void silence() {
			silenced = true;
		}

		private void read(Socket from, BlockingQueue<Chunk> queue) {
			byte[] buffer = new byte[CHUNK];
			long due = 0;
			try {
				InputStream in = from.getInputStream();
				int read;
				while ((read = in.read(buffer)) >= 0) {
					// Later bytes never overtake earlier ones, whatever the jitter.
					due = Math.max(due, System.nanoTime() + delayNanos());
					if (!silenced && !offer(queue, new Chunk(Arrays.copyOf(buffer, read), due))) {
						return;
					}
				}
				if (!silenced) {
					offer(queue, new Chunk(null, Math.max(due, System.nanoTime() + delayNanos())));
				}
			}
			catch (IOException ex) {
				if (!silenced) {
					abort();
				}
			}
			catch (InterruptedException ex) {
				abort();
			}
			if (silenced) {
				// This end went away; the other end must not hear of it.
				closeQuietly(from);
				if (client.isClosed() && server.isClosed()) {
					connections.remove(this);
				}
			}
		}

		/** Waits for room in the queue; false when the connection ended meanwhile. */
		private boolean offer(BlockingQueue<Chunk> queue, Chunk chunk) throws InterruptedException {
			while (!queue.offer(chunk, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
				if (aborted || silenced) {
					return false;
				}
			}
			return true;
		}

		private void write(BlockingQueue<Chunk> queue, Socket to, Throttle throttle, LongAdder delivered) {
			try {
				OutputStream out = to.getOutputStream();
				while (true) {
					Chunk chunk = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
					if (chunk != null) {
						waitUntil(chunk.due());
						waitWhileStalled();
					}
					if (aborted || silenced) {
						return;
					}
					if (chunk != null && chunk.bytes() == null) {
						endDirection(to);
						return;
					}
					if (chunk != null) {
						for (int offset = 0; offset < chunk.bytes().length; offset += PIECE) {
							int length = Math.min(PIECE, chunk.bytes().length - offset);
							throttle.take(length);
							out.write(chunk.bytes(), offset, length);
							out.flush();
							delivered.add(length);
						}
					}
				}
			}
			catch (IOException ex) {
				if (!silenced) {
					abort();
				}
			}
			catch (InterruptedException ex) {
				abort();
			}
		}

		/** Passes an orderly end of stream on; once both directions ended, the connection is done. */
		private void endDirection(Socket to) throws IOException {
			to.shutdownOutput();
			if (openDirections.decrementAndGet() == 0) {
				connections.remove(this);
				closeQuietly(client);
				closeQuietly(server);
			}
		}

		private void waitUntil(long due) throws InterruptedException {
			long left;
			while (!aborted && !silenced && (left = due - System.nanoTime()) > 0) {
				TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)));
			}
		}

		private void waitWhileStalled() throws InterruptedException {
			long left;
			while (!aborted && !silenced && (left = stalledUntil - System.nanoTime()) > 0) {
				TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)));
			}
		}

	}

	/**
	 * A token bucket shared by every connection's direction of the link: a writer may run into debt, and then
	 * sleeps until the bucket has paid it back, so writers queue up behind each other at the capped rate.
	 */
	private static final class Throttle {

		private static final double BURST_BYTES = 2 * PIECE;

		private final double bytesPerNano;

		private double tokens = BURST_BYTES;

		private long refilledAt = System.nanoTime();

		Throttle(long bitsPerSecond) {
			this.bytesPerNano = bitsPerSecond / 8.0 / TimeUnit.SECONDS.toNanos(1);
		}

		void take(int bytes) throws InterruptedException {
			if (bytesPerNano == 0) {
				return;
			}
			long waitNanos;
			synchronized (this) {
				long now = System.nanoTime();
				tokens = Math.min(BURST_BYTES, tokens + (now - refilledAt) * bytesPerNano);
				refilledAt = now;
				tokens -= bytes;
				waitNanos = (tokens >= 0) ? 0 : (long) (-tokens / bytesPerNano);
			}
			if (waitNanos > 0) {
				TimeUnit.NANOSECONDS.sleep(waitNanos);
			}
		}

	}

}
