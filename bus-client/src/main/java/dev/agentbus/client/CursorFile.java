package dev.agentbus.client;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A poll cursor on disk, in the public {@code bus_recv.py}'s format so that our clients and the
 * Python one resume from each other's cursor: in the state folder, a file {@code
 * cursor_<name>_<channel>.txt} in which every character of {@code <name>_<channel>} other than an
 * ASCII letter, a digit, {@code -} or {@code _} is replaced by {@code _}, holding the last {@code
 * since} as decimal text, written atomically (a temporary file renamed into place). Not
 * thread-safe; {@link PollCursor} serializes its use.
 */
final class CursorFile {

  /** The longest cursor text worth reading: a timestamp is about 20 characters. */
  private static final long MAX_BYTES = 1_024;

  private final Path file;

  /**
   * @param channel the channel polled; a client that polls without one uses {@code default}'s file,
   *     like the Python clients, which always poll a channel
   */
  CursorFile(Path directory, String name, String channel) {
    String key = name + "_" + (channel == null ? AgentBusClient.DEFAULT_CHANNEL : channel);
    this.file = directory.resolve("cursor_" + sanitize(key) + ".txt");
  }

  static String sanitize(String key) {
    StringBuilder safe = new StringBuilder(key.length());
    key.codePoints()
        .forEach(
            c ->
                safe.append(
                    (c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_'))
                        ? (char) c
                        : '_'));
    return safe.toString();
  }

  /**
   * @return the stored cursor; empty when there is no file
   * @throws IOException when the file exists but cannot be read or holds no decimal
   */
  Optional<BigDecimal> load() throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    if (Files.size(file) > MAX_BYTES) {
      throw new IOException("it is larger than " + MAX_BYTES + " bytes");
    }
    String text = Files.readString(file, StandardCharsets.UTF_8).strip();
    try {
      return Optional.of(new BigDecimal(text));
    } catch (NumberFormatException e) {
      throw new IOException("it holds '" + text + "', not a decimal timestamp", e);
    }
  }

  void save(BigDecimal since) throws IOException {
    Files.createDirectories(file.getParent());
    Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    try {
      Files.writeString(temporary, since.toPlainString(), StandardCharsets.UTF_8);
      try {
        Files.move(
            temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  Path path() {
    return file;
  }
}
