package dev.agentbus.junit5;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The agent scripts of these tests, as files a process can run (also from a test jar). */
final class TestScripts {

  private TestScripts() {}

  static Path echoAgent(Path folder) throws IOException {
    return copy(folder, "echo_agent.py");
  }

  /** An agent that makes one request with no retries: {@code send <to> <msg>} or {@code recv}. */
  static Path oneShotAgent(Path folder) throws IOException {
    return copy(folder, "one_shot_agent.py");
  }

  private static Path copy(Path folder, String name) throws IOException {
    Path script = folder.resolve(name);
    try (InputStream in = TestScripts.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the test resources");
      }
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    return script;
  }
}
