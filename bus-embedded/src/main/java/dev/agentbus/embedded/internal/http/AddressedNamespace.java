package dev.agentbus.embedded.internal.http;

import dev.agentbus.embedded.internal.core.Bus;
import dev.agentbus.embedded.internal.core.Namespace;
import dev.agentbus.embedded.internal.core.TooManyNamespacesException;
import io.undertow.server.HttpServerExchange;

/**
 * The namespace a request addresses, resolved only when the request is accepted. A refused request
 * therefore creates no namespace, and the token is checked against the very namespace the request
 * goes on to use: a namespace that another request creates with a token while this one is being
 * read cannot be entered without that token.
 *
 * <p>Used by one request at a time, on its I/O thread; not thread-safe.
 */
final class AddressedNamespace {

  private final Bus bus;
  private final String id;
  private final HttpServerExchange exchange;
  private final TokenGate tokens;
  private Namespace resolved;
  private boolean refusedForToken;

  private AddressedNamespace(
      Bus bus, String id, HttpServerExchange exchange, TokenGate tokens, Namespace resolved) {
    this.bus = bus;
    this.id = id;
    this.exchange = exchange;
    this.tokens = tokens;
    this.resolved = resolved;
  }

  /**
   * @param namespace a namespace that exists and that the request was admitted to
   * @return that namespace, already resolved
   */
  static AddressedNamespace existing(Namespace namespace) {
    return new AddressedNamespace(null, null, null, null, namespace);
  }

  /**
   * @param bus the bus
   * @param id the namespace id, which may not exist yet
   * @param exchange the request
   * @param tokens checks the request's token once the namespace is known
   * @return a namespace created, or found, only when the request is accepted
   */
  static AddressedNamespace onAccept(
      Bus bus, String id, HttpServerExchange exchange, TokenGate tokens) {
    return new AddressedNamespace(bus, id, exchange, tokens, null);
  }

  /**
   * Finds or creates the namespace for a request that has passed its own checks, and checks its
   * token against that namespace.
   *
   * @return the namespace the request uses
   * @throws Rejection 401 if the namespace's token does not admit the request (a namespace created
   *     with a token meanwhile), 507 if no namespace may be created
   */
  Namespace accept() throws Rejection {
    if (resolved != null) {
      return resolved;
    }
    Namespace namespace;
    try {
      namespace = bus.namespaceForRequest(id);
    } catch (TooManyNamespacesException full) {
      throw new Rejection(507, full.getMessage());
    }
    if (!tokens.admits(exchange, namespace.options())) {
      refusedForToken = true;
      throw tokens.refusal(exchange);
    }
    resolved = namespace;
    return namespace;
  }

  /**
   * Answers a refused request and journals it: in its namespace if that exists and admitted the
   * request, else at the root, where it creates nothing, under its whole path ({@code
   * /ns/<id>/send}) so that it reads apart from the root's own refusals.
   *
   * @param exchange the request
   * @param endpoint the path within the namespace
   * @param rejection what was wrong
   */
  void reject(HttpServerExchange exchange, String endpoint, Rejection rejection) {
    Namespace journal = journal();
    boolean elsewhere = id != null && journal == bus.root();
    BusHttpHandler.reject(
        exchange, journal, elsewhere ? "/ns/" + id + endpoint : endpoint, rejection);
  }

  private Namespace journal() {
    if (resolved != null) {
      return resolved;
    }
    if (refusedForToken) {
      return bus.root();
    }
    return bus.existingNamespace(id)
        .filter(namespace -> tokens.admits(exchange, namespace.options()))
        .orElse(bus.root());
  }
}
