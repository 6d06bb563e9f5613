package dev.agentbus.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks an {@link dev.agentbus.client.AgentBusClient} parameter of a test (or of a
 * {@code @BeforeEach}/{@code @AfterEach} method) to be injected as the named agent of the test's
 * bus: {@code @Agent("alice") AgentBusClient alice}.
 *
 * <p>The client reads from the start of the test's namespace (a message sent before its first poll
 * is never missed), sends {@code Mozilla/5.0} and the namespace's token if it has one, and is
 * closed after the test, with its listeners. Within one test, the same name and channel give the
 * same client.
 *
 * <p>If a {@code listen} handler of the client throws (a failed assertion included), the test fails
 * with that exception as the cause: after the test the extension waits, up to 5 s, until each
 * listening agent has handled what the bus delivered to it and polls again, then stops the
 * listeners and checks.
 *
 * <p>{@code poll()} long-polls: with nothing to read it blocks for the namespace's {@link
 * WithAgentBus#recvTimeoutMillis() recvTimeoutMillis}, 30 s by default. Tests call {@code
 * pollNow()}, which answers at once, or wait with {@link Traffic#awaitDelivered}.
 *
 * <p>Only a test under {@link WithAgentBus} gets agents; without it, resolving the parameter fails
 * saying so.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@ExtendWith(AgentWithoutBus.class)
public @interface Agent {

  /**
   * @return the agent's name: the {@code from} of its sends, the {@code to} of its polls
   */
  String value();

  /**
   * @return the channel it sends and polls on; empty (the default) for the test's own channel
   */
  String channel() default "";

  /**
   * @return send and poll with no channel at all, like an agent that forgot {@code
   *     AGENT_BUS_CHANNEL}: its sends land on {@code default}, its polls read what the bus's
   *     channel-less mode says
   */
  boolean noChannel() default false;
}
