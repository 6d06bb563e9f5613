package dev.agentbus.embedded.internal.http;

import dev.agentbus.embedded.options.NamespaceOptions;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * Decides whether a request's bearer token admits it to a namespace: the server's token admits it
 * everywhere, a namespace's own token into that namespace. Immutable and thread-safe.
 */
final class TokenGate {

  private static final String BEARER = "bearer ";

  private final String serverToken;

  /**
   * @param serverToken the token every request must carry unless its namespace's own token admits
   *     it, or {@code null} for none
   */
  TokenGate(String serverToken) {
    this.serverToken = serverToken;
  }

  /**
   * @return whether the server itself requires a token
   */
  boolean serverTokenRequired() {
    return serverToken != null;
  }

  /**
   * @param exchange the request
   * @param options the options of the namespace the request uses (or would create)
   * @return whether the request may use that namespace
   */
  boolean admits(HttpServerExchange exchange, NamespaceOptions options) {
    if (serverToken == null && options.token() == null) {
      return true;
    }
    String authorization = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
    return carries(authorization, serverToken) || carries(authorization, options.token());
  }

  /**
   * @param exchange the request, which gets its {@code WWW-Authenticate} header
   * @return the 401 for a request that {@link #admits} refused
   */
  Rejection refusal(HttpServerExchange exchange) {
    exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
    return new Rejection(
        401,
        exchange.getRequestHeaders().contains(Headers.AUTHORIZATION)
            ? "the bearer token is not valid for this bus"
            : "this bus requires a bearer token: send Authorization: Bearer <token>");
  }

  /** Compares in constant time, so that the time taken tells nothing of the token. */
  private static boolean carries(String authorization, String token) {
    if (token == null
        || authorization == null
        || authorization.length() <= BEARER.length()
        || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
      return false;
    }
    byte[] offered =
        authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(offered, token.getBytes(StandardCharsets.UTF_8));
  }
}
