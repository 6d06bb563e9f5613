package dev.agentbus.junit5;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Registered by {@link Agent} itself, so that a test that forgot {@link WithAgentBus} is told what
 * to add instead of JUnit's "No ParameterResolver registered". It claims an {@code @Agent}
 * parameter only where no {@code @WithAgentBus} applies, which is exactly where {@link
 * AgentBusExtension} does not: the two never compete for a parameter.
 */
final class AgentWithoutBus implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.isAnnotated(Agent.class) && AgentBusExtension.nearestConfig(context).isEmpty();
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    throw new ParameterResolutionException(
        AgentBusExtension.describe(parameter)
            + " is an @Agent, but no @WithAgentBus applies to the test: add @WithAgentBus to the"
            + " test class or method (or to an enclosing class), which starts the bus and injects"
            + " the agents");
  }
}
