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
import io.undertow.server.protocol.http.HttpContinue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xnio.XnioExecutor;

/**
 * {@code /ns/<id>/_bus/namespace}: {@code PUT} creates the namespace with the options in its JSON
 * body (201; 200 if it exists with the same options; 409 if with others), {@code DELETE} drops it
 * (its parked polls are answered, its messages and journal discarded; 404 if there is none), so
 * that a long-running bus does not accumulate finished tests.
 */
final class NamespaceEndpoint {

  /** Options are a few short fields; anything longer is not an options object. */
  private static final int MAX_BODY_BYTES = 16 * 1024;

  /**
   * How much of an oversized body with a declared length is read and thrown away so that its client
   * reads the 413: a client that writes its whole body before it reads (Python's http.client) would
   * otherwise see a reset. It costs time on the I/O thread, not memory.
   */
  private static final long MAX_DISCARDED_BYTES = 16L << 20;

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
    String tooLarge =
        "namespace options are at most "
            + MAX_BODY_BYTES
            + " bytes of JSON, this request "
            + (exchange.getRequestContentLength() > 0
                ? "declares " + exchange.getRequestContentLength()
                : "sent more")
            + "; send only the options that differ from the defaults";
    if (exchange.getRequestContentLength() > MAX_BODY_BYTES
        && HttpContinue.requiresContinueResponse(exchange)) {
      // The client waits for a word before it sends the body (Undertow would answer an empty 417).
      exchange.setPersistent(false);
      JsonResponses.error(exchange, 413, tooLarge);
      return;
    }
    long discardable =
        Math.max(
            HttpSettings.MAX_DISCARDED_BYTES,
            Math.min(exchange.getRequestContentLength(), MAX_DISCARDED_BYTES));
    if (exchange.getRequestContentLength() > MAX_BODY_BYTES) {
      exchange.setMaxEntitySize(discardable);
    }
    // Callbacks and deadline run on the exchange's I/O thread; the flag only orders them.
    AtomicBoolean answered = new AtomicBoolean();
    XnioExecutor.Key deadline =
        answerAtDeadline(
            exchange,
            answered,
            408,
            "the namespace options did not arrive within "
                + bodyReadTimeout.toMillis()
                + " ms; send the whole body at once");
    // Read in parts and bounded here, whether the length is declared or the body chunked. A body
    // past the bound is read on and thrown away (a declared one up to 16 MiB, a chunked one up to
    // a mebibyte), so that a client that writes its whole body before it reads gets the 413.
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    long[] discarded = {0};
    exchange
        .getRequestReceiver()
        .receivePartialBytes(
            (receiving, part, last) -> {
              if (answered.get()) {
                return;
              }
              if (discarded[0] == 0 && body.size() + part.length <= MAX_BODY_BYTES) {
                body.write(part, 0, part.length);
              } else {
                discarded[0] += part.length;
                receiving.setPersistent(false);
              }
              if (discarded[0] > 0
                  && (last || discarded[0] > discardable)
                  && answered.compareAndSet(false, true)) {
                deadline.remove();
                JsonResponses.error(receiving, 413, tooLarge);
              } else if (last && answered.compareAndSet(false, true)) {
                deadline.remove();
                UnreadBodies.bodyRead(receiving);
                createWith(receiving, id, body.toByteArray());
              }
            },
            (failed, error) -> {
              if (!answered.compareAndSet(false, true)) {
                return;
              }
              deadline.remove();
              failed.setPersistent(false);
              JsonResponses.error(
                  failed,
                  discarded[0] > 0 ? 413 : 400,
                  discarded[0] > 0
                      ? tooLarge
                      : "could not read the namespace options ("
                          + (error.getMessage() == null ? error.toString() : error.getMessage())
                          + ")");
            });
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

  /**
   * Answers {@code status} with {@code error}, and closes the connection, once the body read
   * timeout has passed, unless {@code answered} was set first. The deadline goes when the exchange
   * ends: a client that left is answered nothing.
   *
   * @return the deadline, for the callback that answers first to remove
   */
  private XnioExecutor.Key answerAtDeadline(
      HttpServerExchange exchange, AtomicBoolean answered, int status, String error) {
    XnioExecutor.Key deadline =
        exchange
            .getIoThread()
            .executeAfter(
                () -> {
                  if (answered.compareAndSet(false, true)) {
                    exchange.setPersistent(false);
                    JsonResponses.error(exchange, status, error);
                  }
                },
                bodyReadTimeout.toMillis(),
                TimeUnit.MILLISECONDS);
    exchange.addExchangeCompleteListener(
        (done, next) -> {
          deadline.remove();
          next.proceed();
        });
    return deadline;
  }

  void drop(HttpServerExchange exchange, String id) throws Rejection {
    if (!bus.dropNamespace(id)) {
      throw new Rejection(404, nothingToDrop(id));
    }
    JsonResponses.send(exchange, 200, Map.of("ok", true, "dropped", true));
  }
}
