package dev.agentbus.embedded.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbus.client.protocol.ProtocolJson;
import dev.agentbus.client.protocol.SendAck;
import dev.agentbus.client.protocol.Timestamps;
import dev.agentbus.embedded.internal.core.BudgetExhaustedException;
import dev.agentbus.embedded.internal.core.NamespaceStoppedException;
import dev.agentbus.embedded.internal.core.StoredMessage;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.util.Headers;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.xnio.XnioExecutor;

/**
 * {@code POST /send}: reads the body without blocking, within a size limit and a time limit,
 * validates it field by field, and hands the message to the namespace.
 */
final class SendEndpoint implements Endpoint {

  private static final String ENDPOINT = "/send";

  private final HttpSettings settings;
  private final InFlightBytes bodiesInFlight;

  /**
   * @param settings the HTTP bounds
   * @param bodiesInFlight the cap on bytes of bodies being read, shared by every send
   */
  SendEndpoint(HttpSettings settings, InFlightBytes bodiesInFlight) {
    this.settings = settings;
    this.bodiesInFlight = bodiesInFlight;
  }

  @Override
  public void handle(HttpServerExchange exchange, AddressedNamespace target) throws Rejection {
    long declared = exchange.getRequestContentLength();
    BodyRead read = new BodyRead();
    if (declared > settings.maxBodyBytes()) {
      read.refuse(tooLarge());
    } else if (declared > 0 && !read.reserve(declared)) {
      // A declared length is reserved whole and at once, so that of two bodies that cannot
      // both fit, exactly one is refused; its body is still read, and thrown away, below.
      exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
      read.refuse(tooManyBodies());
    }
    if (read.refusal != null && HttpContinue.requiresContinueResponse(exchange)) {
      // The client waits for a word before it sends the body: refusing now spares sending it.
      exchange.setPersistent(false);
      throw read.refusal;
    }
    boolean chunked = exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING);
    // However the exchange ends (answered, refused, timed out, client gone), its bytes go back.
    exchange.addExchangeCompleteListener(
        (done, next) -> {
          read.release();
          if (!read.finished && !done.isResponseStarted()) {
            // Undertow ends the exchange on a malformed body before it reports the failure that
            // is journaled; the request log, next in line, shows the status journaled then.
            done.setStatusCode(read.refusal != null ? read.refusal.status() : 400);
          }
          next.proceed();
        });
    XnioExecutor.Key deadline =
        exchange
            .getIoThread()
            .executeAfter(
                () -> {
                  if (!read.finished) {
                    read.finish();
                    exchange.setPersistent(false);
                    target.reject(
                        exchange,
                        ENDPOINT,
                        read.refusal != null ? read.refusal : notArrived(chunked));
                  }
                },
                settings.bodyReadTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    // The body arrives in parts so that a chunked body can be cut off at the limit; all the
    // callbacks and the deadline run on this exchange's I/O thread, so read needs no lock.
    exchange
        .getRequestReceiver()
        .receivePartialBytes(
            (receiving, part, last) -> {
              if (read.finished) {
                return;
              }
              if (read.refusal == null) {
                if (read.size + part.length > settings.maxBodyBytes()) {
                  read.refuse(tooLarge());
                } else if (!read.add(part)) {
                  // Many bodies together would exhaust the heap: refuse this one.
                  receiving.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
                  read.refuse(tooManyBodies());
                }
              }
              if (read.refusal != null) {
                // A refused body is still read, up to a mebibyte, and thrown away, as mainstream
                // servers do: a client still writing it when the connection closes sees a reset
                // instead of the answer.
                read.discarded += part.length;
                if (!last && read.discarded <= HttpSettings.MAX_DISCARDED_BYTES) {
                  return;
                }
                read.finish();
                deadline.remove();
                if (last) {
                  UnreadBodies.bodyRead(receiving);
                }
                target.reject(receiving, ENDPOINT, read.refusal);
                return;
              }
              if (!last) {
                return;
              }
              byte[] body = read.bytes();
              read.finish();
              deadline.remove();
              UnreadBodies.bodyRead(receiving);
              try {
                accept(receiving, target, body);
              } catch (Rejection rejection) {
                target.reject(receiving, ENDPOINT, rejection);
              } catch (NamespaceStoppedException gone) {
                BusHttpHandler.refuseStopped(receiving, gone);
              } catch (BudgetExhaustedException full) {
                target.reject(receiving, ENDPOINT, new Rejection(507, full.getMessage()));
              }
            },
            (failed, error) -> {
              if (read.finished) {
                return;
              }
              read.finish();
              deadline.remove();
              failed.setPersistent(false);
              target.reject(
                  failed,
                  ENDPOINT,
                  read.refusal != null
                      ? read.refusal
                      : unreadable(error, chunked, read.size, declared));
            });
  }

