package dev.agentbus.embedded.internal.http;

import dev.agentbus.embedded.internal.core.Bus;
import dev.agentbus.embedded.internal.core.Namespace;
import dev.agentbus.embedded.options.OptionsJson;
import io.undertow.server.HttpServerExchange;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /_bus/info}: the bus's version, the options of the namespace addressed (the root, or
 * {@code /ns/<id>}) and the defaults new namespaces get, a few counts, and the bus's bounds with
 * what requests in flight hold of them now, so that a user can see the bounds a bus was started
 * with and whether they are reached.
 */
final class InfoEndpoint implements Endpoint {

  private final Bus bus;
  private final HttpSettings settings;
  private final Map<String, InFlightBytes> inFlight;
  private final ConnectionGate connections;

  /**
   * @param bus the bus core
   * @param settings the HTTP bounds
   * @param inFlight the caps on bytes in flight, by the name the answer gives them
   * @param connections the cap on open connections
   */
  InfoEndpoint(
      Bus bus,
      HttpSettings settings,
      Map<String, InFlightBytes> inFlight,
      ConnectionGate connections) {
    this.bus = bus;
    this.settings = settings;
    this.inFlight = inFlight;
    this.connections = connections;
  }

  @Override
  public void handle(HttpServerExchange exchange, AddressedNamespace target) throws Rejection {
    Namespace namespace = target.accept();
    Map<String, Object> json = OptionsJson.write(bus.info(namespace));
    Map<String, Object> limits = new LinkedHashMap<>();
    limits.put("maxBodyBytes", settings.maxBodyBytes());
    limits.put("maxNamespaces", bus.maxNamespaces());
    inFlight.forEach(
        (name, bytes) -> {
          Map<String, Object> held = new LinkedHashMap<>();
          held.put("held", bytes.reserved());
          held.put("cap", bytes.cap());
          limits.put(name, held);
        });
    Map<String, Object> open = new LinkedHashMap<>();
    open.put("held", connections.open());
    open.put("cap", connections.cap());
    open.put("refused", connections.refused());
    open.put("heldBytes", connections.heldBytes());
    limits.put("connections", open);
    json.put("limits", limits);
    JsonResponses.send(exchange, 200, json);
  }
}
