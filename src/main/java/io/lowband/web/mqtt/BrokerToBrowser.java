package io.lowband.web.mqtt;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * Hands what the broker sends on one connection to its browser, and stops reading the broker while the browser is
 * behind: the broker then holds the rest, as it does for a slow TCP client.
 */
final class BrokerToBrowser extends ChannelInboundHandlerAdapter {

	/** Bytes waiting to go to the browser above which the broker connection is not read. */
	static final int PAUSE_ABOVE = 256 * 1024;

	private static final long RECHECK_MILLIS = 10;

	private final WebSocketSession browser;

	BrokerToBrowser(WebSocketSession browser) {
		this.browser = browser;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) throws IOException {
		ByteBuf bytes = (ByteBuf) msg;
		try {
			browser.sendMessage(new BinaryMessage(ByteBufUtil.getBytes(bytes)));
		}
		finally {
			bytes.release();
		}
		if (waiting() > PAUSE_ABOVE) {
			ctx.channel().config().setAutoRead(false);
			resumeWhenDrained(ctx);
		}
	}

	private void resumeWhenDrained(ChannelHandlerContext ctx) {
		ctx.executor().schedule(() -> {
			if (waiting() <= PAUSE_ABOVE / 2 || !browser.isOpen()) {
				ctx.channel().config().setAutoRead(true);
			}
			else {
				resumeWhenDrained(ctx);
			}
		}, RECHECK_MILLIS, TimeUnit.MILLISECONDS);
	}

	private int waiting() {
		return (browser instanceof ConcurrentWebSocketSessionDecorator buffered) ? buffered.getBufferSize() : 0;
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws IOException {
		// The broker closed the connection (DISCONNECT, a refused CONNECT, a protocol error): so does the socket.
		if (browser.isOpen()) {
			browser.close(CloseStatus.NORMAL);
		}
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		ctx.close();
	}

}
