package io.lowband.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.wire.BsonConstants;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * Keys and values of the document and index maps, written as BSON with mongo-java-server's own codec. H2's
 * default type writes them with Java serialization, a fresh {@code ObjectOutputStream} per value, and compares
 * index keys ({@link KeyValue}, which is not {@code Comparable}) by serializing both sides on every step of a
 * B-tree search: that, not MongoDB's model, was most of the cost of a write.
 * <p>
 * A value is one BSON type byte and the BSON body of that type. The two values the backend keeps that BSON has no
 * type for get a byte BSON does not use: an index key (its parts, each a value) and {@link Missing} (how H2's
 * backend keyed a document without {@code _id}, met when a file is converted). Keys sort as MongoDB sorts values,
 * which is also what makes two index keys equal.
 */
final class BsonValueType extends BasicDataType<Object> {

	static final BsonValueType INSTANCE = new BsonValueType();

	private static final byte MISSING = 0x70;

	private static final byte INDEX_KEY = 0x71;

	private static final int KEPT_SCRATCH_BYTES = 1 << 20;

	/** The store writes pages from one thread at a time, but not always the same one. */
	private static final ThreadLocal<ByteBuf> SCRATCH = ThreadLocal.withInitial(() -> Unpooled.buffer(4096));

	private BsonValueType() {
	}

	@Override
	public void write(WriteBuffer buff, Object value) {
		if (value instanceof KeyValue key) {
			buff.put(INDEX_KEY).putVarInt(key.size());
			for (Object part : key) {
				write(buff, part);
			}
		}
		else if (value instanceof Missing) {
			buff.put(MISSING);
		}
		// Index keys and positions are mostly strings and numbers: written here directly, as BSON writes them
		// (little-endian), without the detour through a Netty buffer.
		else if (value instanceof String text) {
			byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
			buff.put(BsonConstants.TYPE_UTF8_STRING).putInt(Integer.reverseBytes(utf8.length + 1));
			buff.put(utf8).put((byte) 0);
		}
		else if (value instanceof Long number) {
			buff.put(BsonConstants.TYPE_INT64).putLong(Long.reverseBytes(number));
		}
		else if (value instanceof Double number) {
			buff.put(BsonConstants.TYPE_DOUBLE).putLong(Long.reverseBytes(Double.doubleToRawLongBits(number)));
		}
		else {
			byte type = BsonEncoder.determineType(value);
			ByteBuf body = encodeInScratch(type, value);
			buff.put(type).put(body.array(), body.arrayOffset(), body.readableBytes());
			doneWithScratch(body);
		}
	}

	/**
	 * The BSON body of a value, in this thread's scratch buffer: valid until {@link #doneWithScratch}, which the
	 * caller owes once it has copied the bytes out.
	 */
	static ByteBuf encodeInScratch(byte type, Object value) {
		ByteBuf body = SCRATCH.get().clear();
		BsonEncoder.encodeValue(type, value, body);
		return body;
	}

	/** Lets a scratch buffer that an unusually large value grew go, rather than keep it for the thread's life. */
	static void doneWithScratch(ByteBuf body) {
		if (body.capacity() > KEPT_SCRATCH_BYTES) {
			SCRATCH.remove();
		}
	}

	@Override
	public Object read(ByteBuffer buff) {
		byte type = buff.get();
		if (type == INDEX_KEY) {
			Object[] parts = new Object[DataUtils.readVarInt(buff)];
			for (int i = 0; i < parts.length; i++) {
				parts[i] = read(buff);
			}
			return new KeyValue(parts);
		}
		if (type == MISSING) {
			return Missing.getInstance();
		}
		if (type == BsonConstants.TYPE_UTF8_STRING) {
			byte[] utf8 = new byte[Integer.reverseBytes(buff.getInt()) - 1];
			buff.get(utf8).get();
			return new String(utf8, StandardCharsets.UTF_8);
		}
		if (type == BsonConstants.TYPE_INT64) {
			return Long.reverseBytes(buff.getLong());
		}
		ByteBuf body = Unpooled.wrappedBuffer(buff);
		Object value = BsonDecoder.decodeValue(type, body);
		buff.position(buff.position() + body.readerIndex());
		return value;
	}

	@Override
	public int compare(Object a, Object b) {
		// The same order as ValueComparator gives two strings or two longs, without its type ranking.
		if (a instanceof String left && b instanceof String right) {
			return left.compareTo(right);
		}
		if (a instanceof Long left && b instanceof Long right) {
			return Long.compare(left, right);
		}
		if (a instanceof KeyValue left && b instanceof KeyValue right) {
			int common = Math.min(left.size(), right.size());
			for (int i = 0; i < common; i++) {
				int order = compare(left.get(i), right.get(i));
				if (order != 0) {
					return order;
				}
			}
			return Integer.compare(left.size(), right.size());
		}
		return ValueComparator.ascWithoutListHandling().compare(a, b);
	}

	/** Roughly the heap a value takes; the store uses it to split pages and size its cache, not to encode. */
	@Override
	public int getMemory(Object value) {
		return estimate(value);
	}

	@Override
	public Object[] createStorage(int size) {
		return new Object[size];
	}

	private static int estimate(Object value) {
		if (value instanceof String text) {
			return 24 + text.length();
		}
		if (value instanceof Map<?, ?> document) {
			int size = 64;
			for (Map.Entry<?, ?> field : document.entrySet()) {
				size += 32 + estimate(field.getKey()) + estimate(field.getValue());
			}
			return size;
		}
		if (value instanceof Collection<?> array) {
			int size = 32;
			for (Object element : array) {
				size += 8 + estimate(element);
			}
			return size;
		}
		if (value instanceof KeyValue key) {
			int size = 32;
			for (Object part : key) {
				size += 8 + estimate(part);
			}
			return size;
		}
		return 24;
	}

}
