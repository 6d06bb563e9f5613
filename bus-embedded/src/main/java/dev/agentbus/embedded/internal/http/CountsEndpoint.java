package dev.agentbus.embedded.internal.http;

import dev.agentbus.embedded.internal.core.Namespace;
import dev.agentbus.embedded.journal.ParkedPolls;
import io.undertow.server.HttpServerExchange;

/**
 * {@code GET /_bus/counts}: the namespace's exact counts, which the journal's bounds never drop,
 * and the polls parked at the same moment, as {@code {"parked": {...as /_bus/parked...}, "counts":
 * {"asOfSeq","sent","delivered","evicted","evictedAfterDelivery","droppedUndelivered","rejected":
 * {"401": n...},"rejectedNotJournaled","evictions":[...],"evictionsLeftOut"}}}. Both are of one
 * journal position ({@code asOfSeq}), so that a reader in another process analyses the journal's
 * entries before it into the same report as the bus would. Taken and written off the I/O threads.
 */
final class CountsEndpoint implements Endpoint {

  private final AdminWork admin;

  CountsEndpoint(AdminWork admin) {
    this.admin = admin;
  }

  @Override
  public void handle(HttpServerExchange exchange, AddressedNamespace target) throws Rejection {
    Namespace namespace = target.accept();
    // the counts are a few numbers; the parked polls taken with them at most their listing's bound
    admin.dispatch(
        exchange,
        () -> 2L * ParkedPolls.MAX_LISTED_BYTES,
        () -> AdminWork.Response.json(200, namespace.moment()));
  }
}
