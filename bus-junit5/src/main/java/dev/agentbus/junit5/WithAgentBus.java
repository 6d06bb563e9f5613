package dev.agentbus.junit5;

import dev.agentbus.embedded.options.ChannellessRecv;
import dev.agentbus.embedded.options.NamespaceOptions;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives each test a real agent bus of its own: an isolated namespace (its own channels, its own
 * {@code default} channel, its own queues and journal) and its own channel name, on one bus that
 * serves the whole test run. Tests then ask for {@link AgentBus}, {@link Traffic} and {@link
 * Agent @Agent("name") AgentBusClient} parameters.
 *
 * <pre>{@code
 * @WithAgentBus
 * class PingTest {
 *   @Test
 *   void bobAnswersAlice(@Agent("alice") AgentBusClient alice, @Agent("bob") AgentBusClient bob,
 *       Traffic traffic) {
 *     alice.send("bob", "ping");
 *     bob.poll();
 *     traffic.assertThat(Sent.by("alice").to("bob").containing("ping")).wasDelivered();
 *   }
 * }
 * }</pre>
 *
 * <p>On a class, it applies to every test of the class, of its subclasses and of its
 * {@code @Nested} classes; on a method, to that test. The nearest annotation wins (method, then
 * class, then its superclasses, then the enclosing classes). It works as a meta-annotation too, but
 * one method or class carries it once: directly and through an annotation of the user's at the same
 * time is refused with an {@code ExtensionConfigurationException} naming both, since their options
 * are not merged and one would be ignored silently.
 *
 * <p>By default the bus is started once, on the first test that needs it (on 127.0.0.1, a free
 * port), and stopped when the test run ends. When the JUnit configuration parameter or system
 * property {@code agentbus.url} names a running bus (as {@code bus:start} sets it), that bus is
 * used instead, with the same isolation; {@code agentbus.token} then gives its server-wide token,
 * if it has one. That bus gets 5 seconds to answer the run's first request; if it does not, the
 * first test fails saying so, and every later test of the run fails at once with the same message.
 * {@code AGENT_BUS_URL} is never read for this: a shell may point it at a production bus.
 *
 * <p>The options below apply to the test's namespace only; its neighbours keep theirs.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(AgentBusExtension.class)
public @interface WithAgentBus {

  /**
   * @return what a {@code /recv} without a channel reads: {@link ChannellessRecv#ALL} (the hosted
   *     bus, the default) or {@link ChannellessRecv#DEFAULT} (the reference server)
   */
  ChannellessRecv channellessRecv() default ChannellessRecv.ALL;

  /**
   * @return refuse (403) requests whose User-Agent lacks {@code Mozilla/}, like the hosted bus's
   *     firewall; injected agents send {@code Mozilla/5.0} and pass
   */
  boolean waf() default false;

  /**
   * @return a bearer token the namespace requires (401 without); injected agents and {@link
   *     AgentBus#environment} carry it; empty (the default) for none. A blank token, or one with
   *     anything but visible ASCII, is refused before the test runs: no header could carry it
   */
  String token() default "";

  /**
   * @return messages kept per channel and recipient before the oldest is evicted
   */
  int maxQueue() default NamespaceOptions.DEFAULT_MAX_QUEUE;

  /**
   * @return how long, in milliseconds, a blocking {@code /recv} is held before it answers empty:
   *     what an agent's {@code poll()} blocks for when nothing comes ({@code pollNow()} never
   *     waits)
   */
  long recvTimeoutMillis() default 30_000;

  /**
   * @return journal entries kept for the test before the oldest are discarded
   */
  int journalLimit() default NamespaceOptions.DEFAULT_JOURNAL_LIMIT;

  /**
   * @return fail a test that otherwise passed if any of its messages was left undelivered (not
   *     delivered yet, or lost: channel mismatch, eviction, never polled), naming each with its
   *     diagnosis
   */
  boolean strict() default false;

  /**
   * @return which bus serves the test: the one shared by the whole run (the default), or a private
   *     one started for the test class or the test method, for the rare test that needs a bus to
   *     itself
   */
  BusScope scope() default BusScope.SHARED;
}
