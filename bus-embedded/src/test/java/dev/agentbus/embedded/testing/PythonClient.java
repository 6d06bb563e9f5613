package dev.agentbus.embedded.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code src/test/python/public_client.py}, a Python 3 stdlib client written as the public
 * clients are, with a clean agent environment.
 */
public final class PythonClient {

  private static final Path SCRIPT = Path.of("src/test/python/public_client.py");

  private PythonClient() {}

  /**
   * @param env the AGENT_* variables to set; the caller's own are removed
   * @param args {@code send TO} or {@code recv NAME COUNT}
   * @return the running process; stderr goes to the test's stderr unless {@code captureStderr}
   */
  public static Process start(Map<String, String> env, boolean captureStderr, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(List.of("python3", SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("AGENT_"));
    builder.environment().putAll(env);
    builder.environment().put("PYTHONIOENCODING", "utf-8");
    if (!captureStderr) {
      builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    }
    return builder.start();
  }
}
