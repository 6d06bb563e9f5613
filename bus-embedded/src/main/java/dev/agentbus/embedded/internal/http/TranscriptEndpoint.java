package dev.agentbus.embedded.internal.http;

import dev.agentbus.embedded.internal.core.Namespace;
import dev.agentbus.embedded.traffic.Transcript;
import io.undertow.server.HttpServerExchange;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /_bus/transcript?max=N}: the namespace's traffic for a human, as plain text, rendered
 * off the I/O threads. It shows the newest {@code max} messages (default 2,000, at most 20,000),
 * within {@link #MAX_CHARS} characters of lines each cut at 2,000, and says how many earlier ones
 * it left out: the full record is {@code /_bus/journal}.
 */
final class TranscriptEndpoint implements Endpoint {

  private static final int DEFAULT_MAX = 2_000;
  private static final int MAX = 20_000;

  /**
   * The most characters of traffic lines one transcript renders (the newest are kept), so that many
   * long names cannot make a transcript too large to build.
   */
  static final long MAX_CHARS = 4L * 1024 * 1024;

  private final AdminWork admin;

  TranscriptEndpoint(AdminWork admin) {
    this.admin = admin;
  }

  @Override
  public void handle(HttpServerExchange exchange, AddressedNamespace target) throws Rejection {
    Namespace namespace = target.accept();
    int max = (int) new QueryParams(exchange).number("max", 1, MAX, DEFAULT_MAX);
    admin.dispatch(
        exchange,
        // the text is at most MAX_CHARS, two bytes each
        () ->
            AdminWork.reportBytes(
                namespace,
                entries -> 2 * Math.min(MAX_CHARS, entries * AdminWork.TRANSCRIPT_CHARS_PER_ENTRY)),
        () ->
            new AdminWork.Response(
                200,
                "text/plain; charset=utf-8",
                render(namespace, max).getBytes(StandardCharsets.UTF_8)));
  }

  private static String render(Namespace namespace, int max) {
    return Transcript.render(TrafficEndpoint.analyze(namespace), MAX_CHARS, max);
  }
}
