package dev.agentbus.embedded.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.client.protocol.ProtocolJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A plain HTTP/1.1 client for tests, speaking the protocol as a public client would. */
public final class BusHttp {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final URI base;
  private final Map<String, String> headers = new LinkedHashMap<>();

  /**
   * @param base the bus's base URL
   */
  public BusHttp(URI base) {
    this.base = base;
    headers.put("User-Agent", "Mozilla/5.0 (agent-bus tests)");
  }

  /** A copy that sends an extra header (or replaces one). */
  public BusHttp withHeader(String name, String value) {
    BusHttp copy = new BusHttp(base);
    copy.headers.putAll(headers);
    copy.headers.put(name, value);
    return copy;
  }

  /** A reply: status, parsed JSON body, raw text and headers. */
  public record Reply(int status, JsonNode json, String text, java.net.http.HttpHeaders headers) {
    public BigDecimal ts() {
      return json.get("ts").decimalValue();
    }

    public String error() {
      return json.get("error").asText();
    }
  }

  /** POSTs a JSON body to /send. */
  public Reply send(String from, String to, String msg, String channel) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("from", from);
    body.put("to", to);
    body.put("msg", msg);
    if (channel != null) {
      body.put("channel", channel);
    }
    return postRaw("/send", ProtocolJson.write(body));
  }

  /** POSTs raw bytes to a path. */
  public Reply postRaw(String path, byte[] body) {
    return await(postRawAsync(path, body));
  }

  /** POSTs raw bytes to a path without waiting. */
  public CompletableFuture<Reply> postRawAsync(String path, byte[] body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(BusHttp::reply);
  }

  /** GETs a path with query, e.g. {@code /recv?to=bob}. */
  public Reply get(String pathAndQuery) {
    return await(getAsync(pathAndQuery));
  }

  /** GETs without waiting. */
  public CompletableFuture<Reply> getAsync(String pathAndQuery) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(60));
    headers.forEach(request::header);
    return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(BusHttp::reply);
  }

  /** Sends any method to a path. */
  public Reply method(String method, String path) {
    return send(method, path, HttpRequest.BodyPublishers.noBody());
  }

  /** Sends any method to a path with a JSON body. */
  public Reply methodWithBody(String method, String path, String json) {
    return send(method, path, HttpRequest.BodyPublishers.ofString(json));
  }

  private Reply send(String method, String path, HttpRequest.BodyPublisher body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, body);
    headers.forEach(request::header);
    return await(
        HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
            .thenApply(BusHttp::reply));
  }

  /** Builds a /recv query with every value URL-encoded; {@code null} values are left out. */
  public static String recvQuery(
      String to, String channel, BigDecimal since, Boolean block, Integer max) {
    StringBuilder query = new StringBuilder("/recv?to=").append(encode(to));
    if (channel != null) {
      query.append("&channel=").append(encode(channel));
    }
    if (since != null) {
      query.append("&since=").append(since.toPlainString());
    }
    if (block != null) {
      query.append("&block=").append(block);
    }
    if (max != null) {
      query.append("&max=").append(max);
    }
    return query.toString();
  }

  /** The bodies of a /recv answer's messages, in order. */
  public static List<String> bodies(JsonNode recvAnswer) {
    List<String> bodies = new ArrayList<>();
    recvAnswer.get("messages").forEach(m -> bodies.add(m.get("msg").asText()));
    return bodies;
  }

  /** The public clients' cursor rule: {@code since = max(since, max(ts), now)}. */
  public static BigDecimal nextSince(BigDecimal since, JsonNode recvAnswer) {
    BigDecimal next = since;
    for (JsonNode message : recvAnswer.get("messages")) {
      next = next.max(message.get("ts").decimalValue());
    }
    return next.max(recvAnswer.get("now").decimalValue());
  }

  /** URL-encodes a query value. */
  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static Reply reply(HttpResponse<String> response) {
    JsonNode json;
    try {
      json = ProtocolJson.readTree(response.body());
    } catch (IOException e) {
      json = null;
    }
    return new Reply(response.statusCode(), json, response.body(), response.headers());
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      throw e;
    }
  }
}
