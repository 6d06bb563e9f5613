package dev.agentbus.client;

/**
 * No usable answer: the connection was refused or dropped, timed out, or the answer was not the
 * protocol's JSON. Usually transient; a listener retries these.
 */
public final class BusUnreachableException extends AgentBusException {

  private static final long serialVersionUID = 1L;

  BusUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
