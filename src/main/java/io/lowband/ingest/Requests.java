package io.lowband.ingest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.lowband.chat.CatchUp;
import io.lowband.chat.ChatRejected;
import io.lowband.chat.History;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.DisposableBean;

/**
 * Requests a client makes over MQTT besides sending: catch-up ({@code users/{me}/sync}) and read markers
 * ({@code rooms/{roomId}/read/{me}}). The broker only lets a user publish on their own topics, so the username in
 * the topic is the requester. They are answered on threads of their own, never the writers' or the network's, with
 * a bounded queue: a storm of catch-ups from the start of a big room delays other catch-ups, never a send.
 * <p>
 * One catch-up per user runs at a time; a newer request replaces one still waiting (it names what the device holds
 * now). Bad requests are counted and dropped; they never stop the flow.
 */
class Requests implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(Requests.class);

	private final CatchUp catchUp;

	private final History history;

	private final ObjectMapper json;

	private final MeterRegistry meters;

	private final ThreadPoolExecutor executor;

	/** The newest catch-up request of each user that has not started yet. */
	private final ConcurrentMap<String, Map<String, Long>> waitingSyncs = new ConcurrentHashMap<>();

	/** Users with a catch-up task queued or running. */
	private final Set<String> syncing = ConcurrentHashMap.newKeySet();

	Requests(CatchUp catchUp, History history, ObjectMapper json, MeterRegistry meters, IngestSettings settings) {
		this.catchUp = catchUp;
		this.history = history;
		this.json = json;
		this.meters = meters;
		meters.counter("lowband.ingest.requests.dropped"); // shown as 0 from the start, not as missing
		AtomicInteger threads = new AtomicInteger();
		this.executor = new ThreadPoolExecutor(settings.requestThreads(), settings.requestThreads(), 1,
				TimeUnit.MINUTES, new ArrayBlockingQueue<>(settings.maxWaitingRequests()), (task) -> {
					Thread thread = new Thread(task, "lowband-requests-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
	}

	static boolean isRequest(String[] topic) {
		return isSync(topic) || isReadMark(topic);
	}

	/** Takes a request; never blocks, so it may be called on a network thread. */
	void accept(String topic, byte[] payload) {
		String[] t = topic.split("/", -1);
		try {
			JsonNode request = json.readTree(payload);
			if (isSync(t)) {
				meters.counter("lowband.catchup.requests").increment();
				syncLater(t[1], heldSeqs(request.get("rooms")));
			}
			else if (isReadMark(t) && request.path("seq").canConvertToLong()) {
				long seq = request.get("seq").asLong();
				run(() -> markRead(t[1], t[3], seq));
			}
			else {
				drop(topic, "unknown request");
			}
		}
		catch (JacksonException ex) {
			drop(topic, ex.getClass().getSimpleName());
		}
	}

	private void markRead(String roomId, String username, long seq) {
		try {
			history.markRead(roomId, username, seq);
		}
		catch (ChatRejected ex) {
			drop("rooms/" + roomId + "/read/" + username, ex.rejection().code());
		}
	}

	private void syncLater(String username, Map<String, Long> held) {
		waitingSyncs.put(username, held);
		scheduleSync(username);
	}

	private void scheduleSync(String username) {
		if (syncing.add(username) && !run(() -> syncAll(username))) {
			syncing.remove(username);
			waitingSyncs.remove(username);
		}
	}

	private void syncAll(String username) {
		try {
			Map<String, Long> held;
			while ((held = waitingSyncs.remove(username)) != null) {
				catchUp.sync(username, held);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Catch-up for {} failed: {}", username, ex.toString());
		}
		finally {
			syncing.remove(username);
			if (waitingSyncs.containsKey(username)) {
				// Arrived after the loop looked for the last time, before this task said it was done.
				scheduleSync(username);
			}
		}
	}

	private boolean run(Runnable task) {
		try {
			executor.execute(task);
			return true;
		}
		catch (RejectedExecutionException ex) {
			meters.counter("lowband.ingest.requests.dropped").increment();
			log.debug("Dropped a request: {} are waiting already", executor.getQueue().size());
			return false;
		}
	}

	private static boolean isSync(String[] t) {
		return t.length == 3 && t[0].equals("users") && t[2].equals("sync") && !t[1].isEmpty();
	}

	private static boolean isReadMark(String[] t) {
		return t.length == 4 && t[0].equals("rooms") && t[2].equals("read") && !t[1].isEmpty() && !t[3].isEmpty();
	}

	private static Map<String, Long> heldSeqs(JsonNode rooms) {
		Map<String, Long> held = new LinkedHashMap<>();
		if (rooms != null && rooms.isObject()) {
			rooms.properties().forEach((e) -> {
				if (e.getValue().canConvertToLong()) {
					held.put(e.getKey(), e.getValue().asLong());
				}
			});
		}
		return held;
	}

	private void drop(String topic, String why) {
		meters.counter("lowband.ingest.rejected", "reason", "bad-request").increment();
		log.debug("Dropped a request on {}: {}", topic, why);
	}

	@Override
	public void destroy() {
		executor.shutdownNow();
	}

}
