package io.lowband.broker;

import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.util.ReferenceCountUtil;

/**
 * A DISCONNECT with a reason code, and the close a second later. Closed at once, the socket answers what the client
 * still sends (a PUBREL for an earlier PUBREC, say) with a reset, and the client's next send fails before it has
 * read why it was disconnected. Meanwhile the handler that said farewell drops what arrives and what would be sent
 * after the DISCONNECT [MQTT-3.14.4-1]. One per handler and connection, used only on the channel's event loop.
 */
final class Farewell {

	private static final long CLOSE_AFTER_MILLIS = 1000;

	private final BadInput badInput;

	private boolean said;

	Farewell(BadInput badInput) {
		this.badInput = badInput;
	}

	boolean said() {
		return said;
	}

	void say(ChannelHandlerContext ctx, byte reasonCode, BadInput.Kind kind, String why) {
		said = true;
		ctx.writeAndFlush(MqttMessageBuilders.disconnect().reasonCode(reasonCode).build());
		ctx.executor()
			.schedule(() -> badInput.closing(ctx.channel(), kind, why), CLOSE_AFTER_MILLIS, TimeUnit.MILLISECONDS);
	}

	/** What would have followed the DISCONNECT, written as if sent. */
	static void drop(Object msg, ChannelPromise promise) {
		ReferenceCountUtil.release(msg);
		promise.trySuccess();
	}

}
