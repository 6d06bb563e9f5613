package dev.agentbus.embedded.internal.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version this bus was built as, for {@code /_bus/info}. */
final class BusVersion {

  private BusVersion() {}

  static String read() {
    Properties properties = new Properties();
    try (InputStream in =
        BusVersion.class.getResourceAsStream("/dev/agentbus/embedded/version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return properties.getProperty("version", "unknown");
  }
}
