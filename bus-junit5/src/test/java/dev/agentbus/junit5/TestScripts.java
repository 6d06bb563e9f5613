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
    Path script = folder.resolve("echo_agent.py");
    try (InputStream in = TestScripts.class.getResourceAsStream("echo_agent.py")) {
      if (in == null) {
        throw new IllegalStateException("echo_agent.py is missing from the test resources");
      }
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    return script;
  }
}
