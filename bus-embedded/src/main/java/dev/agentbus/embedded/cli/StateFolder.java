package dev.agentbus.embedded.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where {@code recv} keeps its cursor, so that a restarted {@code recv} receives what was sent
 * while it was down: {@code AGENT_BUS_STATE_DIR} when set (the public {@code bus_recv.py}'s
 * variable, and its file format, so the two resume from each other), otherwise a per-user folder,
 * {@code $XDG_STATE_HOME/agent-bus} or {@code ~/.local/state/agent-bus}; none when {@code
 * AGENT_BUS_NO_CURSOR} is {@code 1} or {@code true}.
 */
final class StateFolder {

  static final String STATE_DIR = "AGENT_BUS_STATE_DIR";
  static final String NO_CURSOR = "AGENT_BUS_NO_CURSOR";

  private StateFolder() {}

  static Optional<Path> resolve(Map<String, String> env) {
    if (CliWarnings.isSet(env, NO_CURSOR)) {
      return Optional.empty();
    }
    String explicit = blankToNull(env.get(STATE_DIR));
    if (explicit != null) {
      return Optional.of(Path.of(explicit));
    }
    String xdg = blankToNull(env.get("XDG_STATE_HOME"));
    if (xdg != null) {
      return Optional.of(Path.of(xdg, "agent-bus"));
    }
    String home = blankToNull(env.get("HOME"));
    if (home == null) {
      home = System.getProperty("user.home");
    }
    return Optional.of(Path.of(home, ".local", "state", "agent-bus"));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
