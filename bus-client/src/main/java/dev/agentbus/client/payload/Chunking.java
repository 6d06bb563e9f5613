package dev.agentbus.client.payload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Splits a payload into bus messages by the agents' convention: gzip, then base64, then chunks of
 * about 5,000 characters, each message {@code <TAG> i/n sha=<hex>\n<chunk>} with {@code i} from 1.
 *
 * <p>The hash is the SHA-256 of the <em>original payload bytes</em>, before compression. Some
 * senders hash the transmitted text (the whole base64 string) instead; {@link ChunkAssembler}
 * accepts either reading. Stateless and thread-safe.
 */
public final class Chunking {

  /** The chunk size the convention uses, in characters of base64. */
  public static final int CHUNK_CHARS = 5_000;

  private static final Pattern TAG = Pattern.compile("\\S+");

  private Chunking() {}

  /**
   * @param tag a label without white space, e.g. {@code REPORT}
   * @param payload the bytes to send
   * @return the message bodies, in order; at least one, even for an empty payload
   */
  public static List<String> split(String tag, byte[] payload) {
    if (!TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException(
          "a chunk tag must be one word without spaces: '" + tag + "'");
    }
    String text = Base64.getEncoder().encodeToString(gzip(payload));
    String sha = Sha256.hex(payload);
    int count = Math.max(1, (text.length() + CHUNK_CHARS - 1) / CHUNK_CHARS);
    List<String> messages = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String chunk =
          text.substring(i * CHUNK_CHARS, Math.min(text.length(), (i + 1) * CHUNK_CHARS));
      messages.add(tag + " " + (i + 1) + "/" + count + " sha=" + sha + "\n" + chunk);
    }
    return messages;
  }

  private static byte[] gzip(byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length / 2 + 64);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(payload);
    } catch (IOException e) {
      throw new UncheckedIOException("gzip into memory cannot fail", e);
    }
    return out.toByteArray();
  }
}
