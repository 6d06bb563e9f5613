package dev.agentbus.embedded.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.client.protocol.ProtocolJson;
import dev.agentbus.embedded.NamespaceConflictException;
import dev.agentbus.embedded.NamespaceOptions;
import dev.agentbus.embedded.internal.core.Bus;
import dev.agentbus.embedded.internal.core.TooManyNamespacesException;
import dev.agentbus.embedded.internal.json.OptionsJson;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpContinue;
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
    if (exchange.getRequestContentLength() > MAX_BODY_BYTES) {
      refuseTooLarge(exchange);
      return;
    }
    exchange.setMaxEntitySize(MAX_BODY_BYTES);
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
    exchange
        .getRequestReceiver()
        .receiveFullBytes(
            (done, bytes) -> {
              if (!answered.compareAndSet(false, true)) {
                return;
              }
              deadline.remove();
              UnreadBodies.bodyRead(done);
              try {
                NamespaceOptions options = parse(bytes, bus.defaults());
                Bus.Creation creation = bus.createNamespace(id, options);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("ok", true);
                body.put("created", creation.created());
                body.put("namespace", id);
                body.put("options", OptionsJson.write(creation.namespace().options(), false));
                JsonResponses.send(done, creation.created() ? 201 : 200, body);
              } catch (NamespaceConflictException e) {
                JsonResponses.error(done, 409, e.getMessage());
              } catch (TooManyNamespacesException e) {
                JsonResponses.error(done, 507, e.getMessage());
              } catch (IllegalArgumentException e) {
                JsonResponses.error(done, 400, e.getMessage());
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
                  400,
                  "could not read the namespace options: send at most "
                      + MAX_BODY_BYTES
                      + " bytes of JSON ("
                      + (error.getMessage() == null ? error.toString() : error.getMessage())
                      + ")");
            });
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
   * Refuses options declared larger than they may be with a 413: at once when the client waits for
   * {@code 100 Continue} (Undertow would answer an empty 417), else after reading and throwing away
   * up to a mebibyte of the body, so that a client that writes its whole body before it reads
   * (Python's http.client does) reads the answer rather than a broken pipe. The connection is
   * closed after the answer.
   */
  private void refuseTooLarge(HttpServerExchange exchange) {
    exchange.setPersistent(false);
    String refusal =
        "namespace options are at most "
            + MAX_BODY_BYTES
            + " bytes of JSON, this request declares "
            + exchange.getRequestContentLength()
            + "; send only the options that differ from the defaults";
    if (HttpContinue.requiresContinueResponse(exchange)) {
      JsonResponses.error(exchange, 413, refusal);
      return;
    }
    // Callbacks and deadline run on the exchange's I/O thread; the flag only orders them.
    AtomicBoolean answered = new AtomicBoolean();
    long[] discarded = {0};
    XnioExecutor.Key deadline = answerAtDeadline(exchange, answered, 413, refusal);
    exchange
        .getRequestReceiver()
        .receivePartialBytes(
            (receiving, part, last) -> {
              discarded[0] += part.length;
              if ((last || discarded[0] > HttpSettings.MAX_DISCARDED_BYTES)
                  && answered.compareAndSet(false, true)) {
                deadline.remove();
                JsonResponses.error(receiving, 413, refusal);
              }
            },
            (failed, error) -> {
              if (answered.compareAndSet(false, true)) {
                deadline.remove();
                JsonResponses.error(failed, 413, refusal);
              }
            });
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
