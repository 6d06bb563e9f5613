package dev.agentbus.embedded.options;

import java.util.Optional;

/**
 * The rule of the hosted bus's web application firewall, as the {@link NamespaceOptions#waf() waf}
 * option emulates it: a request whose {@code User-Agent} does not contain {@code Mozilla/} is
 * refused with a 403. Python's default {@code Python-urllib/3.x} is refused; the public clients'
 * {@code Mozilla/5.0} passes. Public so that every emulation of that firewall (the bus's option, a
 * fault injected in front of the bus) applies the very same rule. Stateless and thread-safe.
 */
public final class FirewallRule {

  private FirewallRule() {}

  /**
   * @param userAgent the request's {@code User-Agent}, or {@code null} when it sent none
   * @return why the firewall refuses the request, as a sentence that names the fix; empty when it
   *     lets the request through
   */
  public static Optional<String> refusal(String userAgent) {
    if (userAgent != null && userAgent.contains("Mozilla/")) {
      return Optional.empty();
    }
    return Optional.of(
        "request blocked by the firewall emulation: User-Agent "
            + (userAgent == null
                ? "is missing"
                : "'" + userAgent + "' does not look like a browser")
            + "; send User-Agent: Mozilla/5.0 as the public clients do");
  }
}