  /**
   * The state of one body being read; touched only on the exchange's I/O thread, except {@link
   * #release}, which may run wherever the exchange completes.
   */
  private final class BodyRead {
    /** The parts as they came: kept apart, a body costs its bytes and not a doubling buffer's. */
    private final List<byte[]> parts = new ArrayList<>();

    private final AtomicLong reserved = new AtomicLong();
    int size;

    /** Why the body is refused, once it is: it is then read to its end and thrown away. */
    Rejection refusal;

    long discarded;
    boolean finished;

    /**
     * Reserves bytes ahead of the parts that will hold them.
     *
     * @return false, reserving nothing, when the bus holds too many body bytes already
     */
    boolean reserve(long bytes) {
      if (!bodiesInFlight.tryReserve(bytes)) {
        return false;
      }
      reserved.addAndGet(bytes);
      return true;
    }

    /**
     * Keeps a part, reserving what the reservation made ahead does not cover (all of a chunked
     * body's parts).
     *
     * @return false, keeping nothing more, when the bus holds too many body bytes already
     */
    boolean add(byte[] part) {
      long uncovered = size + part.length - reserved.get();
      if (uncovered > 0 && !reserve(uncovered)) {
        return false;
      }
      parts.add(part);
      size += part.length;
      return true;
    }

    byte[] bytes() {
      byte[] body = new byte[size];
      int at = 0;
      for (byte[] part : parts) {
        System.arraycopy(part, 0, body, at, part.length);
        at += part.length;
      }
      return body;
    }

    /** Refuses the body: what came of it and its reservation go back, the rest is ignored. */
    void refuse(Rejection why) {
      refusal = why;
      parts.clear();
      release();
    }

    /** Stops reading: whatever comes later is ignored, and the parts go back. */
    void finish() {
      finished = true;
      parts.clear();
      release();
    }

    /** Gives the reservation back; harmless to call again, from any thread. */
    void release() {
      bodiesInFlight.release(reserved.getAndSet(0));
    }
  }

  private void accept(HttpServerExchange exchange, AddressedNamespace target, byte[] bytes)
      throws Rejection {
    JsonNode body = parse(Utf8.decode(bytes));
    Map<String, String> seen = new LinkedHashMap<>();
    String from = name(body, "from", seen);
    String to = name(body, "to", seen);
    String msg = text(body, seen);
    String channel = channel(body, seen);
    String userAgent = BoundedText.cut(exchange.getRequestHeaders().getFirst(Headers.USER_AGENT));
    StoredMessage stored = target.accept().send(from, to, msg, channel, userAgent);
    JsonResponses.send(
        exchange, 200, new SendAck(true, Timestamps.fromMicros(stored.ts()), stored.channel()));
  }

