package io.lowband.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Free loopback ports for servers a test starts as separate processes, which cannot be told to take port 0. */
final class FreePorts {

	private FreePorts() {
	}

	/** {@code count} different free ports: all are held open together while they are picked. */
	static int[] take(int count) {
		ServerSocket[] sockets = new ServerSocket[count];
		try {
			int[] ports = new int[count];
			for (int i = 0; i < count; i++) {
				sockets[i] = new ServerSocket(0);
				ports[i] = sockets[i].getLocalPort();
			}
			return ports;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			for (ServerSocket socket : sockets) {
				closeQuietly(socket);
			}
		}
	}

	private static void closeQuietly(ServerSocket socket) {
		if (socket == null) {
			return;
		}
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Only picked, never used.
		}
	}

}
