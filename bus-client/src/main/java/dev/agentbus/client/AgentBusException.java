package dev.agentbus.client;

/**
 * A bus request failed. See {@link BusRejectedException} (the bus answered with an error) and
 * {@link BusUnreachableException} (no usable answer at all).
 */
public class AgentBusException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  AgentBusException(String message, Throwable cause) {
    super(message, cause);
  }
}
