package io.lowband.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between a client and the broker that the test can cut, like a phone losing its signal: both sides
 * see the connection reset, and nobody sends DISCONNECT.
 */
final class CuttableLink implements AutoCloseable {

	private final ServerSocket listener;

	private final int brokerPort;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private CuttableLink(ServerSocket listener, int brokerPort) {
		this.listener = listener;
		this.brokerPort = brokerPort;
	}

	static CuttableLink to(int brokerPort) {
		try {
			CuttableLink link = new CuttableLink(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), brokerPort);
			start(link::acceptLoop);
			return link;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int port() {
		return listener.getLocalPort();
	}

	/** Resets every connection through the link. */
	void cut() {
		for (Socket socket : sockets) {
			try {
				socket.setSoLinger(true, 0);
				socket.close();
			}
			catch (IOException ex) {
				// Already gone.
			}
		}
	}

	@Override
	public void close() throws IOException {
		listener.close();
		cut();
	}

	private void acceptLoop() {
		while (!listener.isClosed()) {
			try {
				Socket client = listener.accept();
				Socket broker = new Socket(InetAddress.getLoopbackAddress(), brokerPort);
				sockets.add(client);
				sockets.add(broker);
				start(() -> pump(client, broker));
				start(() -> pump(broker, client));
			}
			catch (IOException ex) {
				// The listener was closed, or the broker refused: the client sees its connection fail.
			}
		}
	}

	private static void pump(Socket from, Socket to) {
		byte[] buffer = new byte[8192];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) >= 0) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// Cut, or one side went away; closing both streams passes that on.
		}
	}

	private static void start(Runnable task) {
		Thread thread = new Thread(task, "cuttable-link");
		thread.setDaemon(true);
		thread.start();
	}

}
