package dev.agentbus.embedded.internal.http;

import dev.agentbus.embedded.internal.core.Bus;
import dev.agentbus.embedded.internal.core.Namespace;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP face of the bus: strips the base path, picks the namespace ({@code /ns/<id>/...} or the
 * root), applies the production-parity checks, and routes to an endpoint. Every refusal is a JSON
 * error that the namespace's journal records.
 */
public final class BusHttpHandler implements HttpHandler {

  private static final String NAMESPACE_PREFIX = "/ns/";
  private static final String ADMIN_PREFIX = "/_bus/";

  /**
   * @param journaled whether refusals are recorded: the admin paths under {@code /_bus/} are not
   *     traffic, and journaling reads of the journal would feed a journal long-poll forever
   */
  private record Route(String method, Endpoint endpoint, boolean journaled) {}

  private final Bus bus;
  private final HttpSettings settings;
  private final Map<String, Route> routes = new LinkedHashMap<>();

  /**
   * @param bus the bus core
   * @param settings the HTTP knobs
   */
  public BusHttpHandler(Bus bus, HttpSettings settings) {
    this.bus = bus;
    this.settings = settings;
    routes.put("/send", new Route("POST", new SendEndpoint(settings), true));
    routes.put("/recv", new Route("GET", new RecvEndpoint(), true));
    routes.put("/inbox", new Route("GET", new InboxEndpoint(), true));
    routes.put("/healthz", new Route("GET", new HealthEndpoint(), true));
    long journalTimeout = bus.settings().recvTimeout().toMillis();
    routes.put("/_bus/journal", new Route("GET", new JournalEndpoint(journalTimeout), false));
    routes.put("/_bus/traffic", new Route("GET", new TrafficEndpoint(), false));
    routes.put("/_bus/transcript", new Route("GET", new TranscriptEndpoint(), false));
    routes.put("/_bus/namespace", new Route("DELETE", new DropNamespaceEndpoint(bus), false));
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (settings.requestLog() != null) {
      RequestLogLine.attach(exchange, settings.requestLog());
    }
    String path = exchange.getRequestPath();
    String base = settings.basePath();
    if (!base.isEmpty() && !path.equals(base) && !path.startsWith(base + "/")) {
      reject(exchange, bus.root(), path, new Rejection(404, notFound(path)));
      return;
    }
    String rest = path.substring(base.length());
    Namespace namespace = bus.root();
    if (rest.startsWith(NAMESPACE_PREFIX)) {
      int end = rest.indexOf('/', NAMESPACE_PREFIX.length());
      String id =
          end < 0
              ? rest.substring(NAMESPACE_PREFIX.length())
              : rest.substring(NAMESPACE_PREFIX.length(), end);
      if (!Bus.isValidNamespaceId(id)) {
        reject(exchange, namespace, rest, new Rejection(400, Bus.NAMESPACE_ID_RULE));
        return;
      }
      namespace = bus.namespace(id);
      rest = end < 0 ? "" : rest.substring(end);
    }
    Route route = routes.get(rest);
    boolean journaled = route == null ? !rest.startsWith(ADMIN_PREFIX) : route.journaled();
    try {
      checkAccess(exchange);
      if (route == null) {
        throw new Rejection(404, notFound(rest));
      }
      if (!route.method().equals(exchange.getRequestMethod().toString())) {
        exchange.getResponseHeaders().put(Headers.ALLOW, route.method());
        throw new Rejection(
            405,
            String.format(
                "%s %s is not supported; use %s %s",
                exchange.getRequestMethod(), rest, route.method(), rest));
      }
      route.endpoint().handle(exchange, namespace);
    } catch (Rejection rejection) {
      if (journaled) {
        reject(exchange, namespace, rest, rejection);
      } else {
        JsonResponses.error(exchange, rejection.status(), rejection.getMessage());
      }
    }
  }

  /**
   * Answers a refused request with its JSON error and journals it.
   *
   * @param exchange the request
   * @param namespace where it was addressed
   * @param endpoint the path within the namespace
   * @param rejection what was wrong
   */
  static void reject(
      HttpServerExchange exchange, Namespace namespace, String endpoint, Rejection rejection) {
    namespace.rejected(
        exchange.getRequestMethod().toString(),
        endpoint,
        rejection.status(),
        rejection.getMessage(),
        rejection.fields());
    if (exchange.isResponseStarted()) {
      return;
    }
    JsonResponses.error(exchange, rejection.status(), rejection.getMessage());
  }

  private void checkAccess(HttpServerExchange exchange) throws Rejection {
    if (settings.wafEmulation()) {
      String agent = exchange.getRequestHeaders().getFirst(Headers.USER_AGENT);
      if (agent == null || !agent.contains("Mozilla/")) {
        throw new Rejection(
            403,
            "request blocked by the firewall emulation: User-Agent "
                + (agent == null ? "is missing" : "'" + agent + "' does not look like a browser")
                + "; send User-Agent: Mozilla/5.0 as the public clients do");
      }
    }
    if (settings.bearerToken() != null) {
      String authorization = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
      if (!hasBearer(authorization, settings.bearerToken())) {
        exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
        throw new Rejection(
            401,
            authorization == null
                ? "this bus requires a bearer token: send Authorization: Bearer <token>"
                : "the bearer token is not valid for this bus");
      }
    }
  }

  private static boolean hasBearer(String authorization, String token) {
    String prefix = "bearer ";
    if (authorization == null
        || authorization.length() <= prefix.length()
        || !authorization.substring(0, prefix.length()).toLowerCase(Locale.ROOT).equals(prefix)) {
      return false;
    }
    byte[] offered =
        authorization.substring(prefix.length()).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(offered, token.getBytes(StandardCharsets.UTF_8));
  }

  private String notFound(String path) {
    return "no endpoint at "
        + path
        + "; this bus serves POST /send, GET /recv, GET /inbox and GET /healthz"
        + " (and GET /_bus/journal, /_bus/traffic, /_bus/transcript)"
        + (settings.basePath().isEmpty() ? "" : " under " + settings.basePath())
        + ", at the root and under /ns/<id>";
  }
}
