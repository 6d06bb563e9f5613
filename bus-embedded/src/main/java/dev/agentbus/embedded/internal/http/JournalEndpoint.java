package dev.agentbus.embedded.internal.http;

import dev.agentbus.embedded.internal.core.LiveJournal;
import dev.agentbus.embedded.internal.core.Namespace;
import dev.agentbus.embedded.journal.JournalView;
import io.undertow.server.HttpServerExchange;
import java.util.function.LongSupplier;

/**
 * {@code GET /_bus/journal?from=SEQ&max=N&block=true&timeout=SECONDS} (decimal seconds; default the
 * namespace's recv timeout): the namespace's journal from a sequence number on, as {@code
 * {"entries":[...],"nextSeq":..,"dropped":..,"missed":..}}, a page at most {@value
 * JournalView#MAX_PAGE} entries (and at most 4 MiB of JSON) long. With {@code block=true} and
 * nothing yet, the request parks (holding no thread) until the next entry, the timeout, or the
 * namespace stops: a test in another process waits on the bus this way.
 */
final class JournalEndpoint implements Endpoint {

  private static final int DEFAULT_MAX = 1_000;
  private static final long MAX_TIMEOUT_SECONDS = 300;

  /** Bytes of JSON an entry of small messages takes in a page (about 150), rounded up. */
  private static final long JOURNAL_ENTRY_BYTES = 200;

  private final AdminWork admin;
  private final ParkedAdminReads parked;

  JournalEndpoint(AdminWork admin, ParkedAdminReads parked) {
    this.admin = admin;
    this.parked = parked;
  }

  @Override
  public void handle(HttpServerExchange exchange, AddressedNamespace target) throws Rejection {
    Namespace namespace = target.accept();
    QueryParams params = new QueryParams(exchange);
    // Sequence numbers start at 1; from=0 reads from the start too, as traffic pages count from 0.
    long from = Math.max(1, params.number("from", 0, Long.MAX_VALUE, 1));
    int max = (int) params.number("max", 1, JournalView.MAX_PAGE, DEFAULT_MAX);
    boolean block = params.flag("block");
    long timeoutMillis =
        params.seconds(
            "timeout", MAX_TIMEOUT_SECONDS, namespace.options().recvTimeout().toMillis());
    LiveJournal journal = namespace.journal();
    AdminWork.Job page = () -> AdminWork.Response.json(200, journal.read(from, max));
    // A page of entries the journal holds already, rendered as JSON of at most its byte cap.
    LongSupplier working =
        () ->
            AdminWork.RENDER_BYTES_PER_BYTE
                * Math.min(
                    JournalView.MAX_PAGE_BYTES,
                    Math.min(max, Math.max(0, journal.nextSeq() - from)) * JOURNAL_ENTRY_BYTES);
    if (!block) {
      admin.dispatch(exchange, working, page);
      return;
    }
    Runnable unpark = parked.reserve(exchange, "/_bus/journal");
    ParkedAnswer.park(
        exchange,
        Math.max(1, timeoutMillis),
        () -> journal.nextSeq() > from || journal.isClosed(),
        wake -> journal.onEntryAfter(from, wake),
        () -> {
          unpark.run();
          admin.run(exchange, working, page);
        });
  }
}
