package dev.agentbus.junit5;

/**
 * A fault the proxy injected: which agent's request, and what it got instead of, or on top of, the
 * bus's answer.
 *
 * @param agent the agent the request was from ({@code to} of a recv, {@code from} of a send), or
 *     {@code null} when the request names none
 * @param request the method and the path below the namespace, e.g. {@code GET /recv}
 * @param fault what it got, e.g. {@code connection reset}, {@code status 503 (Retry-After: 1)}
 */
public record InjectedFault(String agent, String request, String fault) {}
