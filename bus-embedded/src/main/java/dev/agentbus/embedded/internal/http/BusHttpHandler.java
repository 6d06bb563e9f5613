package dev.agentbus.embedded.internal.http;

import dev.agentbus.embedded.internal.core.Bus;
import dev.agentbus.embedded.internal.core.Namespace;
import dev.agentbus.embedded.internal.core.NamespaceStoppedException;
import dev.agentbus.embedded.options.FirewallRule;
import dev.agentbus.embedded.options.NamespaceOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xnio.IoUtils;

/**
 * The HTTP face of the bus: strips the base path, picks the namespace ({@code /ns/<id>/...} or the
 * root), applies the access checks, and routes to an endpoint.
 *
 * <p>Only the protocol paths create a namespace (with the bus's defaults, on first use) and only a
 * {@code PUT} of {@code /_bus/namespace} creates one with options; every other admin path answers
 * 404 for a namespace that does not exist. Every refusal is a JSON error. Refusals of protocol
 * requests are journaled in their namespace; a request refused for its token is journaled in the
 * root namespace only, and creates nothing.
 */
public final class BusHttpHandler implements HttpHandler, AutoCloseable {

  private static final String NAMESPACE_PREFIX = "/ns/";
  private static final String ADMIN_PREFIX = "/_bus/";
  private static final String NAMESPACE_PATH = "/_bus/namespace";

  /**
   * @param method the methods it takes, comma-separated as an Allow header lists them
   * @param protocol a protocol path: creates its namespace on first use, is journaled, and passes
   *     the firewall emulation; admin paths do none of these
   */
  private record Route(String method, Endpoint endpoint, boolean protocol) {}

  private final Bus bus;
  private final HttpSettings settings;
  private final AdminWork admin;
  private final NamespaceEndpoint namespaces;
  private final Map<String, Route> routes = new LinkedHashMap<>();
  private final TokenGate tokens;
  private final ConnectionGate connections;

