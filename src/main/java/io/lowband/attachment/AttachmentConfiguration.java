package io.lowband.attachment;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import me.desair.tus.server.TusFileUploadService;
import me.desair.tus.server.upload.UuidUploadIdFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * tus-java-server at {@link #UPLOADS}, with uploads in GridFS, locks in MongoDB, the size limit and the expiry of
 * unfinished uploads from {@link AttachmentSettings}. Concatenation (parallel parts) is switched off: one client
 * uploads one file in order, which is what resumes well on a weak link.
 */
@Configuration(proxyBeanMethods = false)
class AttachmentConfiguration {

	static final String UPLOADS = "/api/uploads";

	private static final Logger log = LoggerFactory.getLogger(AttachmentConfiguration.class);

	@Bean
	TusFileUploadService tusUploads(MongoTemplate mongo, UploadFiles files, AttachmentSettings settings) {
		UuidUploadIdFactory ids = new UuidUploadIdFactory();
		ids.setUploadUri(UPLOADS);
		return new TusFileUploadService().withUploadIdFactory(ids)
			.withUploadStorageService(new GridFsUploadStorage(mongo, files, ids, settings.thumbnailSize()))
			.withUploadLockingService(new UploadLocks(mongo, ids))
			.withUploadUri(UPLOADS)
			.withMaxUploadSize(settings.maxSize().toBytes())
			.withUploadExpirationPeriod(settings.unfinishedExpiry().toMillis())
			.disableTusExtension("concatenation");
	}

	/** Removes expired unfinished uploads and stale locks now and then, on a thread of its own. */
	@Bean(destroyMethod = "shutdownNow")
	ScheduledExecutorService uploadCleanup(TusFileUploadService uploads, AttachmentSettings settings) {
		ScheduledExecutorService cleanup = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "lowband-upload-cleanup");
			thread.setDaemon(true);
			return thread;
		});
		long every = settings.cleanupInterval().toMillis();
		cleanup.scheduleWithFixedDelay(() -> {
			try {
				uploads.cleanup();
			}
			catch (IOException | RuntimeException ex) {
				log.warn("Could not remove expired uploads: {}", ex.toString());
			}
		}, every, every, TimeUnit.MILLISECONDS);
		return cleanup;
	}

}
