package dev.agentbus.maven;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * One {@code GET /healthz} against a bus just started, so that a goal returns only once the bus
 * answers. Uses {@link HttpURLConnection}: building a {@code java.net.http.HttpClient} would cost
 * the build a few hundred milliseconds for one request.
 */
final class HealthCheck {

  private static final int TIMEOUT_MILLIS = 5_000;

  private HealthCheck() {}

  /**
   * Blocks until the bus answers, at most 5 s to connect and 5 s to read.
   *
   * @param url the bus's base URL
   * @param token the bearer token it requires, or {@code null}
   * @throws IOException if it does not answer 200 in time
   */
  static void await(URI url, String token) throws IOException {
    HttpURLConnection connection =
        (HttpURLConnection) URI.create(url + "/healthz").toURL().openConnection();
    connection.setConnectTimeout(TIMEOUT_MILLIS);
    connection.setReadTimeout(TIMEOUT_MILLIS);
    connection.setRequestProperty("User-Agent", "Mozilla/5.0 (agent-bus maven plugin)");
    if (token != null && !token.isBlank()) {
      connection.setRequestProperty("Authorization", "Bearer " + token.strip());
    }
    try {
      int status = connection.getResponseCode();
      if (status != 200) {
        throw new IOException(url + "/healthz answered " + status + " instead of 200");
      }
      try (InputStream body = connection.getInputStream()) {
        body.readAllBytes();
      }
    } finally {
      connection.disconnect();
    }
  }
}
