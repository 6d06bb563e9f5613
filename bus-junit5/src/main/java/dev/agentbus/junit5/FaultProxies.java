package dev.agentbus.junit5;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Properties;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Starts the proxy of a test that declares {@link BusFaults}, once it has made sure WireMock is on
 * the classpath: bus-junit5 declares it optional, so that tests without faults never load it.
 */
final class FaultProxies {

  /** A class of WireMock's that the proxy needs; its absence means the dependency is missing. */
  static final String WIREMOCK_CLASS = "com.github.tomakehurst.wiremock.WireMockServer";

  private FaultProxies() {}

  /**
   * @param namespace the test's namespace URL on the bus
   * @param rules what the proxy does to the requests
   * @return the running proxy
   * @throws ExtensionConfigurationException if WireMock is not on the classpath, naming the
   *     dependency to add
   */
  static FaultProxy start(URI namespace, WireFaultRules rules) {
    requireWireMock(FaultProxies.class.getClassLoader());
    return WireMockFaultProxy.start(namespace, rules);
  }

  static void requireWireMock(ClassLoader loader) {
    try {
      Class.forName(WIREMOCK_CLASS, false, loader);
    } catch (ClassNotFoundException e) {
      throw new ExtensionConfigurationException(missingMessage(), e);
    }
  }

  static String missingMessage() {
    return "BusFaults injects its faults through a WireMock proxy, and WireMock is not on the test"
        + " classpath ("
        + WIREMOCK_CLASS
        + " not found): add the test dependency org.wiremock:wiremock-standalone:"
        + wireMockVersion()
        + " (<scope>test</scope>; with Gradle, testImplementation). bus-junit5 declares it"
        + " optional, so that tests without faults never load it.";
  }

  /**
   * @return the WireMock version bus-junit5 was built with
   */
  static String wireMockVersion() {
    Properties properties = new Properties();
    try (InputStream in = FaultProxies.class.getResourceAsStream("wiremock.properties")) {
      if (in == null) {
        throw new IllegalStateException("wiremock.properties is missing from bus-junit5's jar");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version");
  }
}
