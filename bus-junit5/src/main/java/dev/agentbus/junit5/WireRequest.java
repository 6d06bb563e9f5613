package dev.agentbus.junit5;

/**
 * A request as the fault proxy sees it, before it decides what to do with it.
 *
 * @param method the HTTP method, e.g. {@code POST}
 * @param path the path below the test's namespace URL, e.g. {@code /send}
 * @param agent the agent it is from: a recv's {@code to}, a send's {@code from}; {@code null} when
 *     the request does not say
 * @param userAgent its {@code User-Agent}, or {@code null}
 */
record WireRequest(String method, String path, String agent, String userAgent) {

  boolean isSend() {
    return method.equals("POST") && path.equals("/send");
  }

  boolean isRecv() {
    return method.equals("GET") && path.equals("/recv");
  }

  /**
   * @return how a transcript names it, e.g. {@code POST /send}
   */
  String describe() {
    return method + " " + path;
  }
}
