package dev.agentbus.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Keeps a poll cursor on disk so that a restarted agent picks up where it left off: one file per
 * name and channel in a state folder ({@code AGENT_BUS_STATE_DIR}), named {@code
 * <name>@<channel>.since} with both parts URL-encoded, holding the last {@code ts} as decimal text.
 * Writes are atomic (a temporary file moved into place). Not thread-safe; the client serializes its
 * polls.
 */
final class CursorStore {

  private final Path file;

  CursorStore(Path directory, String name, String channel) {
    this.file =
        directory.resolve(
            encode(name) + "@" + encode(channel == null ? "(none)" : channel) + ".since");
  }

  Optional<BigDecimal> load() {
    try {
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? Optional.empty() : Optional.of(new BigDecimal(text));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the cursor file " + file, e);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          "the cursor file " + file + " does not hold a decimal timestamp; delete it to start over",
          e);
    }
  }

  void save(BigDecimal since) {
    try {
      Files.createDirectories(file.getParent());
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(temporary, since.toPlainString() + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(
            temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the cursor file " + file, e);
    }
  }

  Path file() {
    return file;
  }

  private static String encode(String part) {
    return URLEncoder.encode(part, StandardCharsets.UTF_8);
  }
}
