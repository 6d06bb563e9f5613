package dev.agentbus.maven;

import java.io.IOException;
import org.apache.maven.execution.ExecutionEvent;
import org.apache.maven.execution.ExecutionListener;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.project.MavenProject;

/**
 * Stops a project's bus and saves its traffic when the build gives up on that project before {@code
 * bus:stop} ran (a failed goal between start and stop), or when the whole build ends: no bus
 * outlives its build, in an IDE's or a daemon's long-lived Maven either. Every event is passed on
 * unchanged to the listener it wraps, so Maven's own build log is untouched.
 */
final class BuildEndGuard implements ExecutionListener {

  private final ExecutionListener next;
  private final MavenProject project;
  private final RunningBus bus;
  private final Log log;

  private BuildEndGuard(ExecutionListener next, MavenProject project, RunningBus bus, Log log) {
    this.next = next;
    this.project = project;
    this.bus = bus;
    this.log = log;
  }

  /**
   * Wraps the session's listener. Modules of a parallel build install theirs concurrently on the
   * one request they share, hence the lock.
   */
  static void install(MavenSession session, MavenProject project, RunningBus bus, Log log) {
    MavenExecutionRequest request = session.getRequest();
    synchronized (request) {
      request.setExecutionListener(
          new BuildEndGuard(request.getExecutionListener(), project, bus, log));
    }
  }

  private void stopBus(String why) {
    if (bus.stopped()) {
      return;
    }
    log.warn("agent-bus of " + project.getArtifactId() + " still running " + why + "; stopping it");
    try {
      bus.stop();
    } catch (IOException | RuntimeException e) {
      log.error("agent-bus traffic could not be written to " + bus.capture().path(), e);
    }
  }

  @Override
  public void projectFailed(ExecutionEvent event) {
    if (event.getProject() == project) {
      stopBus("after its build failed");
    }
    if (next != null) {
      next.projectFailed(event);
    }
  }

  @Override
  public void sessionEnded(ExecutionEvent event) {
    stopBus("at the end of the build (no bus:stop ran)");
    if (next != null) {
      next.sessionEnded(event);
    }
  }

  @Override
  public void projectDiscoveryStarted(ExecutionEvent event) {
    if (next != null) {
      next.projectDiscoveryStarted(event);
    }
  }

  @Override
  public void sessionStarted(ExecutionEvent event) {
    if (next != null) {
      next.sessionStarted(event);
    }
  }

  @Override
  public void projectSkipped(ExecutionEvent event) {
    if (next != null) {
      next.projectSkipped(event);
    }
  }

  @Override
  public void projectStarted(ExecutionEvent event) {
    if (next != null) {
      next.projectStarted(event);
    }
  }

  @Override
  public void projectSucceeded(ExecutionEvent event) {
    if (next != null) {
      next.projectSucceeded(event);
    }
  }

  @Override
  public void mojoSkipped(ExecutionEvent event) {
    if (next != null) {
      next.mojoSkipped(event);
    }
  }

  @Override
  public void mojoStarted(ExecutionEvent event) {
    if (next != null) {
      next.mojoStarted(event);
    }
  }

  @Override
  public void mojoSucceeded(ExecutionEvent event) {
    if (next != null) {
      next.mojoSucceeded(event);
    }
  }

  @Override
  public void mojoFailed(ExecutionEvent event) {
    if (next != null) {
      next.mojoFailed(event);
    }
  }

  @Override
  public void forkStarted(ExecutionEvent event) {
    if (next != null) {
      next.forkStarted(event);
    }
  }

  @Override
  public void forkSucceeded(ExecutionEvent event) {
    if (next != null) {
      next.forkSucceeded(event);
    }
  }

  @Override
  public void forkFailed(ExecutionEvent event) {
    if (next != null) {
      next.forkFailed(event);
    }
  }

  @Override
  public void forkedProjectStarted(ExecutionEvent event) {
    if (next != null) {
      next.forkedProjectStarted(event);
    }
  }

  @Override
  public void forkedProjectSucceeded(ExecutionEvent event) {
    if (next != null) {
      next.forkedProjectSucceeded(event);
    }
  }

  @Override
  public void forkedProjectFailed(ExecutionEvent event) {
    if (next != null) {
      next.forkedProjectFailed(event);
    }
  }
}
