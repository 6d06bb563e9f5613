package dev.agentbus.embedded.internal.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Thrown inside the HTTP layer when a request must be refused; the handler answers it as JSON and
 * journals it.
 */
final class Rejection extends Exception {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient Map<String, String> fields;

  Rejection(int status, String error) {
    this(status, error, Map.of());
  }

  Rejection(int status, String error, Map<String, String> fields) {
    super(error, null, false, false);
    this.status = status;
    this.fields = fields;
  }

  int status() {
    return status;
  }

  Map<String, String> fields() {
    return fields;
  }

  /**
   * @return the same refusal, also journaling {@code name}, e.g. whose poll was refused
   */
  Rejection withField(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(fields);
    more.put(name, value);
    return new Rejection(status, getMessage(), more);
  }
}
