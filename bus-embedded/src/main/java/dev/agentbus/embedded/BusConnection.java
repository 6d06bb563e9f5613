package dev.agentbus.embedded;

import dev.agentbus.embedded.options.BusInfo;
import dev.agentbus.embedded.options.NamespaceConflictException;
import dev.agentbus.embedded.options.NamespaceOptions;
import java.net.URI;
import java.util.Optional;

/**
 * A bus to work with, wherever it runs: an {@link AgentBusServer} in this JVM or a {@link
 * dev.agentbus.embedded.remote.RemoteAgentBus} reached over HTTP. Test tooling is written against
 * this type so that it runs the same on either. Implementations are thread-safe.
 */
public interface BusConnection {

  /**
   * @return the bus's base URL (its root namespace)
   */
  URI url();

  /**
   * @return what the bus says about itself and its root namespace
   */
  BusInfo info();

  /**
   * @return the root namespace, served at {@link #url()}; closing it does nothing
   */
  BusNamespace root();

  /**
   * Creates a namespace with the given options, or returns the existing one if it already has
   * exactly these options.
   *
   * @param id letters, digits, {@code .}, {@code _} or {@code -}, at most 128, starting with a
   *     letter or digit
   * @param options its options
   * @return its handle; close it to drop the namespace
   * @throws NamespaceConflictException if it exists with other options
   * @throws IllegalArgumentException if the id is not valid
   * @throws IllegalStateException if the bus already holds as many namespaces as it may
   */
  BusNamespace createNamespace(String id, NamespaceOptions options);

  /**
   * A namespace that exists (created explicitly, or by a protocol request). Never creates one.
   *
   * @param id the namespace id
   * @return its handle, or empty if there is no such namespace
   */
  Optional<BusNamespace> namespace(String id);
}
