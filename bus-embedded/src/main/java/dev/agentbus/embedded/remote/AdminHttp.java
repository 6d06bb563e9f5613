package dev.agentbus.embedded.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.client.protocol.ProtocolJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The admin side of a running bus over HTTP: one shared {@link HttpClient}, the token and
 * User-Agent on every request, and the bus's JSON errors turned into {@link RemoteBusException}s.
 * Thread-safe.
 */
final class AdminHttp {

  /** A request that does not wait on the bus gets this long to be answered. */
  static final Duration QUICK = Duration.ofSeconds(30);

  /** The answer of an admin request. */
  record Answer(int status, String body) {
    JsonNode json() {
      try {
        return ProtocolJson.readTree(body);
      } catch (IOException e) {
        throw new RemoteBusException(status, "the bus answered something that is not JSON", e);
      }
    }

    String error() {
      try {
        JsonNode node = ProtocolJson.readTree(body);
        if (node.hasNonNull("error")) {
          return node.get("error").asText();
        }
      } catch (IOException e) {
        // not a JSON error: report the text itself
      }
      return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }
  }

  private final HttpClient http;
  private final String token;
  private final String userAgent;

  AdminHttp(HttpClient http, String token, String userAgent) {
    this.http = http;
    this.token = token;
    this.userAgent = userAgent;
  }

  /**
   * @param namespaceToken a namespace's own token, or {@code null}
   * @return this client, sending that token instead of the connection's when there is one
   */
  AdminHttp withToken(String namespaceToken) {
    return namespaceToken == null ? this : new AdminHttp(http, namespaceToken, userAgent);
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  Answer get(URI url, Duration timeout) throws InterruptedException {
    return send(base(url, timeout).GET().build());
  }

  Answer put(URI url, String json) throws InterruptedException {
    return send(
        base(url, QUICK)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
            .build());
  }

  Answer post(URI url, String json) throws InterruptedException {
    return send(
        base(url, QUICK)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
            .build());
  }

  Answer delete(URI url) throws InterruptedException {
    return send(base(url, QUICK).DELETE().build());
  }

  /** Like {@link #get}, for callers that cannot be interrupted: restores the flag and fails. */
  Answer getUninterruptibly(URI url) {
    try {
      return get(url, QUICK);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteBusException(0, "interrupted while asking " + url, e);
    }
  }

  private HttpRequest.Builder base(URI url, Duration timeout) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(url).timeout(timeout).header("User-Agent", userAgent);
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private Answer send(HttpRequest request) throws InterruptedException {
    try {
      HttpResponse<String> response =
          http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new RemoteBusException(
          0,
          "could not reach the bus at "
              + request.uri()
              + " ("
              + e
              + "); is it running, and is the URL right?",
          e);
    }
  }

  static RemoteBusException refused(String what, Answer answer) {
    return new RemoteBusException(
        answer.status(), what + " was refused (" + answer.status() + "): " + answer.error(), null);
  }
}