  /**
   * @param bus the bus core
   * @param settings the HTTP knobs
   */
  public BusHttpHandler(Bus bus, HttpSettings settings) {
    this.bus = bus;
    this.settings = settings;
    this.tokens = new TokenGate(settings.bearerToken());
    InFlightBytes bodies = new InFlightBytes(settings.maxBodyBytesInFlight());
    InFlightBytes answers = new InFlightBytes(settings.maxAdminBytesInFlight());
    InFlightBytes polls = new InFlightBytes(settings.maxPollBytesInFlight());
    Map<String, InFlightBytes> inFlight = new LinkedHashMap<>();
    inFlight.put("bodyBytesInFlight", bodies);
    inFlight.put("adminBytesInFlight", answers);
    inFlight.put("pollBytesInFlight", polls);
    this.connections = new ConnectionGate(settings.maxConnections());
    this.admin = new AdminWork(answers);
    ParkedAdminReads parkedReads = new ParkedAdminReads(polls);
    this.namespaces = new NamespaceEndpoint(bus, settings.bodyReadTimeout());
    routes.put("/send", new Route("POST", new SendEndpoint(settings, bodies), true));
    routes.put("/recv", new Route("GET", new RecvEndpoint(polls), true));
    routes.put("/inbox", new Route("GET", new InboxEndpoint(), true));
    routes.put("/healthz", new Route("GET", new HealthEndpoint(), true));
    routes.put(
        "/_bus/info",
        new Route("GET", new InfoEndpoint(bus, settings, inFlight, connections), false));
    routes.put("/_bus/journal", new Route("GET", new JournalEndpoint(admin, parkedReads), false));
    routes.put("/_bus/traffic", new Route("GET", new TrafficEndpoint(admin), false));
    routes.put("/_bus/transcript", new Route("GET", new TranscriptEndpoint(admin), false));
    routes.put("/_bus/report", new Route("GET", new ReportEndpoint(admin), false));
    routes.put("/_bus/polls", new Route("GET", new PollsEndpoint(parkedReads), false));
    routes.put("/_bus/parked", new Route("GET", new ParkedEndpoint(admin, parkedReads), false));
    routes.put("/_bus/counts", new Route("GET", new CountsEndpoint(admin), false));
    routes.put(
        "/_bus/faults",
        new Route("POST, DELETE", new FaultsEndpoint(settings.bodyReadTimeout()), false));
    routes.put(
        "/_bus/faults/restart",
        new Route("POST", new RestartEndpoint(settings.bodyReadTimeout()), false));
    routes.put(
        "/_bus/faults/wire",
        new Route("POST", new WireFaultEndpoint(settings.bodyReadTimeout()), false));
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (settings.requestLog() != null) {
      RequestLogLine.attach(exchange, settings.requestLog());
    }
    String path;
    try {
      path = PercentDecoding.path(exchange.getRequestPath());
    } catch (IllegalArgumentException e) {
      reject(
          exchange,
          bus.root(),
          exchange.getRequestPath(),
          new Rejection(400, "the request path cannot be decoded: " + e.getMessage()));
      return;
    }
    String base = settings.basePath();
    if (!base.isEmpty() && !path.equals(base) && !path.startsWith(base + "/")) {
      reject(exchange, bus.root(), path, new Rejection(404, notFound(path)));
      return;
    }
    String rest = path.substring(base.length());
    String id = null;
    if (rest.startsWith(NAMESPACE_PREFIX)) {
      int end = rest.indexOf('/', NAMESPACE_PREFIX.length());
      id =
          end < 0
              ? rest.substring(NAMESPACE_PREFIX.length())
              : rest.substring(NAMESPACE_PREFIX.length(), end);
      if (!Bus.isValidNamespaceId(id)) {
        reject(exchange, bus.root(), rest, new Rejection(400, Bus.NAMESPACE_ID_RULE));
        return;
      }
      rest = end < 0 ? "" : rest.substring(end);
    }
    Optional<Namespace> existing = id == null ? Optional.of(bus.root()) : bus.existingNamespace(id);
    if (existing.isPresent() && existing.get().isDown() && !rest.startsWith(ADMIN_PREFIX)) {
      // A restart a test asked for: its process is dead, so nothing answers. The admin paths
      // keep answering, for the test to watch.
      cutConnection(exchange);
      return;
    }
    // A namespace that does not exist yet would be created with the defaults.
    NamespaceOptions options = existing.map(Namespace::options).orElse(bus.defaults());
    boolean admitted = tokens.admits(exchange, options);
    if (rest.equals(NAMESPACE_PATH)) {
      manageNamespace(exchange, id, path, admitted);
      return;
    }
    Route route = routes.get(rest);
    boolean protocol = route == null ? !rest.startsWith(ADMIN_PREFIX) : route.protocol();
    if (!admitted && !protocol && hidesItsExistence(existing)) {
      JsonResponses.error(exchange, 404, noSuchNamespace(id));
      return;
    }
    if (!admitted) {
      // Journaled where it cannot crowd out anybody's traffic, and creating nothing.
      reject(exchange, bus.root(), path, tokens.refusal(exchange));
      return;
    }
    if (existing.isEmpty() && !protocol) {
      JsonResponses.error(exchange, 404, noSuchNamespace(id));
      return;
    }
    AddressedNamespace target =
        existing.isPresent()
            ? AddressedNamespace.existing(existing.get())
            : AddressedNamespace.onAccept(bus, id, exchange, tokens);
    try {
      if (route == null) {
        throw new Rejection(404, notFound(path));
      }
      if (!List.of(route.method().split(", ")).contains(exchange.getRequestMethod().toString())) {
        exchange.getResponseHeaders().put(Headers.ALLOW, route.method());
        throw new Rejection(
            405,
            String.format(
                "%s %s is not supported; use %s %s",
                BoundedText.cut(exchange.getRequestMethod().toString()),
                rest,
                route.method().replace(", ", " or "),
                rest));
      }
      if (protocol) {
        checkFirewall(exchange, options);
      }
      checkContentLength(exchange);
      route.endpoint().handle(exchange, target);
    } catch (Rejection rejection) {
      if (protocol) {
        target.reject(exchange, rest, rejection);
      } else {
        JsonResponses.error(exchange, rejection.status(), rejection.getMessage());
      }
    } catch (NamespaceStoppedException stopped) {
      refuseStopped(exchange, stopped);
    }
  }

  /**
   * Closes the request's connection without an answer, as a process that died would leave it.
   *
   * @param exchange the request
   */
  static void cutConnection(HttpServerExchange exchange) {
    exchange.setPersistent(false);
    IoUtils.safeClose(exchange.getConnection());
  }

  /**
   * Whether a namespace that refused a request for its own token answers it as if it did not exist:
   * so it does wherever a missing namespace would not be created, so that an outsider cannot tell
   * which ids exist. A server token refuses every namespace alike, with a 401.
   */
  private boolean hidesItsExistence(Optional<Namespace> refusing) {
    return !tokens.serverTokenRequired() && refusing.isPresent() && refusing.get() != bus.root();
  }

  /**
   * Refuses a request whose namespace was dropped, or whose bus stopped, while it was in flight:
   * 410 for a dropped namespace (resending creates it anew), 503 for a stopping bus. Not journaled:
   * the journal went with the namespace.
   *
   * @param exchange the request
   * @param stopped what happened
   */
  static void refuseStopped(HttpServerExchange exchange, NamespaceStoppedException stopped) {
    JsonResponses.error(
        exchange, stopped.namespaceId().isEmpty() ? 503 : 410, stopped.getMessage());
  }

