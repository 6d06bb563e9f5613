package dev.agentbus.embedded;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps Undertow's and XNIO's start-up INFO lines out of a user's test and build output. Only
 * loggers nobody configured are touched: a level set by the user (logging.properties, a logging
 * bridge) wins. The loggers are held so that the level is not lost when the logging framework drops
 * an unreferenced logger.
 */
final class QuietLogging {

  private static final List<Logger> QUIETED =
      List.of(
          Logger.getLogger("org.xnio"),
          Logger.getLogger("org.jboss.threads"),
          Logger.getLogger("io.undertow"));

  private QuietLogging() {}

  static void apply() {
    for (Logger logger : QUIETED) {
      synchronized (logger) {
        if (logger.getLevel() == null) {
          logger.setLevel(Level.WARNING);
        }
      }
    }
  }
}
