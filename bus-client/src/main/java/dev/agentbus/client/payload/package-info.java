/**
 * The conventions agents use on top of the bus for payloads it should not carry as one message:
 * {@link dev.agentbus.client.payload.Chunking} for large payloads (gzip, base64, numbered chunks
 * with a hash) and {@link dev.agentbus.client.payload.FileReference} for files on a shared
 * filesystem (path and hash only).
 */
package dev.agentbus.client.payload;
