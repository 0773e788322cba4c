package io.lowband.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.BsonConstants;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * A stored document as its BSON bytes, decoded only when it is read. H2 reads and writes a page of the document map
 * whole: with documents held decoded, reading one document decoded every document on its page, and every commit
 * encoded again each document of each page it rewrote. As bytes, a page read copies them and decodes the one asked
 * for, a commit copies them, and H2's cache holds several times as many documents in the same memory
 * (StoreBenchmark and StoreScaleBenchmark, docs/benchmarks.md). The bytes on disk are what {@link BsonValueType}
 * writes for a document (type byte, then the BSON document), so files written before need no conversion.
 */
final class EncodedDocument {

	/** The value type of the document maps. */
	static final BasicDataType<EncodedDocument> TYPE = new Type();

	private final byte[] bson;

	private EncodedDocument(byte[] bson) {
		this.bson = bson;
	}

	static EncodedDocument of(Document document) {
		ByteBuf body = BsonValueType.encodeInScratch(BsonConstants.TYPE_EMBEDDED_DOCUMENT, document);
		byte[] bson = new byte[body.readableBytes()];
		body.readBytes(bson);
		BsonValueType.doneWithScratch(body);
		return new EncodedDocument(bson);
	}

	/** The document a map holds at a position, or null where it holds none. */
	static Document decode(EncodedDocument stored) {
		return (stored != null) ? BsonDecoder.decodeBson(Unpooled.wrappedBuffer(stored.bson)) : null;
	}

	private static final class Type extends BasicDataType<EncodedDocument> {

		@Override
		public int getMemory(EncodedDocument document) {
			return 24 + document.bson.length;
		}

		@Override
		public void write(WriteBuffer buff, EncodedDocument document) {
			buff.put(BsonConstants.TYPE_EMBEDDED_DOCUMENT).put(document.bson);
		}

		@Override
		public EncodedDocument read(ByteBuffer buff) {
			byte type = buff.get();
			if (type != BsonConstants.TYPE_EMBEDDED_DOCUMENT) {
				throw new IllegalStateException("A document map holds a value of BSON type " + type
						+ " at byte " + (buff.position() - 1) + " of its page, not a document");
			}
			// A BSON document starts with its own length, that length included (little-endian).
			int length = buff.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt();
			byte[] bson = new byte[length];
			buff.get(bson);
			return new EncodedDocument(bson);
		}

		@Override
		public EncodedDocument[] createStorage(int size) {
			return new EncodedDocument[size];
		}

	}

}
