package dev.agentbus.client.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbus.client.payload.ChunkAssembler.Payload;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkingTest {

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static Payload reassemble(List<String> messages) {
    ChunkAssembler assembler = new ChunkAssembler();
    Payload done = null;
    for (String message : messages) {
      Optional<Payload> payload = assembler.accept("alice", message);
      if (payload.isPresent()) {
        assertThat(done).as("completed once").isNull();
        done = payload.get();
      }
    }
    assertThat(done).as("completed").isNotNull();
    return done;
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 5 * 1024, 1024 * 1024})
  void randomBinaryPayloadsRoundTripInAnyOrder(int size) {
    byte[] payload = random(size, size);
    List<String> messages = new ArrayList<>(Chunking.split("BLOB", payload));
    Collections.shuffle(messages, new Random(7));

    assertThat(reassemble(messages).bytes()).isEqualTo(payload);
  }

  @Test
  void eachChunkCarriesTheConventionHeaderAndAtMostFiveThousandCharacters() {
    List<String> messages = Chunking.split("REPORT", random(100_000, 1));

    assertThat(messages).hasSizeGreaterThan(1);
    for (int i = 0; i < messages.size(); i++) {
      String[] lines = messages.get(i).split("\n", 2);
      assertThat(lines[0])
          .matches("REPORT " + (i + 1) + "/" + messages.size() + " sha=[0-9a-f]{64}");
      assertThat(lines[1].length()).isLessThanOrEqualTo(Chunking.CHUNK_CHARS);
    }
  }

  @Test
  void theHashCoversTheOriginalPayloadBytes() throws Exception {
    byte[] payload = "the payload".getBytes(StandardCharsets.UTF_8);
    String expected =
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));

    assertThat(Chunking.split("T", payload).get(0)).startsWith("T 1/1 sha=" + expected + "\n");
  }

  @Test
  void payloadsInterleavedWithOtherTagsAndTrafficAreKeptApart() {
    byte[] first = random(30_000, 1);
    byte[] second = random(30_000, 2);
    List<String> a = Chunking.split("A", first);
    List<String> b = Chunking.split("B", second);
    ChunkAssembler assembler = new ChunkAssembler();
    List<Payload> done = new ArrayList<>();
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      assembler.accept("bob", "plain chat, not a chunk").ifPresent(done::add);
      if (i < b.size()) {
        assembler.accept("bob", b.get(b.size() - 1 - i)).ifPresent(done::add);
      }
      if (i < a.size()) {
        assembler.accept("bob", a.get(i)).ifPresent(done::add);
      }
    }

    assertThat(done).extracting(Payload::tag).containsExactlyInAnyOrder("A", "B");
    assertThat(done)
        .filteredOn(p -> p.tag().equals("A"))
        .singleElement()
        .extracting(Payload::bytes)
        .isEqualTo(first);
    assertThat(done)
        .filteredOn(p -> p.tag().equals("B"))
        .singleElement()
        .extracting(Payload::bytes)
        .isEqualTo(second);
  }

  @Test
  void duplicateChunksAreIgnored() {
    byte[] payload = random(20_000, 3);
    List<String> messages = new ArrayList<>(Chunking.split("DUP", payload));
    messages.add(1, messages.get(0));

    assertThat(reassemble(messages).bytes()).isEqualTo(payload);
  }

  @Test
  void aHashOfTheTransmittedTextIsAcceptedToo() throws Exception {
    byte[] payload = "hashed the other way".getBytes(StandardCharsets.UTF_8);
    String chunk = Chunking.split("T", payload).get(0).split("\n", 2)[1];
    String textSha =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(chunk.getBytes(StandardCharsets.US_ASCII)));

    Optional<Payload> done =
        new ChunkAssembler().accept("carol", "T 1/1 sha=" + textSha + "\n" + chunk);

    assertThat(done).get().extracting(Payload::text).isEqualTo("hashed the other way");
  }

  @Test
  void aWrongHashIsReportedAsCorrupt() {
    String message = Chunking.split("T", "payload".getBytes(StandardCharsets.UTF_8)).get(0);
    String tampered = message.replaceFirst("sha=[0-9a-f]{4}", "sha=0000");

    assertThatThrownBy(() -> new ChunkAssembler().accept("alice", tampered))
        .isInstanceOf(PayloadException.class)
        .hasMessageContaining("T from alice is corrupt")
        .hasMessageContaining("the chunks say 0000");
  }

  @Test
  void aChunkThatIsNotBase64GzipIsReportedAsCorrupt() {
    String message =
        "T 1/1 sha="
            + "a".repeat(64)
            + "\n"
            + Base64.getEncoder().encodeToString("not gzip".getBytes());

    assertThatThrownBy(() -> new ChunkAssembler().accept("alice", message))
        .isInstanceOf(PayloadException.class)
        .hasMessageContaining("do not decode as base64 gzip");
  }

  @Test
  void aMissingChunkIsNamed() {
    List<String> messages = Chunking.split("BIG", random(30_000, 4));
    ChunkAssembler assembler = new ChunkAssembler();
    for (int i = 0; i < messages.size(); i++) {
      if (i != 1) {
        assertThat(assembler.accept("dave", messages.get(i))).isEmpty();
      }
    }

    assertThat(assembler.incomplete())
        .containsExactly(
            "BIG from dave: have "
                + (messages.size() - 1)
                + " of "
                + messages.size()
                + " chunks, missing 2");
  }

  @Test
  void messagesThatAreNotChunksAreIgnored() {
    ChunkAssembler assembler = new ChunkAssembler();

    assertThat(assembler.accept("eve", "hello 1/2 sha=short\nnot a chunk")).isEmpty();
    assertThat(assembler.incomplete()).isEmpty();
  }
}
