package dev.agentbus.client.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** What an assembler holds at most, since its chunks come from other agents. */
class ChunkAssemblerLimitsTest {

  private static final String SHA = "ab".repeat(32);

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void aChunkCountBeyondTheLimitIsRefusedWithoutAllocatingForIt() {
    ChunkAssembler assembler = new ChunkAssembler();

    assertThatThrownBy(() -> assembler.accept("mallory", "T 1/2000000000 sha=" + SHA + "\nx"))
        .isInstanceOf(PayloadException.class)
        .hasMessageContaining("more than 10000 chunks");
  }

  @Test
  void aChunkCountTooLargeForAnIntegerIsAPayloadException() {
    ChunkAssembler assembler = new ChunkAssembler();

    assertThatThrownBy(() -> assembler.accept("mallory", "T 1/99999999999 sha=" + SHA + "\nx"))
        .isInstanceOf(PayloadException.class)
        .hasMessageContaining("chunk 1/99999999999 of T from mallory");
  }

  @Test
  void aPayloadThatInflatesBeyondTheLimitIsRefused() throws Exception {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
      gzip.write(new byte[2_000_000]); // zeros: a few kilobytes compressed
    }
    String text = Base64.getEncoder().encodeToString(compressed.toByteArray());
    ChunkAssembler assembler =
        new ChunkAssembler(
            new ChunkAssembler.Limits(100, 1_000_000, 1_000_000, Duration.ofMinutes(1)),
            Clock.systemUTC());

    assertThatThrownBy(() -> assembler.accept("mallory", "BOMB 1/1 sha=" + SHA + "\n" + text))
        .isInstanceOf(PayloadException.class)
        .hasMessageContaining("inflates to more than 1000000 bytes");
  }

  @Test
  void aChunkBeyondThePendingLimitIsRefusedAndTheEarlierOnesAreKept() {
    ChunkAssembler assembler =
        new ChunkAssembler(
            new ChunkAssembler.Limits(100, 10, 1_000, Duration.ofMinutes(1)), Clock.systemUTC());
    assembler.accept("alice", "BIG 1/2 sha=" + SHA + "\n" + "x".repeat(6));

    assertThatThrownBy(() -> assembler.accept("alice", "BIG 2/2 sha=" + SHA + "\n" + "y".repeat(6)))
        .isInstanceOf(PayloadException.class)
        .hasMessageContaining("already hold 6 characters, and the limit is 10");
    assertThat(assembler.incomplete())
        .containsExactly("BIG from alice: have 1 of 2 chunks, missing 2");
  }

  @Test
  void anIncompletePayloadExpiresAndIsReportedAsExpired() {
    ManualClock clock = new ManualClock();
    ChunkAssembler assembler =
        new ChunkAssembler(
            new ChunkAssembler.Limits(100, 1_000, 1_000, Duration.ofMinutes(10)), clock);
    assembler.accept("alice", "R 1/2 sha=" + SHA + "\nabc");

    clock.advance(Duration.ofMinutes(11));

    assertThat(assembler.incomplete())
        .containsExactly(
            "R from alice: have 1 of 2 chunks, missing 2; expired after PT10M and dropped");
    assertThat(assembler.accept("alice", "R 2/2 sha=" + SHA + "\ndef")).isEmpty();
  }

  @Test
  void aHeaderLineEndingInCarriageReturnNewlineIsAccepted() {
    byte[] payload = "over a CRLF line".getBytes();
    String message = Chunking.split("CR", payload).get(0).replaceFirst("\n", "\r\n");

    assertThat(new ChunkAssembler().accept("alice", message))
        .get()
        .extracting(ChunkAssembler.Payload::bytes)
        .isEqualTo(payload);
  }
}
