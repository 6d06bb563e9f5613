package dev.agentbus.junit5;

import dev.agentbus.client.protocol.ProtocolJson;
import java.util.Map;

/** The bodies the fault proxy answers in place of the bus. */
final class FaultAnswers {

  private FaultAnswers() {}

  /** A firewall's refusal page, HTML as such pages are, where a client expects JSON. */
  static final String FIREWALL_PAGE =
      "<!DOCTYPE html>\n<html><head><title>403 Forbidden</title></head>\n"
          + "<body><h1>403 Forbidden</h1>\n"
          + "<p>Request blocked by the web application firewall.</p></body></html>\n";

  /**
   * @return a JSON error like the bus's own, naming the status and that it was injected
   */
  static String errorBody(WireFault fault) {
    // No word on waiting: a 429 or 503 carries Retry-After, which clients read and say themselves.
    return ProtocolJson.writeString(
        Map.of(
            "error",
            "injected fault: status "
                + fault.status()
                + " from the proxy in front of the bus; the request did not reach the bus"));
  }
}
