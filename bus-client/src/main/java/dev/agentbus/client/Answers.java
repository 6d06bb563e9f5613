package dev.agentbus.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.client.protocol.BusMessage;
import dev.agentbus.client.protocol.ProtocolJson;
import dev.agentbus.client.protocol.RecvResult;
import dev.agentbus.client.protocol.SendAck;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the bodies of 200 answers field by field, so that an answer which is JSON but not the
 * protocol's (an array, an object without its fields, a message without a body) is refused with a
 * sentence naming the field, instead of reaching the caller as a record full of nulls.
 *
 * <p>A {@code /recv} answer is refused whole when it cannot be placed on the cursor (no {@code
 * messages} array, a message without a {@code ts}); a message that has its {@code ts} but lacks a
 * sender or body is left out and listed as {@linkplain Received#unreadable() unreadable}, so that
 * the messages around it are still delivered and the cursor still moves. Stateless; thread-safe.
 */
final class Answers {

  private static final int MAX_SHOWN = 200;

  private Answers() {}

  /** A message of a {@code /recv} answer that was left out, and why. */
  record Unreadable(BigDecimal ts, String problem, String json) {}

  /**
   * A {@code /recv} answer: the messages that could be read, and those that could not.
   *
   * @param result the readable messages and a {@code now} that the cursor rule can trust
   * @param unreadable the messages left out, oldest first
   */
  record Received(RecvResult result, List<Unreadable> unreadable) {
    Received {
      unreadable = List.copyOf(unreadable);
    }
  }

  /**
   * @throws IOException naming what is wrong, when the body is not an acknowledgement
   */
  static SendAck sendAck(String body) throws IOException {
    JsonNode tree = object(body);
    JsonNode ok = tree.get("ok");
    if (ok == null || !ok.isBoolean() || !ok.booleanValue()) {
      throw new IOException(
          "it does not say \"ok\": true (it says "
              + (ok == null ? "nothing" : ok.toString())
              + "), so nothing confirms the message was accepted");
    }
    BigDecimal ts = decimal(tree.get("ts"));
    if (ts == null) {
      throw new IOException("its \"ts\" is missing or not a number");
    }
    return new SendAck(true, ts, text(tree.get("channel")));
  }

  /**
   * @param max the {@code max} the poll asked for, for the cursor rule of a cut answer
   * @throws IOException naming what is wrong, when the body cannot be placed on the cursor
   */
  static Received recv(String body, int max) throws IOException {
    JsonNode tree = object(body);
    JsonNode messages = tree.get("messages");
    if (messages == null || !messages.isArray()) {
      throw new IOException(
          "it has no \"messages\" array"
              + (messages == null ? "" : " (\"messages\" is " + shown(messages) + ")"));
    }
    JsonNode nowNode = tree.get("now");
    BigDecimal now = null;
    if (nowNode != null && !nowNode.isNull()) {
      now = decimal(nowNode);
      if (now == null) {
        throw new IOException("its \"now\" is not a number: " + shown(nowNode));
      }
    }
    List<BusMessage> readable = new ArrayList<>();
    List<Unreadable> unreadable = new ArrayList<>();
    BigDecimal newest = null;
    int count = messages.size();
    for (int i = 0; i < count; i++) {
      JsonNode message = messages.get(i);
      String which = "message " + (i + 1) + " of " + count;
      if (!message.isObject()) {
        throw new IOException(which + " is not an object: " + shown(message));
      }
      BigDecimal ts = decimal(message.get("ts"));
      if (ts == null) {
        throw new IOException(
            which
                + " has no numeric \"ts\", so the client cannot tell which messages come after"
                + " it: "
                + shown(message));
      }
      newest = newest == null ? ts : newest.max(ts);
      String problem = messageProblem(message);
      if (problem != null) {
        unreadable.add(new Unreadable(ts, problem, shown(message)));
      } else {
        readable.add(
            new BusMessage(
                ts,
                message.get("from").textValue(),
                message.get("msg").textValue(),
                text(message.get("channel"))));
      }
    }
    if (!unreadable.isEmpty() && count >= max) {
      // Cut at max: go on after its newest message, as RecvResult.nextSince does for a full answer,
      // although fewer than max messages are left in the result.
      now = newest;
    }
    return new Received(new RecvResult(readable, now), unreadable);
  }

  private static String messageProblem(JsonNode message) {
    for (String field : List.of("from", "msg")) {
      JsonNode value = message.get(field);
      if (value == null || value.isNull()) {
        return "its \"" + field + "\" is missing";
      }
      if (!value.isTextual()) {
        return "its \"" + field + "\" is not a string but " + shown(value);
      }
    }
    JsonNode channel = message.get("channel");
    if (channel != null && !channel.isNull() && !channel.isTextual()) {
      return "its \"channel\" is not a string but " + shown(channel);
    }
    return null;
  }

  private static JsonNode object(String body) throws IOException {
    JsonNode tree = ProtocolJson.readTree(body);
    if (tree == null || !tree.isObject()) {
      throw new IOException(
          "it is "
              + (tree == null
                  ? "empty"
                  : "a JSON " + tree.getNodeType().name().toLowerCase(Locale.ROOT))
              + ", not a JSON object");
    }
    return tree;
  }

  /** A number, or decimal text; {@code null} for anything else. */
  private static BigDecimal decimal(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isNumber()) {
      return node.decimalValue();
    }
    if (node.isTextual()) {
      try {
        return new BigDecimal(node.textValue().strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static String text(JsonNode node) {
    return node != null && node.isTextual() ? node.textValue() : null;
  }

  private static String shown(JsonNode node) {
    String json = node.toString();
    return json.length() <= MAX_SHOWN ? json : json.substring(0, MAX_SHOWN) + "...";
  }
}
