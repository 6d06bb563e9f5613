package dev.agentbus.embedded.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Warnings of {@code send} and {@code recv}: one line each on standard error, the first one also
 * saying how to silence them, none at all with {@code AGENT_BUS_QUIET} set to {@code 1} or {@code
 * true}. Thread-safe: a listener's thread and the main thread may both warn.
 */
final class CliWarnings implements Consumer<String> {

  static final String QUIET = "AGENT_BUS_QUIET";

  private final PrintStream err;
  private final boolean quiet;
  private boolean hinted;

  CliWarnings(Map<String, String> env, PrintStream err) {
    this.err = err;
    this.quiet = isSet(env, QUIET);
  }

  /** Whether a flag variable is on: {@code 1} or {@code true}, in any case, like bus_recv.py. */
  static boolean isSet(Map<String, String> env, String name) {
    String value = env.getOrDefault(name, "").strip();
    return value.equals("1") || value.equalsIgnoreCase("true");
  }

  @Override
  public synchronized void accept(String warning) {
    if (quiet) {
      return;
    }
    String hint = hinted ? "" : " (set " + QUIET + "=1 to silence warnings)";
    hinted = true;
    err.println("# warning: " + warning + hint);
    err.flush();
  }
}
