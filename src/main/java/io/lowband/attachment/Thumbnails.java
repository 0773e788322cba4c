package io.lowband.attachment;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Small JPEG previews of images, with the JDK's ImageIO (PNG, JPEG, GIF, BMP), headless. The size is read before
 * the pixels, and large images are decoded at a fraction of their resolution, so a hostile file cannot take the
 * memory.
 */
final class Thumbnails {

	/** Larger images are not previewed at all (about 4 × 12,000 × 12,000 bytes decoded even when subsampled). */
	private static final long MAX_PIXELS = 150_000_000L;

	private Thumbnails() {
	}

	/** The preview, or null when the bytes are no image ImageIO can read. */
	static byte[] of(InputStream image, int maxSide) throws IOException {
		try (ImageInputStream in = ImageIO.createImageInputStream(image)) {
			Iterator<ImageReader> readers = (in != null) ? ImageIO.getImageReaders(in) : null;
			if (readers == null || !readers.hasNext()) {
				return null;
			}
			ImageReader reader = readers.next();
			try {
				reader.setInput(in, true, true);
				int width = reader.getWidth(0);
				int height = reader.getHeight(0);
				if ((long) width * height > MAX_PIXELS) {
					return null;
				}
				ImageReadParam param = reader.getDefaultReadParam();
				int step = Math.max(1, Math.max(width, height) / (maxSide * 2));
				param.setSourceSubsampling(step, step, 0, 0);
				return jpeg(scaled(reader.read(0, param), maxSide));
			}
			catch (IOException | RuntimeException unreadable) {
				return null;
			}
			finally {
				reader.dispose();
			}
		}
	}

	/** Fits the image in {@code maxSide} on a white ground (JPEG has no transparency). */
	private static BufferedImage scaled(BufferedImage source, int maxSide) {
		double scale = Math.min(1.0, (double) maxSide / Math.max(source.getWidth(), source.getHeight()));
		int width = Math.max(1, (int) Math.round(source.getWidth() * scale));
		int height = Math.max(1, (int) Math.round(source.getHeight() * scale));
		BufferedImage thumbnail = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = thumbnail.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, width, height);
			g.drawImage(source, 0, 0, width, height, null);
		}
		finally {
			g.dispose();
		}
		return thumbnail;
	}

	private static byte[] jpeg(BufferedImage image) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "jpeg", out);
		return out.toByteArray();
	}

}
