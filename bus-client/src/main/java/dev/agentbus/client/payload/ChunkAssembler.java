package dev.agentbus.client.payload;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Reassembles chunked payloads ({@link Chunking}) from a stream of messages: chunks may come in any
 * order, interleaved with other payloads and other traffic, and more than once.
 *
 * <p>Feed it every message; it ignores those that are not chunks, keeps chunks apart by sender, tag
 * and hash, drops duplicates, and when the last chunk of a payload arrives it decodes and verifies
 * it. The hash may be of the original bytes or of the transmitted base64 text. Not thread-safe:
 * feed it from one thread (a listener's).
 */
public final class ChunkAssembler {

  private static final Pattern HEADER =
      Pattern.compile("(\\S+) (\\d+)/(\\d+) sha=([0-9a-fA-F]{64})\n", Pattern.DOTALL);

  /** A payload being collected. */
  private static final class Pending {
    final String[] chunks;
    int received;

    Pending(int count) {
      chunks = new String[count];
    }
  }

  private final Map<String, Pending> pending = new LinkedHashMap<>();

  /**
   * A reassembled, verified payload.
   *
   * @param from who sent it
   * @param tag its tag
   * @param sha256 the hash from its headers
   * @param bytes the original payload
   */
  public record Payload(String from, String tag, String sha256, byte[] bytes) {

    /**
     * @return the payload as UTF-8 text
     */
    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /**
   * Takes one message.
   *
   * @param from its sender
   * @param msg its body
   * @return the payload, once this message completed one
   * @throws PayloadException if a completed payload does not decode or its hash does not match, or
   *     if a chunk contradicts earlier ones
   */
  public Optional<Payload> accept(String from, String msg) {
    Matcher header = HEADER.matcher(msg);
    if (!header.lookingAt()) {
      return Optional.empty();
    }
    String tag = header.group(1);
    int index = Integer.parseInt(header.group(2));
    int count = Integer.parseInt(header.group(3));
    String sha = header.group(4).toLowerCase(java.util.Locale.ROOT);
    if (count < 1 || index < 1 || index > count) {
      throw new PayloadException(
          "chunk " + index + "/" + count + " of " + tag + " from " + from + " is out of range");
    }
    String key = from + "\u0000" + tag + "\u0000" + sha;
    Pending collecting = pending.computeIfAbsent(key, k -> new Pending(count));
    if (collecting.chunks.length != count) {
      throw new PayloadException(
          "chunk "
              + index
              + "/"
              + count
              + " of "
              + tag
              + " from "
              + from
              + " says "
              + count
              + " chunks where earlier ones said "
              + collecting.chunks.length);
    }
    if (collecting.chunks[index - 1] != null) {
      return Optional.empty(); // a duplicate, e.g. a message read twice
    }
    collecting.chunks[index - 1] = msg.substring(header.end());
    collecting.received++;
    if (collecting.received < count) {
      return Optional.empty();
    }
    pending.remove(key);
    return Optional.of(new Payload(from, tag, sha, decode(from, tag, sha, collecting.chunks)));
  }

  /**
   * Says what is still missing, for a clear failure when a conversation ends early.
   *
   * @return one line per incomplete payload, e.g. {@code REPORT from alice: have 2 of 3 chunks,
   *     missing 2}
   */
  public List<String> incomplete() {
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, Pending> entry : pending.entrySet()) {
      String[] parts = entry.getKey().split("\u0000");
      Pending collecting = entry.getValue();
      List<Integer> missing = new ArrayList<>();
      for (int i = 0; i < collecting.chunks.length; i++) {
        if (collecting.chunks[i] == null) {
          missing.add(i + 1);
        }
      }
      lines.add(
          parts[1]
              + " from "
              + parts[0]
              + ": have "
              + collecting.received
              + " of "
              + collecting.chunks.length
              + " chunks, missing "
              + joined(missing));
    }
    return lines;
  }

  private static byte[] decode(String from, String tag, String sha, String[] chunks) {
    String text = String.join("", chunks);
    byte[] payload;
    try (GZIPInputStream gzip =
        new GZIPInputStream(new ByteArrayInputStream(Base64.getMimeDecoder().decode(text)))) {
      payload = gzip.readAllBytes();
    } catch (IOException | IllegalArgumentException e) {
      throw new PayloadException(
          tag + " from " + from + " is corrupt: its chunks do not decode as base64 gzip", e);
    }
    if (!sha.equals(Sha256.hex(payload))
        && !sha.equals(Sha256.hex(text.getBytes(StandardCharsets.US_ASCII)))) {
      throw new PayloadException(
          tag
              + " from "
              + from
              + " is corrupt: sha256 of the payload is "
              + Sha256.hex(payload)
              + ", the chunks say "
              + sha);
    }
    return payload;
  }

  private static String joined(List<Integer> numbers) {
    List<String> parts = new ArrayList<>();
    numbers.forEach(n -> parts.add(String.valueOf(n)));
    return String.join(", ", parts);
  }
}
