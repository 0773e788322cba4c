package io.lowband.store;

import com.mongodb.ConnectionString;

/**
 * Where the store is, and the embedded server when Lowband runs one. Closing it stops the embedded server.
 */
final class StoreConnection implements AutoCloseable {

	private final ConnectionString connectionString;

	private final EmbeddedStore embedded;

	private StoreConnection(ConnectionString connectionString, EmbeddedStore embedded) {
		this.connectionString = connectionString;
		this.embedded = embedded;
	}

	static StoreConnection external(ConnectionString uri, String defaultDatabase) {
		if (uri.getDatabase() != null) {
			return new StoreConnection(uri, null);
		}
		// Keep the URI as given (credentials, options) and only add the database Lowband uses.
		String text = uri.getConnectionString();
		int query = text.indexOf('?');
		int hostsEnd = (query < 0) ? text.length() : query;
		String base = text.substring(0, hostsEnd);
		String withDb = (base.endsWith("/") ? base : base + "/") + defaultDatabase + text.substring(hostsEnd);
		return new StoreConnection(new ConnectionString(withDb), null);
	}

	static StoreConnection embedded(EmbeddedStore store, String database) {
		return new StoreConnection(new ConnectionString(store.connectionString(database)), store);
	}

	ConnectionString connectionString() {
		return connectionString;
	}

	String database() {
		return connectionString.getDatabase();
	}

	boolean isEmbedded() {
		return embedded != null;
	}

	/** Hosts and database, never credentials, for logs and health details. */
	String describe() {
		String where = String.join(",", connectionString.getHosts()) + "/" + database();
		return isEmbedded() ? where + ", file " + embedded.file() : where;
	}

	@Override
	public void close() {
		if (embedded != null) {
			embedded.close();
		}
	}

}
