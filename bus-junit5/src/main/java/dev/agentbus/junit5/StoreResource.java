package dev.agentbus.junit5;

import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A value the extension keeps in a JUnit Store for JUnit to close when the Store's context ends.
 * JUnit 5.13 and later close {@link AutoCloseable} values; JUnit 5.10 to 5.12 close only {@link
 * ExtensionContext.Store.CloseableResource} ones, and so does 5.13 or later when {@code
 * junit.jupiter.extensions.store.close.autocloseable.enabled} is {@code false}. Being both, a value
 * is closed on every JUnit the extension supports, and once: JUnit closes a value as one or the
 * other, never as both. {@link #close()} is idempotent all the same, so that a second call, from
 * wherever, does no harm.
 */
// CloseableResource is deprecated from JUnit 5.13 on, but it is all that 5.10 to 5.12 close.
@SuppressWarnings("deprecation")
interface StoreResource extends AutoCloseable, ExtensionContext.Store.CloseableResource {

  /** Releases what the value holds; does nothing when called again. Throws nothing checked. */
  @Override
  void close();
}