  /**
   * Creates or drops a namespace. What can be refused without knowing the namespace (the length
   * header, the method, the root) is refused first, alike for every id, so that only the token
   * check tells one namespace from another, and only to a request that could create one.
   */
  private void manageNamespace(
      HttpServerExchange exchange, String id, String path, boolean admitted) {
    String method = exchange.getRequestMethod().toString();
    try {
      checkContentLength(exchange);
      if (!method.equals("PUT") && !method.equals("DELETE")) {
        exchange.getResponseHeaders().put(Headers.ALLOW, "PUT, DELETE");
        throw new Rejection(
            405,
            BoundedText.cut(method)
                + " "
                + NAMESPACE_PATH
                + " is not supported; use PUT to create the namespace or DELETE to drop it");
      }
      if (id == null) {
        throw new Rejection(
            400,
            "the root namespace is always there and cannot be created or dropped; use"
                + " /ns/<id>/_bus/namespace");
      }
    } catch (Rejection rejection) {
      JsonResponses.error(exchange, rejection.status(), rejection.getMessage());
      return;
    }
    if (!admitted && method.equals("DELETE") && hidesItsExistence(bus.existingNamespace(id))) {
      JsonResponses.error(exchange, 404, NamespaceEndpoint.nothingToDrop(id));
      return;
    }
    if (!admitted) {
      reject(exchange, bus.root(), path, tokens.refusal(exchange));
      return;
    }
    if (method.equals("PUT")) {
      namespaces.create(exchange, id);
      return;
    }
    try {
      namespaces.drop(exchange, id);
    } catch (Rejection rejection) {
      JsonResponses.error(exchange, rejection.status(), rejection.getMessage());
    }
  }

  /**
   * Answers a refused request with its JSON error and journals it.
   *
   * @param exchange the request
   * @param namespace where it is journaled
   * @param endpoint the path within the namespace
   * @param rejection what was wrong
   */
  static void reject(
      HttpServerExchange exchange, Namespace namespace, String endpoint, Rejection rejection) {
    Map<String, String> fields = new LinkedHashMap<>();
    rejection.fields().forEach((name, value) -> fields.put(name, BoundedText.cut(value)));
    namespace.rejected(
        BoundedText.cut(exchange.getRequestMethod().toString()),
        BoundedText.cut(endpoint),
        rejection.status(),
        BoundedText.cut(rejection.getMessage()),
        fields);
    if (exchange.isResponseStarted()) {
      return;
    }
    JsonResponses.error(exchange, rejection.status(), rejection.getMessage());
  }

  private static void checkFirewall(HttpServerExchange exchange, NamespaceOptions options)
      throws Rejection {
    if (!options.waf()) {
      return;
    }
    Optional<String> refusal =
        FirewallRule.refusal(exchange.getRequestHeaders().getFirst(Headers.USER_AGENT));
    if (refusal.isPresent()) {
      throw new Rejection(403, refusal.get());
    }
  }

  /**
   * Refuses a Content-Length that is not a number that fits a long (in practice digits too many for
   * one), which Undertow passes on unparsed and which would otherwise fail the first {@code
   * getRequestContentLength()} with a NumberFormatException. The connection is closed: the body it
   * announced is never read.
   */
  private void checkContentLength(HttpServerExchange exchange) throws Rejection {
    String declared = exchange.getRequestHeaders().getFirst(Headers.CONTENT_LENGTH);
    if (declared == null) {
      return;
    }
    try {
      exchange.getRequestContentLength();
    } catch (NumberFormatException e) {
      exchange.setPersistent(false);
      if (!declared.trim().chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new Rejection(
            400,
            "header Content-Length must be a number of bytes, got '"
                + BoundedText.cut(declared)
                + "'; send the body's length in decimal");
      }
      throw new Rejection(
          413,
          "request body is larger than the "
              + settings.maxBodyBytes()
              + "-byte limit: Content-Length "
              + BoundedText.cut(declared)
              + " does not even fit in 64 bits; send a smaller body");
    }
  }

  /** The same answer for a namespace that does not exist and for one whose token is missing. */
  private static String noSuchNamespace(String id) {
    return "there is no namespace '"
        + id
        + "' on this bus that this request may read: create it with PUT /ns/"
        + id
        + "/_bus/namespace, or send to it (a protocol request creates it with the defaults); if it"
        + " has a token of its own, send Authorization: Bearer <token>";
  }

  private String notFound(String path) {
    return "no endpoint at "
        + BoundedText.cut(path)
        + "; this bus serves POST /send, GET /recv, GET /inbox and GET /healthz"
        + " (and GET /_bus/info, /_bus/journal, /_bus/traffic, /_bus/transcript, /_bus/report,"
        + " /_bus/polls, /_bus/parked, /_bus/counts, POST and DELETE /_bus/faults, POST"
        + " /_bus/faults/restart and /_bus/faults/wire)"
        + (settings.basePath().isEmpty() ? "" : " under " + settings.basePath())
        + ", at the root and under /ns/<id>";
  }

  /**
   * @return what bounds the connections and the request heads they send, for the listener to admit
   *     connections through and the outermost handler to report handled requests to
   */
  public ConnectionGate connections() {
    return connections;
  }

  /** Stops the admin pool. */
  @Override
  public void close() {
    admin.close();
  }
}
