package dev.agentbus.client;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.client.protocol.ProtocolJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * HTTP for one client: joins paths to the base URL as the public clients do, sends the user agent
 * and token, and turns answers into protocol records or into {@link BusRejectedException} and
 * {@link BusUnreachableException}. Thread-safe; every request, its answer's body included, is
 * bounded by the request timeout, and an answer by {@link BoundedAnswer#MAX_BYTES}.
 *
 * <p>Redirects are not followed (the shared HTTP client never follows them): a redirected send may
 * turn into a GET or reach another host with the token, so a 3xx is refused with the address it
 * pointed to. Nothing is retried here; a POST never is, since a repeated send is a repeated
 * message.
 */
final class Transport {

  /** The reference server's body limit and our bus's default: the likeliest limit in the way. */
  private static final int USUAL_BODY_LIMIT = 65_536;

  /** The seconds form of {@code Retry-After}; nine digits are over thirty years. */
  private static final Pattern RETRY_AFTER_SECONDS = Pattern.compile("\\d{1,9}");

  /** Reads the body of a 200 answer; throws an {@link IOException} that says what is wrong. */
  interface AnswerReader<T> {
    T read(String body) throws IOException;
  }

  private final String base;
  private final String userAgent;
  private final String bearerToken;
  private final Duration requestTimeout;
  private final HttpClient http;

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
    this.http = explicitClient != null ? explicitClient : SharedHttpClient.get();
  }

  String base() {
    return base;
  }

  <T> T get(String pathAndQuery, String what, Class<T> type) {
    return get(pathAndQuery, what, body -> ProtocolJson.read(body, type));
  }

  <T> T get(String pathAndQuery, String what, AnswerReader<T> reader) {
    HttpRequest request = request(pathAndQuery).GET().build();
    return parse(exchange(request, what, false), reader, what);
  }

  <T> T post(String path, byte[] body, String what, AnswerReader<T> reader) {
    HttpRequest request =
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<String> response;
    try {
      response = exchange(request, what, true);
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
    return parse(response, reader, what);
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

  /**
   * @param sends whether the request delivers a message, which a broken exchange may or may not
   *     have done
   */
  private HttpResponse<String> exchange(HttpRequest request, String what, boolean sends) {
    // send, not sendAsync: it answers on this thread (no hop through the common pool), and an
    // interrupt (a listener's close) still cancels the exchange and abandons it at once
    try {
      return http.send(request, BoundedAnswer.handler(System.nanoTime(), requestTimeout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BusUnreachableException(what + " interrupted", e);
    } catch (IOException e) {
      Throwable cause = specific(e);
      throw new BusUnreachableException(
          what
              + " to "
              + base
              + " failed: "
              + cause.getClass().getSimpleName()
              + (cause.getMessage() == null ? "" : " " + cause.getMessage())
              + advice(cause, sends),
          cause);
    }
  }

  /**
   * The failure that {@code send} wrapped in a plain {@link IOException} of its own (it does so for
   * any failure it has no same-named copy for, such as an {@code EOFException}), so that the
   * message names what broke.
   */
  private static Throwable specific(IOException e) {
    return e.getClass() == IOException.class && e.getCause() instanceof IOException cause
        ? cause
        : e;
  }

  /** What a failed exchange means for the caller, and what to do next. */
  private String advice(Throwable cause, boolean sends) {
    if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException) {
      return "; is a bus running there? (start one with: java -jar agent-bus.jar serve)";
    }
    String delivered =
        sends
            ? "; the bus may or may not have accepted the message, so sending it again may"
                + " deliver it twice"
            : "";
    if (cause instanceof HttpTimeoutException) {
      return ": no answer within the client's request timeout of "
          + requestTimeout.toMillis()
          + " ms"
          + delivered
          + "; if the bus is merely slow, raise Builder.requestTimeout (keep it above the bus's"
          + " long-poll timeout, 30 s by default)";
    }
    if (cause instanceof IOException) {
      return ": the connection broke before a complete answer came"
          + delivered
          + "; retry, and if it keeps happening check the bus (or the proxy in front of it) at "
          + base;
    }
    return "";
  }

  private <T> T parse(HttpResponse<String> response, AnswerReader<T> reader, String what) {
    String body = response.body();
    int status = response.statusCode();
    if (status >= 300 && status < 400) {
      throw redirect(response, what);
    }
    if (status != 200) {
      String sentence = errorSentence(body);
      Duration retryAfter = retryAfter(response);
      String advice = null;
      if (!isBusError(body)) {
        advice =
            status == 403
                ? "that is not the bus's JSON error but a page from something in front of it,"
                    + " likely a web application firewall: the hosted bus's firewall refuses"
                    + " requests whose User-Agent does not look like a browser (this client"
                    + " sends '"
                    + userAgent
                    + "'; set AGENT_BUS_UA or Builder.userAgent to "
                    + AgentBusClient.DEFAULT_USER_AGENT
                    + ")"
                : "that is not the bus's JSON error: something in front of the bus at "
                    + base
                    + " answered in its place";
      }
      if (retryAfter != null) {
        String wait =
            "the answer asks to wait "
                + retryAfter.toSeconds()
                + " s (Retry-After) before retrying";
        advice = advice == null ? wait : advice + "; " + wait;
      }
      throw new BusRejectedException(what, status, sentence, advice, retryAfter);
    }
    if (body.isBlank()) {
      throw new BusUnreachableException(
          what
              + " answered 200 with an empty body where the protocol's JSON answer belongs; is "
              + base
              + " an agent bus? A proxy in front of it may have cut the answer off",
          null);
    }
    try {
      return reader.read(body);
    } catch (IOException e) {
      throw new BusUnreachableException(
          what
              + " answered 200 with a body"
              + contentType(response)
              + " that is not the protocol's answer: "
              + reason(e, body)
              + ": "
              + snippet(body)
              + "; is "
              + base
              + " an agent bus? A proxy, login page or firewall may be answering in its place",
          e);
    }
  }

  private BusRejectedException redirect(HttpResponse<String> response, String what) {
    String location = response.headers().firstValue("Location").orElse(null);
    String requested = response.request().uri().toString();
    String suffix = requested.substring(base.length());
    String fix;
    if (location != null && location.endsWith(suffix) && location.length() > suffix.length()) {
      fix =
          "if the bus has moved, point AGENT_BUS_URL at "
              + location.substring(0, location.length() - suffix.length());
    } else {
      fix = "point AGENT_BUS_URL at the bus's own address";
    }
    return new BusRejectedException(
        what,
        response.statusCode(),
        location == null ? "a redirect without a Location" : "a redirect to " + location,
        "this client does not follow redirects (a redirected send may be lost or repeated, and"
            + " the token must not travel to another host); "
            + fix,
        null);
  }

  /** A short reason for an unreadable body, in the user's terms rather than the parser's. */
  private static String reason(IOException e, String body) {
    if (e instanceof JsonEOFException
        || (e instanceof JsonParseException json
            && json.getLocation() != null
            && json.getLocation().getCharOffset() >= body.stripTrailing().length())) {
      return "it ends in the middle of a JSON document (cut short?)";
    }
    if (e instanceof JsonParseException json) {
      return "it is not well-formed JSON (" + firstLine(json.getOriginalMessage()) + ")";
    }
    if (e instanceof JsonProcessingException json) {
      return "it does not have the protocol's shape (" + firstLine(json.getOriginalMessage()) + ")";
    }
    return e.getMessage();
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("");
  }

  private static String contentType(HttpResponse<String> response) {
    return response
        .headers()
        .firstValue("Content-Type")
        .map(type -> " (Content-Type " + type + ")")
        .orElse("");
  }

  private static Duration retryAfter(HttpResponse<String> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .map(String::strip)
        .filter(value -> RETRY_AFTER_SECONDS.matcher(value).matches())
        .map(value -> Duration.ofSeconds(Long.parseLong(value)))
        .orElse(null);
  }

  private static boolean isBusError(String body) {
    try {
      JsonNode error = ProtocolJson.readTree(body).get("error");
      return error != null && error.isTextual();
    } catch (IOException | RuntimeException e) {
      return false;
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
    return body.isBlank() ? "(an empty body)" : snippet(body);
  }

  private static String snippet(String body) {
    String line = body.strip().replaceAll("\\s+", " ");
    return line.length() <= 200 ? line : line.substring(0, 200) + "...";
  }
}
