package dev.agentbus.client;

import java.nio.file.Path;

/**
 * The poll cursor could not be written to its file. The client keeps it in memory and goes on, so
 * nothing is lost while it runs; only a restart would resume from an older cursor. Reported once
 * per client, through a listener's {@code onError} or the client's warnings.
 */
public final class CursorNotSavedException extends AgentBusException {

  private static final long serialVersionUID = 1L;

  CursorNotSavedException(Path file, Exception cause) {
    super(
        "cannot write the cursor file "
            + file
            + " ("
            + cause
            + "): the cursor is kept in memory only, so a restarted agent would not resume"
            + " from it; make the folder writable or point AGENT_BUS_STATE_DIR elsewhere",
        cause);
  }
}
