package dev.agentbus.embedded.journal;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The bus answered a request with an error.
 *
 * @param seq journal position
 * @param at when
 * @param method the HTTP method
 * @param endpoint the path within the namespace, e.g. {@code /send}
 * @param status the 4xx status
 * @param error the sentence the client received
 * @param fields what could be read of the request (e.g. {@code from}, {@code to}), maybe none
 */
public record RequestRejected(
    long seq,
    BigDecimal at,
    String method,
    String endpoint,
    int status,
    String error,
    Map<String, String> fields)
    implements JournalEntry {

  /**
   * Copies the fields so that an entry never changes.
   *
   * @param seq journal position
   * @param at when
   * @param method the HTTP method
   * @param endpoint the path within the namespace, e.g. {@code /send}
   * @param status the 4xx status
   * @param error the sentence the client received
   * @param fields what could be read of the request (e.g. {@code from}, {@code to}), maybe none
   */
  public RequestRejected {
    fields = Map.copyOf(fields);
  }
}
