package dev.agentbus.embedded.internal.http;

import dev.agentbus.embedded.text.PrintableText;
import io.undertow.server.HttpServerExchange;
import java.util.Locale;
import java.util.function.Consumer;

/** Formats the one line the request log gets per answered request. */
final class RequestLogLine {

  private RequestLogLine() {}

  static void attach(HttpServerExchange exchange, Consumer<String> log) {
    long started = System.nanoTime();
    exchange.addExchangeCompleteListener(
        (done, next) -> {
          try {
            String query = done.getQueryString();
            log.accept(
                String.format(
                    Locale.ROOT,
                    "%s %s%s %d %.1f ms",
                    PrintableText.escape(BoundedText.cut(done.getRequestMethod().toString())),
                    PrintableText.escape(
                        BoundedText.cut(PercentDecoding.pathForDisplay(done.getRequestPath()))),
                    query == null || query.isEmpty()
                        ? ""
                        : "?" + PrintableText.escape(BoundedText.cut(query)),
                    done.getStatusCode(),
                    (System.nanoTime() - started) / 1e6));
          } finally {
            next.proceed();
          }
        });
  }
}
