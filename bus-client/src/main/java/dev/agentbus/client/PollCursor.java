package dev.agentbus.client;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the next poll starts, in memory and, when a state folder is configured, on disk.
 *
 * <p>Memory is the truth: a file that cannot be written costs only the resume-after-restart, so the
 * first failure is reported and the client goes on. Reads are lock-free ({@code volatile}) so that
 * {@link AgentBusClient#cursor()} never waits for a long poll in flight; writers are serialized by
 * the client's poll lock.
 */
final class PollCursor {

  private final CursorFile file;
  private volatile BigDecimal value;
  private boolean failureReported;

  /**
   * @param file where to persist, or {@code null}
   * @param start the cursor when the file holds none
   * @param warnings told once when an existing file cannot be read (it is then ignored)
   */
  PollCursor(CursorFile file, BigDecimal start, Consumer<String> warnings) {
    this.file = file;
    BigDecimal stored = null;
    if (file != null) {
      try {
        stored = file.load().orElse(null);
      } catch (IOException e) {
        warnings.accept(
            "ignoring the cursor file "
                + file.path()
                + " ("
                + e.getMessage()
                + "): polls start at "
                + start.toPlainString()
                + "; delete the file or fix its permissions to resume from it");
      }
    }
    this.value = stored != null ? stored : start;
  }

  BigDecimal value() {
    return value;
  }

  /**
   * Moves the cursor forward (never back) and persists it.
   *
   * @return the first failure to persist, once; empty otherwise
   */
  Optional<CursorNotSavedException> advance(BigDecimal next) {
    if (next.compareTo(value) <= 0) {
      return Optional.empty();
    }
    value = next;
    if (file == null) {
      return Optional.empty();
    }
    try {
      file.save(next);
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      if (failureReported) {
        return Optional.empty();
      }
      failureReported = true;
      return Optional.of(new CursorNotSavedException(file.path(), e));
    }
  }
}
