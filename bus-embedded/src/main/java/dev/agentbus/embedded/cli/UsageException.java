package dev.agentbus.embedded.cli;

/** The command line or its environment was wrong; the message says how. Exit code 2. */
final class UsageException extends Exception {

  private static final long serialVersionUID = 1L;

  private final boolean showUsage;

  UsageException(String message) {
    this(message, true);
  }

  /**
   * @param showUsage whether the usage text helps: not for a bad environment variable, where the
   *     one line naming it says all
   */
  UsageException(String message, boolean showUsage) {
    super(message, null, false, false);
    this.showUsage = showUsage;
  }

  boolean showUsage() {
    return showUsage;
  }
}
