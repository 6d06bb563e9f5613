package dev.agentbus.maven;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.Parameter;

/** What every goal of the plugin shares: it can be skipped. */
abstract class AbstractBusMojo extends AbstractMojo {

  /**
   * Skips the goal. A bus that {@code bus:start} started is stopped at the end of the build all the
   * same, also when {@code bus:stop} is skipped.
   */
  @Parameter(property = "agentbus.skip", defaultValue = "false")
  protected boolean skip;

  /**
   * Says in the build log why the goal does nothing, when it is skipped.
   *
   * @param skipITs whether integration tests are skipped and this goal goes with them; {@code
   *     false} for a goal that does not
   * @param notDone what does not happen, e.g. {@code agent-bus not started}
   * @return whether the goal is skipped
   */
  protected final boolean skipped(boolean skipITs, String notDone) {
    if (skip || skipITs) {
      getLog().info(notDone + ": " + (skip ? "agentbus.skip" : "skipITs") + " is set");
      return true;
    }
    return false;
  }
}
