package dev.agentbus.embedded.remote;

import dev.agentbus.client.protocol.ProtocolJson;
import dev.agentbus.embedded.journal.JournalPage;
import dev.agentbus.embedded.journal.JournalView;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;

/** A namespace's journal read over {@code /_bus/journal}; waits are long-polls on the bus. */
final class RemoteJournalView implements JournalView {

  /** The bus holds one blocking journal read at most this long; longer waits take several. */
  private static final Duration LONGEST_POLL = Duration.ofSeconds(300);

  private final AdminHttp http;
  private final URI namespaceUrl;

  RemoteJournalView(AdminHttp http, URI namespaceUrl) {
    this.http = http;
    this.namespaceUrl = namespaceUrl;
  }

  @Override
  public JournalPage read(long fromSeq, int max) {
    try {
      return fetch(fromSeq, max, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteBusException(0, "interrupted while reading the journal", e);
    }
  }

  @Override
  public JournalPage await(long fromSeq, int max, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Duration remaining = Duration.ofNanos(deadline - System.nanoTime());
      if (remaining.isNegative() || remaining.isZero()) {
        return fetch(fromSeq, max, null);
      }
      Duration slice = remaining.compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : remaining;
      JournalPage page = fetch(fromSeq, max, slice);
      if (!page.entries().isEmpty() || slice.equals(remaining)) {
        return page;
      }
    }
  }

  @Override
  public long nextSeq() {
    AdminHttp.Answer answer = http.getUninterruptibly(URI.create(namespaceUrl + "/_bus/info"));
    if (answer.status() != 200) {
      throw AdminHttp.refused("reading the journal's position", answer);
    }
    return answer.json().path("journal").path("nextSeq").asLong();
  }

  private JournalPage fetch(long fromSeq, int max, Duration wait) throws InterruptedException {
    StringBuilder query =
        new StringBuilder(namespaceUrl.toString())
            .append("/_bus/journal?from=")
            .append(Math.max(1, fromSeq))
            .append("&max=")
            .append(Math.max(1, Math.min(max, MAX_PAGE)));
    Duration timeout = AdminHttp.QUICK;
    if (wait != null) {
      BigDecimal seconds = BigDecimal.valueOf(Math.max(1, wait.toMillis()), 3);
      query.append("&block=true&timeout=").append(seconds.toPlainString());
      timeout = timeout.plus(wait);
    }
    AdminHttp.Answer answer = http.get(URI.create(query.toString()), timeout);
    if (answer.status() != 200) {
      throw AdminHttp.refused("reading the journal", answer);
    }
    try {
      return ProtocolJson.read(answer.body(), JournalPage.class);
    } catch (IOException e) {
      throw new RemoteBusException(200, "the bus answered a journal page that cannot be read", e);
    }
  }
}
