package dev.agentbus.embedded.internal.http;

import dev.agentbus.embedded.internal.core.Namespace;
import dev.agentbus.embedded.journal.ParkedPolls;
import io.undertow.server.HttpServerExchange;

/**
 * {@code GET /_bus/parked?after=VERSION&timeout=SECONDS} (decimal seconds; default 30, at most
 * 300): the {@code /recv}s parked in the namespace right now, grouped by recipient and channel, as
 * {@code {"version":..,"asOfSeq":..,"polls":[{"at","to","channel","readsChannel","since","count"}
 * ...],"leftOut":..}}, within the bounds of {@link ParkedPolls}. With {@code after}, the request
 * parks (holding no thread) until the version differs from it, the timeout, or the namespace stops:
 * a watcher in another process sees each poll as it parks this way. The snapshot is taken and
 * written off the I/O threads.
 */
final class ParkedEndpoint implements Endpoint {

  private static final long MAX_TIMEOUT_SECONDS = 300;
  private static final long DEFAULT_TIMEOUT_SECONDS = 30;

  /** At most what a snapshot's listing takes as JSON, and about as much again while built. */
  private static final long WORKING_BYTES = 2L * ParkedPolls.MAX_LISTED_BYTES;

  private final AdminWork admin;
  private final ParkedAdminReads parkedReads;

  ParkedEndpoint(AdminWork admin, ParkedAdminReads parkedReads) {
    this.admin = admin;
    this.parkedReads = parkedReads;
  }

  @Override
  public void handle(HttpServerExchange exchange, AddressedNamespace target) throws Rejection {
    Namespace namespace = target.accept();
    QueryParams params = new QueryParams(exchange);
    boolean waits = params.text("after") != null;
    long after = params.number("after", 0, Long.MAX_VALUE, 0);
    long timeoutMillis =
        params.seconds("timeout", MAX_TIMEOUT_SECONDS, DEFAULT_TIMEOUT_SECONDS * 1000);
    AdminWork.Job snapshot = () -> AdminWork.Response.json(200, namespace.parkedNow());
    if (!waits) {
      admin.dispatch(exchange, () -> WORKING_BYTES, snapshot);
      return;
    }
    Runnable unpark = parkedReads.reserve(exchange, "/_bus/parked");
    ParkedAnswer.park(
        exchange,
        Math.max(1, timeoutMillis),
        () -> namespace.parkedVersion() != after || namespace.isStopped(),
        namespace::onParkedChange,
        () -> {
          unpark.run();
          admin.run(exchange, () -> WORKING_BYTES, snapshot);
        });
  }
}
