package io.lowband.attachment;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import me.desair.tus.server.upload.UploadInfo;
import me.desair.tus.server.upload.UuidUploadIdFactory;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The upload store's rules without the app: bytes that arrived before a request broke are kept, the rest appends
 * to them, bytes the library takes back (a failed checksum) are cut from the end, and an expired unfinished upload
 * goes with its bytes. Against mongo-java-server in memory, through the driver, GridFS included.
 */
class GridFsUploadStorageTests {

	private MongoServer server;

	private MongoClient client;

	private MongoTemplate mongo;

	private GridFsUploadStorage storage;

	private UploadLocks locks;

	@BeforeEach
	void store() {
		server = new MongoServer(new H2Backend(new MVStore.Builder().open()));
		client = MongoClients.create(server.bindAndGetConnectionString());
		mongo = new MongoTemplate(client, "lowband");
		UuidUploadIdFactory ids = new UuidUploadIdFactory();
		ids.setUploadUri("/api/uploads");
		storage = new GridFsUploadStorage(mongo, new UploadFiles(mongo), ids, 64);
		storage.setMaxUploadSize(1_000_000L);
		storage.setUploadExpirationPeriod(60_000L);
		locks = new UploadLocks(mongo, ids);
	}

	@AfterEach
	void stop() {
		client.close();
		server.shutdownNow();
	}

	@Test
	void bytesBeforeABreakAreKeptAndTheRestAppendsToThem() throws Exception {
		byte[] file = bytes(300_000);
		UploadInfo info = storage.create(newUpload(file.length), "alice");

		assertThatThrownBy(() -> storage.append(info, breaksAfter(file, 120_000))).isInstanceOf(IOException.class);
		UploadInfo resumed = storage.getUploadInfo("/api/uploads/" + info.getId(), "alice");
		assertThat(resumed.getOffset()).isEqualTo(120_000);
		assertThat(storage.getUploadInfo("/api/uploads/" + info.getId(), "bob")).as("someone else's").isNull();

		storage.append(resumed, new ByteArrayInputStream(Arrays.copyOfRange(file, 120_000, file.length)));
		assertThat(read(storage.getUploadedBytes(info.getId()))).isEqualTo(file);
		Upload stored = mongo.findById(info.getId().toString(), Upload.class);
		assertThat(stored.complete()).isTrue();
		assertThat(stored.name()).isEqualTo("notes.bin");
		assertThat(stored.segments()).isEmpty();
	}

	@Test
	void bytesTakenBackAreCutFromTheEndAcrossSegments() throws Exception {
		byte[] file = bytes(3_000);
		UploadInfo info = storage.create(newUpload(file.length), "alice");
		storage.append(info, new ByteArrayInputStream(Arrays.copyOf(file, 1_000)));
		storage.append(info, new ByteArrayInputStream(Arrays.copyOfRange(file, 1_000, 1_500)));

		storage.removeLastNumberOfBytes(info, 700);

		assertThat(info.getOffset()).isEqualTo(800);
		assertThat(storage.getUploadInfo(info.getId()).getOffset()).isEqualTo(800);
		assertThat(read(storage.getUploadedBytes(info.getId()))).isEqualTo(Arrays.copyOf(file, 800));
		storage.append(info, new ByteArrayInputStream(Arrays.copyOfRange(file, 800, file.length)));
		assertThat(read(storage.getUploadedBytes(info.getId()))).isEqualTo(file);
	}

	@Test
	void anExpiredUnfinishedUploadIsRemovedWithItsBytesAndAFinishedOneStays() throws Exception {
		UploadInfo finished = storage.create(newUpload(10), "alice");
		storage.append(finished, new ByteArrayInputStream(bytes(10)));
		storage.setUploadExpirationPeriod(-1L); // expired as soon as made
		UploadInfo unfinished = storage.create(newUpload(10), "alice");
		storage.append(unfinished, new ByteArrayInputStream(bytes(5)));
		assertThat(storage.getUploadInfo(unfinished.getId())).as("expired: gone for clients at once").isNull();

		storage.cleanupExpiredUploads(locks);

		assertThat(mongo.findById(unfinished.getId().toString(), Upload.class)).isNull();
		assertThat(mongo.getCollection(UploadFiles.BUCKET + ".files").countDocuments()).isEqualTo(1);
		assertThat(read(storage.getUploadedBytes(finished.getId()))).hasSize(10);
	}

	private static UploadInfo newUpload(long length) {
		UploadInfo info = new UploadInfo();
		info.setLength(length);
		info.setEncodedMetadata("filename " + Base64.getEncoder().encodeToString("notes.bin".getBytes(StandardCharsets.UTF_8)));
		return info;
	}

	/** The file's first {@code count} bytes, then a broken connection. */
	private static InputStream breaksAfter(byte[] file, int count) {
		return new InputStream() {

			private int position;

			@Override
			public int read() throws IOException {
				if (position == count) {
					throw new IOException("Connection reset");
				}
				return file[position++] & 0xff;
			}

		};
	}

	private static byte[] read(InputStream in) throws IOException {
		try (in) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			in.transferTo(out);
			return out.toByteArray();
		}
	}

	private static byte[] bytes(int length) {
		byte[] bytes = new byte[length];
		new Random(length).nextBytes(bytes);
		return bytes;
	}

}
