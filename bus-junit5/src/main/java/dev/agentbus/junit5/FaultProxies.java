package dev.agentbus.junit5;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Starts the proxy of a test that declares {@link BusFaults}, once it has made sure WireMock is on
 * the classpath: bus-junit5 declares it optional, so that tests without faults never load it.
 */
final class FaultProxies {

  /** A class of WireMock's that the proxy needs; its absence means the dependency is missing. */
  static final String WIREMOCK_CLASS = "com.github.tomakehurst.wiremock.WireMockServer";

  /** How long the proxy gets to start before the test fails. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(60);

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
    // On a thread of its own, so that the test waits for it with a bound: a start that hangs fails
    // the test after START_TIMEOUT rather than holding one of JUnit's workers for good.
    FutureTask<FaultProxy> starting =
        new FutureTask<>(() -> WireMockFaultProxy.start(namespace, rules));
    Thread starter = new Thread(starting, "agent-bus-fault-proxy-start");
    starter.setDaemon(true);
    starter.start();
    try {
      return starting.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new ExtensionConfigurationException(
          "the fault proxy in front of " + namespace + " did not start: " + cause, cause);
    } catch (TimeoutException e) {
      starter.interrupt();
      throw new ExtensionConfigurationException(
          "the fault proxy in front of "
              + namespace
              + " did not start within "
              + START_TIMEOUT.toSeconds()
              + " s (WireMock starts in about a second even in a fresh JVM): is the machine"
              + " out of threads or memory?");
    } catch (InterruptedException e) {
      starter.interrupt();
      Thread.currentThread().interrupt();
      throw new ExtensionConfigurationException(
          "interrupted while the fault proxy in front of " + namespace + " started", e);
    }
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
