package io.lowband.broker;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.lowband.broker.ConnectVerdict.Admitted;
import io.lowband.broker.ConnectVerdict.Refused;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's CONNECT, checked for {@link EdgeGate} off the network threads ({@link Admissions}): a refused
 * client is answered here and never reaches Moquette, so it cannot take over another user's session, and wrong
 * passwords slow nobody else down; an admitted one is handed to Moquette as its {@link ClientTerms} state it, and
 * its connection closes when the access token it signed in with expires. Used only on the channel's event loop.
 */
final class ConnectCheck {

	private static final Logger log = LoggerFactory.getLogger(ConnectCheck.class);

	private final Admissions admissions;

	private ScheduledFuture<?> expiry;

	ConnectCheck(Admissions admissions) {
		this.admissions = admissions;
	}

	/** @param terms what an MQTT 5 client is granted; null for MQTT 3.1.1 */
	void start(ChannelHandlerContext ctx, MqttConnectMessage connect, ClientTerms terms, TopicGate topics) {
		String username = connect.variableHeader().hasUserName() ? connect.payload().userName() : null;
		byte[] password = connect.variableHeader().hasPassword() ? connect.payload().passwordInBytes() : null;
		String clientId = (connect.payload().clientIdentifier() == null) ? "" : connect.payload().clientIdentifier();
		ConnectAttempt attempt = new ConnectAttempt(clientId, username, password, address(ctx, admissions));
		topics.identify(admissions.isServer(username, password), terms != null);
		admissions.decide(attempt)
			.whenComplete((verdict, failure) -> ctx.executor()
				.execute(() -> decided(ctx, connect, attempt, terms, (failure == null) ? verdict : failed(failure))));
	}

	void cancel() {
		if (expiry != null) {
			expiry.cancel(false);
		}
	}

	private void decided(ChannelHandlerContext ctx, MqttConnectMessage connect, ConnectAttempt attempt,
			ClientTerms terms, ConnectVerdict verdict) {
		if (!ctx.channel().isActive()) {
			ReferenceCountUtil.release(connect);
			return;
		}
		boolean mqtt5 = terms != null;
		if (verdict instanceof Refused refused) {
			ReferenceCountUtil.release(connect);
			ctx.writeAndFlush(ConnectRefusals.connAck(refused, mqtt5)).addListener((f) -> ctx.close());
			return;
		}
		Admitted admitted = (Admitted) verdict;
		if (admitted.credentialId() != null) {
			admissions.track(admitted.credentialId(), ctx.channel());
		}
		if (admitted.validUntil() != null) {
			long millis = Math.max(0, Duration.between(Instant.now(), admitted.validUntil()).toMillis());
			expiry = ctx.executor().schedule(() -> {
				ctx.close();
			}, millis, TimeUnit.MILLISECONDS);
		}
		if (!connect.variableHeader().isCleanSession() && !attempt.clientId().isEmpty()) {
			MoquetteInternals.readyForResume(ctx.channel(), attempt.clientId(), !mqtt5);
		}
		MqttConnectMessage stated = mqtt5 ? terms.stated(connect) : connect;
		Admissions.passToBroker(attempt.username(), () -> ctx.fireChannelRead(stated));
	}

	private static ConnectVerdict failed(Throwable failure) {
		log.warn("Could not check a CONNECT: {}", failure.toString());
		return new Refused(ConnectVerdict.Refusal.UNAVAILABLE);
	}

	/** The client's address, the real one behind Lowband's own WebSocket proxy ({@link ProxiedClients}). */
	private static String address(ChannelHandlerContext ctx, Admissions admissions) {
		return (admissions.proxied().behind(ctx.channel().remoteAddress()) instanceof InetSocketAddress socket
				&& socket.getAddress() != null)
				? socket.getAddress().getHostAddress() : null;
	}

}
