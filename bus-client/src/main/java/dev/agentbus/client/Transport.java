package dev.agentbus.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.client.protocol.ProtocolJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * HTTP for one client: joins paths to the base URL as the public clients do, sends the user agent
 * and token, and turns answers into protocol records or into {@link BusRejectedException} and
 * {@link BusUnreachableException}. Thread-safe; every request is bounded by the request timeout.
 */
final class Transport implements AutoCloseable {

  /** The reference server's body limit and our bus's default: the likeliest limit in the way. */
  private static final int USUAL_BODY_LIMIT = 65_536;

  private final String base;
  private final String userAgent;
  private final String bearerToken;
  private final Duration requestTimeout;
  private final HttpClient http;
  private final SharedHttpClient.Lease lease;

  Transport(
      String base,
      String userAgent,
      String bearerToken,
      Duration requestTimeout,
      HttpClient explicitClient) {
    this.base = base;
    this.userAgent = userAgent;
    this.bearerToken = bearerToken;
    this.requestTimeout = requestTimeout;
    if (explicitClient != null) {
      this.lease = null;
      this.http = explicitClient;
    } else {
      this.lease = SharedHttpClient.acquire();
      this.http = lease.client();
    }
  }

  String base() {
    return base;
  }

  <T> T get(String pathAndQuery, String what, Class<T> type) {
    HttpRequest request = request(pathAndQuery).GET().build();
    return parse(exchange(request, what), type, what);
  }

  <T> T post(String path, byte[] body, String what, Class<T> type) {
    HttpRequest request =
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<String> response;
    try {
      response = exchange(request, what);
    } catch (BusUnreachableException e) {
      if (body.length > USUAL_BODY_LIMIT && !Thread.currentThread().isInterrupted()) {
        // A bus that refuses a body may close the connection while it is still being written,
        // so the refusal never arrives; say what probably happened instead of "unreachable".
        throw new BusUnreachableException(
            e.getMessage()
                + " while sending a "
                + body.length
                + "-byte body: the bus may have refused it as larger than its limit (65,536"
                + " bytes by default); send large payloads with sendChunked or sendFile",
            e.getCause());
      }
      throw e;
    }
    if (response.statusCode() == 413) {
      throw new BusRejectedException(
          what,
          413,
          errorSentence(response.body())
              + " (this body: "
              + body.length
              + " bytes); send large payloads with sendChunked or sendFile");
    }
    return parse(response, type, what);
  }

  /** Releases the shared HTTP client, if this transport used it. */
  @Override
  public void close() {
    if (lease != null) {
      lease.close();
    }
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + pathAndQuery))
            .timeout(requestTimeout)
            .header("User-Agent", userAgent);
    if (bearerToken != null) {
      request.header("Authorization", "Bearer " + bearerToken);
    }
    return request;
  }

  private HttpResponse<String> exchange(HttpRequest request, String what) {
    // sendAsync, so that an interrupt (a listener's close) abandons the request at once
    CompletableFuture<HttpResponse<String>> future =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new BusUnreachableException(what + " interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new BusUnreachableException(
          what
              + " to "
              + base
              + " failed: "
              + cause.getClass().getSimpleName()
              + (cause.getMessage() == null ? "" : " " + cause.getMessage())
              + (cause instanceof ConnectException
                  ? "; is a bus running there? (start one with: java -jar agent-bus.jar serve)"
                  : ""),
          cause);
    }
  }

  private static <T> T parse(HttpResponse<String> response, Class<T> type, String what) {
    String body = response.body();
    if (response.statusCode() != 200) {
      throw new BusRejectedException(what, response.statusCode(), errorSentence(body));
    }
    try {
      return ProtocolJson.read(body, type);
    } catch (IOException e) {
      throw new BusUnreachableException(
          what + " answered 200 with something that is not the protocol's JSON: " + snippet(body),
          e);
    }
  }

  private static String errorSentence(String body) {
    try {
      JsonNode error = ProtocolJson.readTree(body).get("error");
      if (error != null && error.isTextual()) {
        return error.textValue();
      }
    } catch (IOException | RuntimeException e) {
      // not the bus's JSON error: fall through to the raw body
    }
    return snippet(body);
  }

  private static String snippet(String body) {
    String line = body.strip().replaceAll("\\s+", " ");
    return line.length() <= 200 ? line : line.substring(0, 200) + "...";
  }
}
