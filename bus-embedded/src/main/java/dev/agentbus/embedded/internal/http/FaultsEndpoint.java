package dev.agentbus.embedded.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.client.protocol.ProtocolJson;
import dev.agentbus.embedded.faults.FaultRule;
import dev.agentbus.embedded.faults.FaultRuleJson;
import dev.agentbus.embedded.internal.core.Namespace;
import dev.agentbus.embedded.internal.core.NamespaceStoppedException;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /_bus/faults}: {@code POST} adds one in-bus fault rule (its JSON as {@link FaultRuleJson}
 * reads it) to the namespace, {@code DELETE} removes them all. A malformed rule is refused with a
 * 400 that names the field and the fix; a namespace that holds its most rules already answers 409.
 */
final class FaultsEndpoint implements Endpoint {

  /** A rule is a few short fields. */
  static final int MAX_BODY_BYTES = 4 * 1024;

  private final Duration bodyReadTimeout;

  FaultsEndpoint(Duration bodyReadTimeout) {
    this.bodyReadTimeout = bodyReadTimeout;
  }

  @Override
  public void handle(HttpServerExchange exchange, AddressedNamespace target) throws Rejection {
    Namespace namespace = target.accept();
    if (exchange.getRequestMethod().toString().equals("DELETE")) {
      namespace.clearFaults();
      JsonResponses.send(exchange, 200, Map.of("ok", true, "cleared", true));
      return;
    }
    SmallBody.read(
        exchange,
        new SmallBody.Limits(
            MAX_BODY_BYTES, "fault rules", "send one rule at a time", bodyReadTimeout),
        (read, bytes) -> add(read, namespace, bytes));
  }

  private static void add(HttpServerExchange exchange, Namespace namespace, byte[] bytes) {
    FaultRule rule;
    try {
      rule = FaultRuleJson.read(parse(bytes));
    } catch (IllegalArgumentException e) {
      JsonResponses.error(exchange, 400, e.getMessage());
      return;
    }
    try {
      namespace.addFault(rule);
    } catch (IllegalStateException e) {
      JsonResponses.error(exchange, 409, e.getMessage());
      return;
    } catch (NamespaceStoppedException e) {
      BusHttpHandler.refuseStopped(exchange, e);
      return;
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("ok", true);
    answer.put("rule", FaultRuleJson.write(rule));
    JsonResponses.send(exchange, 200, answer);
  }

  private static JsonNode parse(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    try {
      return ProtocolJson.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "a fault rule must be valid JSON ("
              + BoundedText.cut(e.getOriginalMessage())
              + "); send an object such as {\"fault\": \"drop\", \"next\": 1}");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "a fault rule must be valid JSON; send an object such as {\"fault\": \"drop\","
              + " \"next\": 1}");
    }
  }
}