  private static JsonNode parse(String text) throws Rejection {
    if (text.isBlank()) {
      throw new Rejection(400, "request body is empty; send a JSON object with from, to and msg");
    }
    JsonNode body;
    try {
      body = ProtocolJson.readTree(text);
    } catch (JsonProcessingException e) {
      throw new Rejection(
          400, "request body is not valid JSON: " + shorten(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new Rejection(400, "request body is not valid JSON: " + e.getMessage());
    }
    if (!body.isObject()) {
      throw new Rejection(
          400, "request body must be a JSON object with from, to and msg, got " + kind(body));
    }
    return body;
  }

  private static String name(JsonNode body, String field, Map<String, String> seen)
      throws Rejection {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      throw new Rejection(
          400, "field \"" + field + "\" is required: a non-empty string", Map.copyOf(seen));
    }
    if (!node.isTextual()) {
      throw new Rejection(
          400,
          "field \"" + field + "\" must be a non-empty string, got " + kind(node),
          Map.copyOf(seen));
    }
    if (node.textValue().isEmpty()) {
      throw new Rejection(400, "field \"" + field + "\" must not be empty", Map.copyOf(seen));
    }
    Names.check("field", field, node.textValue());
    seen.put(field, node.textValue());
    return node.textValue();
  }

  private static String text(JsonNode body, Map<String, String> seen) throws Rejection {
    JsonNode node = body.get("msg");
    if (node == null || node.isNull()) {
      throw new Rejection(400, "field \"msg\" is required: a string", Map.copyOf(seen));
    }
    if (!node.isTextual()) {
      throw new Rejection(
          400, "field \"msg\" must be a string, got " + kind(node), Map.copyOf(seen));
    }
    return node.textValue();
  }

  private static String channel(JsonNode body, Map<String, String> seen) throws Rejection {
    JsonNode node = body.get("channel");
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new Rejection(
          400,
          "field \"channel\" must be a string, or absent for channel default, got " + kind(node),
          Map.copyOf(seen));
    }
    Names.check("field", "channel", node.textValue());
    // An empty channel is what a client sends when its channel variable is set but blank.
    return node.textValue().isEmpty() ? null : node.textValue();
  }

  private static String shorten(String detail) {
    return detail.length() <= 200 ? detail : detail.substring(0, 200) + "...";
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT -> "an object";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case STRING -> "a string";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private Rejection notArrived(boolean chunked) {
    long millis = settings.bodyReadTimeout().toMillis();
    if (chunked) {
      return new Rejection(
          408,
          "the chunked request body did not end within "
              + millis
              + " ms: its last chunk (size 0) and the blank line after it never came (a chunk size"
              + " that is not hex counts as 0)");
    }
    return new Rejection(
        408,
        "request body did not arrive within "
            + millis
            + " ms (is Content-Length larger than the body?)");
  }

  /**
   * The refusal of a body whose read failed, naming the problem: a malformed chunked body, or a
   * connection that closed before the body ended.
   */
  /**
   * @param received the bytes of the body that arrived
   * @param declared its Content-Length, or -1 for none
   */
  private static Rejection unreadable(
      Throwable error, boolean chunked, long received, long declared) {
    String detail =
        error.getMessage() == null
            ? error.getClass().getName()
            : error.getClass().getSimpleName() + ": " + error.getMessage();
    if (!chunked && declared > received) {
      // Undertow reports this as a plain IOException, not as a closed channel.
      return new Rejection(
          400,
          "the connection closed after "
              + received
              + " of the "
              + declared
              + " bytes of the request body its Content-Length declared ("
              + detail
              + ")");
    }
    if (error instanceof ClosedChannelException || error instanceof EOFException) {
      return new Rejection(
          400,
          "the connection closed before the "
              + (chunked ? "chunked " : "")
              + "request body ended ("
              + detail
              + ")");
    }
    return new Rejection(
        400,
        (chunked ? "the chunked request body is malformed: " : "could not read the request body: ")
            + detail);
  }

  private Rejection tooManyBodies() {
    return new Rejection(
        503,
        "the bus is reading too many request bodies at once (they hold "
            + bodiesInFlight.reserved()
            + " of the "
            + bodiesInFlight.cap()
            + " bytes it holds while reading at most, maxBodyBytesInFlight); retry shortly");
  }

  private Rejection tooLarge() {
    return new Rejection(
        413, "request body is larger than the " + settings.maxBodyBytes() + "-byte limit");
  }
}
