package io.lowband.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on loopback that counts the bytes each way, so bytes on the wire are counted at the socket whatever
 * the client library does. Counts application bytes (MQTT or HTTP), not TCP/IP headers.
 */
final class CountingProxy implements AutoCloseable {

	private final ServerSocket listener;

	private final AtomicLong up = new AtomicLong();

	private final AtomicLong down = new AtomicLong();

	CountingProxy(int targetPort) throws IOException {
		listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(() -> accept(targetPort), "counting-proxy-" + targetPort);
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int port() {
		return listener.getLocalPort();
	}

	/** Bytes from the client to the server. */
	long up() {
		return up.get();
	}

	/** Bytes from the server to the client. */
	long down() {
		return down.get();
	}

	private void accept(int targetPort) {
		while (!listener.isClosed()) {
			try {
				Socket client = listener.accept();
				Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
				client.setTcpNoDelay(true);
				server.setTcpNoDelay(true);
				copy(client, server, up);
				copy(server, client, down);
			}
			catch (IOException ex) {
				// the listener closed, or the target refused one connection; the client sees it fail
			}
		}
	}

	private static void copy(Socket from, Socket to, AtomicLong counter) {
		Thread copier = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
					counter.addAndGet(n);
					out.write(buffer, 0, n);
					out.flush();
				}
			}
			catch (IOException ex) {
				// one side closed
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "counting-proxy-copy");
		copier.setDaemon(true);
		copier.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() throws IOException {
		listener.close();
	}

}
