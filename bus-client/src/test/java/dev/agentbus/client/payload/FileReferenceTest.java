package dev.agentbus.client.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileReferenceTest {

  @TempDir Path shared;

  @Test
  void aReferenceRoundTripsThroughItsMessageAndFetchesTheContent() throws Exception {
    Path file =
        Files.writeString(
            shared.resolve("model weights v2.bin"), "content", StandardCharsets.UTF_8);

    String message = FileReference.of(file).toMessage();
    FileReference received = FileReference.parse(message).orElseThrow();

    assertThat(message).doesNotContain("content").startsWith("FILE sha256=");
    assertThat(received.path()).isEqualTo(file.toAbsolutePath());
    assertThat(received.size()).isEqualTo(7);
    assertThat(received.fetch()).isEqualTo("content".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aChangedFileFailsItsHashCheck() throws Exception {
    Path file = Files.writeString(shared.resolve("notes.txt"), "v1");
    FileReference reference = FileReference.of(file);
    Files.writeString(file, "v2");

    assertThatThrownBy(reference::fetch)
        .isInstanceOf(PayloadException.class)
        .hasMessageContaining("is not the one referenced");
  }

  @Test
  void aMissingFileIsNamed() throws Exception {
    Path file = Files.writeString(shared.resolve("gone.txt"), "x");
    FileReference reference = FileReference.of(file);
    Files.delete(file);

    assertThatThrownBy(reference::fetch)
        .isInstanceOf(PayloadException.class)
        .hasMessageContaining("gone.txt does not exist here");
  }

  @Test
  void otherMessagesAreNotReferences() {
    assertThat(FileReference.parse("just chat")).isEmpty();
  }
}
