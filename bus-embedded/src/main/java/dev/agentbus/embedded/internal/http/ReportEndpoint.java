package dev.agentbus.embedded.internal.http;

import dev.agentbus.embedded.internal.core.Namespace;
import dev.agentbus.embedded.journal.TrafficSnapshot;
import dev.agentbus.embedded.report.HtmlReport;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /_bus/report}: the namespace's traffic as a live HTML page ({@link HtmlReport}), built
 * off the I/O threads under the admin bounds like the transcript. The page then long-polls {@code
 * _bus/journal} beside it and draws new traffic as it crosses. Served with a
 * Content-Security-Policy that lets the page run only its own inline code and fetch only from the
 * bus.
 */
final class ReportEndpoint implements Endpoint {

  /** Bytes of page an entry may render to, for estimating a page before it is built. */
  private static final long PAGE_BYTES_PER_ENTRY = 600;

  private final AdminWork admin;

  ReportEndpoint(AdminWork admin) {
    this.admin = admin;
  }

  @Override
  public void handle(HttpServerExchange exchange, AddressedNamespace target) throws Rejection {
    Namespace namespace = target.accept();
    var headers = exchange.getResponseHeaders();
    headers.put(
        new HttpString("Content-Security-Policy"),
        HtmlReport.contentSecurityPolicy() + "; frame-ancestors 'none'");
    headers.put(new HttpString("X-Content-Type-Options"), "nosniff");
    headers.put(new HttpString("Cache-Control"), "no-store");
    admin.dispatch(
        exchange,
        () ->
            AdminWork.reportBytes(
                namespace,
                entries ->
                    2 * Math.min(HtmlReport.MAX_BYTES, 64 * 1024 + entries * PAGE_BYTES_PER_ENTRY)),
        () ->
            new AdminWork.Response(
                200, "text/html; charset=utf-8", page(namespace).getBytes(StandardCharsets.UTF_8)));
  }

  private static String page(Namespace namespace) {
    TrafficSnapshot snapshot = namespace.snapshot();
    long next = snapshot.asOfSeq();
    if (next == Long.MAX_VALUE) {
      next = namespace.journal().nextSeq();
    }
    return HtmlReport.of(namespace.id(), namespace.channellessRecv(), snapshot)
        .followingJournalFrom(next)
        .html();
  }
}
