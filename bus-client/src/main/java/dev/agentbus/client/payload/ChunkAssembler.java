package dev.agentbus.client.payload;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
 * it. The hash may be of the original bytes or of the transmitted base64 text. A header line may
 * end in {@code \n} or {@code \r\n}.
 *
 * <p>Bounded, because the chunks come from other agents: the chunk count per payload, the
 * characters held for incomplete payloads, and the inflated size (a gzip bomb) are capped by {@link
 * Limits}, and an incomplete payload is dropped once it is older than {@link Limits#expireAfter()}
 * (listed by {@link #incomplete()} until then, and as expired afterwards). Not thread-safe: feed it
 * from one thread (a listener's).
 */
public final class ChunkAssembler {

  private static final Pattern HEADER =
      Pattern.compile("(\\S+) (\\d+)/(\\d+) sha=([0-9a-fA-F]{64})\r?\n", Pattern.DOTALL);

  /** How many expired payloads {@link #incomplete()} still names. */
  private static final int EXPIRED_KEPT = 100;

  /**
   * What one assembler holds at most.
   *
   * @param maxChunks the most chunks one payload may announce
   * @param maxPendingChars the most characters of incomplete payloads held at once
   * @param maxPayloadBytes the largest payload after decompression
   * @param expireAfter how long an incomplete payload is kept after its first chunk
   */
  public record Limits(
      int maxChunks, long maxPendingChars, long maxPayloadBytes, Duration expireAfter) {

    /**
     * The defaults: 10,000 chunks (50 MB of base64), 64 M characters pending, 64 MiB inflated,
     * incomplete payloads kept 10 minutes.
     */
    public static final Limits DEFAULT =
        new Limits(10_000, 64L << 20, 64L << 20, Duration.ofMinutes(10));

    /**
     * Checks the limits are positive.
     *
     * @param maxChunks the most chunks one payload may announce
     * @param maxPendingChars the most characters of incomplete payloads held at once
     * @param maxPayloadBytes the largest payload after decompression
     * @param expireAfter how long an incomplete payload is kept after its first chunk
     */
    public Limits {
      if (maxChunks < 1 || maxPendingChars < 1 || maxPayloadBytes < 1) {
        throw new IllegalArgumentException("chunk limits must be positive");
      }
      if (expireAfter.isNegative() || expireAfter.isZero()) {
        throw new IllegalArgumentException("expireAfter must be positive, got " + expireAfter);
      }
    }
  }

  /** A payload being collected. */
  private static final class Pending {
    final String from;
    final String tag;
    final String[] chunks;
    final Instant started;
    int received;

    Pending(String from, String tag, int count, Instant started) {
      this.from = from;
      this.tag = tag;
      this.chunks = new String[count];
      this.started = started;
    }
  }

  private final Limits limits;
  private final Clock clock;
  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private final Deque<String> expired = new ArrayDeque<>();
  private long pendingChars;

  /** An assembler with {@link Limits#DEFAULT}. */
  public ChunkAssembler() {
    this(Limits.DEFAULT, Clock.systemUTC());
  }

  /**
   * @param limits what it holds at most
   * @param clock the time for expiry
   */
  public ChunkAssembler(Limits limits, Clock clock) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

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
   * @throws PayloadException if a completed payload does not decode, inflates beyond the limit or
   *     its hash does not match; if a chunk contradicts earlier ones or announces more chunks than
   *     the limit; or if holding it would exceed the pending limit (the chunk is then dropped)
   */
  public Optional<Payload> accept(String from, String msg) {
    Matcher header = HEADER.matcher(msg);
    if (!header.lookingAt()) {
      return Optional.empty();
    }
    expireOld();
    String tag = header.group(1);
    long index = number(header.group(2));
    long count = number(header.group(3));
    String sha = header.group(4).toLowerCase(Locale.ROOT);
    String where =
        "chunk " + header.group(2) + "/" + header.group(3) + " of " + tag + " from " + from;
    if (count < 1 || index < 1 || index > count) {
      throw new PayloadException(where + " is out of range");
    }
    if (count > limits.maxChunks()) {
      throw new PayloadException(
          where
              + " announces more than "
              + limits.maxChunks()
              + " chunks; send payloads that large by reference (FileReference)");
    }
    String key = from + "\u0000" + tag + "\u0000" + sha;
    Pending collecting = pending.get(key);
    if (collecting != null && collecting.chunks.length != count) {
      throw new PayloadException(
          where + " says " + count + " chunks where earlier ones said " + collecting.chunks.length);
    }
    if (collecting != null && collecting.chunks[(int) index - 1] != null) {
      return Optional.empty(); // a duplicate, e.g. a message read twice
    }
    String chunk = msg.substring(header.end());
    if (pendingChars + chunk.length() > limits.maxPendingChars()) {
      throw new PayloadException(
          where
              + " is dropped: incomplete payloads already hold "
              + pendingChars
              + " characters, and the limit is "
              + limits.maxPendingChars());
    }
    if (collecting == null) {
      collecting = new Pending(from, tag, (int) count, clock.instant());
      pending.put(key, collecting);
    }
    collecting.chunks[(int) index - 1] = chunk;
    collecting.received++;
    pendingChars += chunk.length();
    if (collecting.received < count) {
      return Optional.empty();
    }
    forget(key);
    return Optional.of(new Payload(from, tag, sha, decode(from, tag, sha, collecting.chunks)));
  }

  /**
   * Says what is still missing, for a clear failure when a conversation ends early.
   *
   * @return one line per incomplete payload, e.g. {@code REPORT from alice: have 2 of 3 chunks,
   *     missing 2}, then one per payload dropped as expired (the latest 100)
   */
  public List<String> incomplete() {
    expireOld();
    List<String> lines = new ArrayList<>();
    for (Pending collecting : pending.values()) {
      lines.add(describe(collecting));
    }
    lines.addAll(expired);
    return lines;
  }

  private static long number(String digits) {
    // more digits than any limit: keep it out of Long.parseLong's overflow
    return digits.length() > 9 ? Long.MAX_VALUE : Long.parseLong(digits);
  }

  private void expireOld() {
    Instant cutoff = clock.instant().minus(limits.expireAfter());
    for (Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
      Pending collecting = it.next().getValue();
      if (collecting.started.isBefore(cutoff)) {
        it.remove();
        release(collecting);
        if (expired.size() == EXPIRED_KEPT) {
          expired.removeFirst();
        }
        expired.addLast(
            describe(collecting) + "; expired after " + limits.expireAfter() + " and dropped");
      }
    }
  }

  private void forget(String key) {
    release(pending.remove(key));
  }

  private void release(Pending collecting) {
    for (String chunk : collecting.chunks) {
      if (chunk != null) {
        pendingChars -= chunk.length();
      }
    }
  }

  private static String describe(Pending collecting) {
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < collecting.chunks.length && missing.size() < 20; i++) {
      if (collecting.chunks[i] == null) {
        missing.add(String.valueOf(i + 1));
      }
    }
    int absent = collecting.chunks.length - collecting.received;
    return collecting.tag
        + " from "
        + collecting.from
        + ": have "
        + collecting.received
        + " of "
        + collecting.chunks.length
        + " chunks, missing "
        + String.join(", ", missing)
        + (absent > missing.size() ? " and " + (absent - missing.size()) + " more" : "");
  }

  private byte[] decode(String from, String tag, String sha, String[] chunks) {
    String text = String.join("", chunks);
    byte[] payload;
    try (InputStream gzip =
        new GZIPInputStream(new ByteArrayInputStream(Base64.getMimeDecoder().decode(text)))) {
      payload = readAtMost(gzip, limits.maxPayloadBytes(), tag + " from " + from);
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

  private static byte[] readAtMost(InputStream in, long limit, String what) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8_192];
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      if (out.size() + (long) n > limit) {
        throw new PayloadException(
            what
                + " inflates to more than "
                + limit
                + " bytes, the limit; raise ChunkAssembler.Limits.maxPayloadBytes if it is"
                + " expected, or share it by reference");
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
