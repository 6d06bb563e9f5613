package dev.agentbus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cursor file, in the public bus_recv.py's name and format. */
class CursorFileTest {

  @TempDir Path state;

  @Test
  void theFileIsNamedAfterNameAndChannelWithUnsafeCharactersReplaced() {
    CursorFile file = new CursorFile(state, "bob the 🤖", "c/7.x");

    assertThat(file.path()).isEqualTo(state.resolve("cursor_bob_the___c_7_x.txt"));
  }

  @Test
  void aClientWithoutAChannelUsesTheDefaultChannelsFile() {
    assertThat(new CursorFile(state, "bob", null).path())
        .isEqualTo(state.resolve("cursor_bob_default.txt"));
  }

  @Test
  void theFileHoldsTheDecimalTextAndNothingElse() throws Exception {
    CursorFile file = new CursorFile(state, "bob", "c-7");

    file.save(new BigDecimal("1795617687.747411"));

    assertThat(Files.readString(file.path())).isEqualTo("1795617687.747411");
    assertThat(file.load()).contains(new BigDecimal("1795617687.747411"));
    try (var files = Files.list(state)) {
      assertThat(files).containsExactly(file.path()); // no temporary file left behind
    }
  }

  @Test
  void aFileWrittenByThePythonClientIsRead() throws Exception {
    CursorFile file = new CursorFile(state, "bob", "c-7");
    Files.writeString(file.path(), "1795617687.5\n");

    assertThat(file.load()).contains(new BigDecimal("1795617687.5"));
  }

  @Test
  void aFileThatHoldsNoDecimalIsAnErrorSayingWhatItHolds() throws Exception {
    CursorFile file = new CursorFile(state, "bob", "c-7");
    Files.writeString(file.path(), "yesterday");

    assertThatThrownBy(file::load)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("'yesterday'");
  }
}
