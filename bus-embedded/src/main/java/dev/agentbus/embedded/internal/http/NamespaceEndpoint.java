package dev.agentbus.embedded.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.client.protocol.ProtocolJson;
import dev.agentbus.embedded.internal.core.Bus;
import dev.agentbus.embedded.internal.core.TooManyNamespacesException;
import dev.agentbus.embedded.options.NamespaceConflictException;
import dev.agentbus.embedded.options.NamespaceOptions;
import dev.agentbus.embedded.options.OptionsJson;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /ns/<id>/_bus/namespace}: {@code PUT} creates the namespace with the options in its JSON
 * body (201; 200 if it exists with the same options; 409 if with others), {@code DELETE} drops it
 * (its parked polls are answered, its messages and journal discarded; 404 if there is none), so
 * that a long-running bus does not accumulate finished tests.
 */
final class NamespaceEndpoint {

  /** Options are a few short fields; anything longer is not an options object. */
  private static final int MAX_BODY_BYTES = 16 * 1024;

  private final Bus bus;
  private final Duration bodyReadTimeout;

  /**
   * @param bus the bus core
   * @param bodyReadTimeout how long the options may take to arrive
   */
  NamespaceEndpoint(Bus bus, Duration bodyReadTimeout) {
    this.bus = bus;
    this.bodyReadTimeout = bodyReadTimeout;
  }

  void create(HttpServerExchange exchange, String id) {
    SmallBody.read(
        exchange,
        new SmallBody.Limits(
            MAX_BODY_BYTES,
            "namespace options",
            "send only the options that differ from the defaults",
            bodyReadTimeout),
        (read, bytes) -> createWith(read, id, bytes));
  }

  private void createWith(HttpServerExchange exchange, String id, byte[] bytes) {
    try {
      NamespaceOptions options = parse(bytes, bus.defaults());
      Bus.Creation creation = bus.createNamespace(id, options);
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("ok", true);
      answer.put("created", creation.created());
      answer.put("namespace", id);
      answer.put("options", OptionsJson.write(creation.namespace().options(), false));
      JsonResponses.send(exchange, creation.created() ? 201 : 200, answer);
    } catch (NamespaceConflictException e) {
      JsonResponses.error(exchange, 409, e.getMessage());
    } catch (TooManyNamespacesException e) {
      JsonResponses.error(exchange, 507, e.getMessage());
    } catch (IllegalArgumentException e) {
      JsonResponses.error(exchange, 400, e.getMessage());
    }
  }

  /** Absent options, and an absent body, take the server's defaults. */
  private static NamespaceOptions parse(byte[] bytes, NamespaceOptions defaults)
      throws IllegalArgumentException {
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return defaults;
    }
    JsonNode json;
    try {
      json = ProtocolJson.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "namespace options are not valid JSON ("
              + BoundedText.cut(e.getOriginalMessage())
              + "); send an object such as {\"maxQueue\": 50}");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "namespace options are not valid JSON; send an object such as {\"maxQueue\": 50}");
    }
    return OptionsJson.read(json, defaults, false);
  }

  /**
   * @return the refusal of a DELETE of a namespace that does not exist, and of one whose own token
   *     the request lacks: the two must read alike
   */
  static String nothingToDrop(String id) {
    return "there is no namespace '"
        + id
        + "' to drop; if it has a token of its own, send Authorization: Bearer <token>";
  }

  void drop(HttpServerExchange exchange, String id) throws Rejection {
    if (!bus.dropNamespace(id)) {
      throw new Rejection(404, nothingToDrop(id));
    }
    JsonResponses.send(exchange, 200, Map.of("ok", true, "dropped", true));
  }
}
