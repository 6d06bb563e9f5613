package dev.agentbus.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbus.client.AgentBusClient;
import dev.agentbus.embedded.NamespaceView;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A test reads its namespace through what it is handed, and cannot drop it mid-test. */
@WithAgentBus
class HandedNamespaceTest {

  @Test
  void theNamespaceATestIsHandedHasNoCloseMethod() throws NoSuchMethodException {
    Class<?> handed = AgentBus.class.getMethod("namespace").getReturnType();

    assertThat(AutoCloseable.class.isAssignableFrom(handed)).as("handed type closeable").isFalse();
    assertThat(Arrays.stream(handed.getMethods()).map(Method::getName)).doesNotContain("close");
  }

  @Test
  void closingWhatATestIsHandedLeavesItsNamespaceUp(
      AgentBus bus, @Agent("alice") AgentBusClient alice) throws Exception {
    NamespaceView namespace = bus.namespace();
    // What a try-with-resources, or a JUnit Store the view was put in, would do.
    if (namespace instanceof AutoCloseable closeable) {
      closeable.close();
    }

    alice.send("bob", "still here");

    assertThat(namespace.counts().sent()).as("messages counted after the close").isEqualTo(1);
    assertThat(namespace.traffic().messages())
        .extracting(outcome -> outcome.message().msg())
        .containsExactly("still here");
  }
}
