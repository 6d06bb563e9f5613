package dev.agentbus.embedded.testing;

import dev.agentbus.embedded.AgentBusServer;
import dev.agentbus.embedded.ServerBuilder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real bus on 127.0.0.1 and a port the OS picks, started before each test and closed after it,
 * whether the test passed or not. Register it on an instance field:
 *
 * <pre>{@code
 * @RegisterExtension final RunningBus bus = RunningBus.configured(builder -> builder.maxQueue(5));
 * }</pre>
 *
 * <p>Its callbacks run before the class's own {@code @BeforeEach} methods, so those may already use
 * {@link #server()}, e.g. to create a namespace. One test at a time: each test instance has its
 * own.
 */
public final class RunningBus implements BeforeEachCallback, AfterEachCallback {

  private final Supplier<AgentBusServer> starter;
  private AgentBusServer server;

  private RunningBus(Supplier<AgentBusServer> starter) {
    this.starter = starter;
  }

  /** A bus with the builder's defaults. */
  public static RunningBus withDefaults() {
    return configured(builder -> {});
  }

  /**
   * A bus with the builder's defaults changed by {@code configuration}; it runs at each start, so
   * it may read fields the test class sets up, such as a clock or a request log.
   */
  public static RunningBus configured(Consumer<ServerBuilder> configuration) {
    return new RunningBus(
        () -> {
          var builder = AgentBusServer.builder().host("127.0.0.1").port(0);
          configuration.accept(builder);
          return builder.start();
        });
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (server != null) {
      throw new ExtensionConfigurationException(
          "RunningBus in "
              + context.getRequiredTestClass().getName()
              + " is already serving another test: register it on an instance field, not a"
              + " static one, so each test gets its own bus");
    }
    server = starter.get();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    AgentBusServer started = server;
    server = null;
    if (started != null) {
      started.close();
    }
  }

  /** The running server. */
  public AgentBusServer server() {
    if (server == null) {
      throw new IllegalStateException(
          "the bus runs only during a test: use RunningBus from a test or an @BeforeEach method");
    }
    return server;
  }

  /** A client for the root namespace. */
  public BusHttp http() {
    return new BusHttp(server().url());
  }

  /** A client for namespace {@code id}, created by its first request. */
  public BusHttp http(String id) {
    return new BusHttp(server().namespaceUrl(id));
  }
}
