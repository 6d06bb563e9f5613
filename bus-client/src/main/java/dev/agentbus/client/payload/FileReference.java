package dev.agentbus.client.payload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file shared by reference: the message carries its path, size and SHA-256, never its content.
 * The receiver reads the file from the shared filesystem and verifies the hash.
 *
 * <p>Message form: {@code FILE sha256=<hex> size=<bytes> path=<path>}; the path comes last so that
 * it may contain spaces.
 *
 * @param path where the file lies, as the sender sees it on the shared filesystem
 * @param size its size in bytes
 * @param sha256 the SHA-256 of its content, lowercase hex
 */
public record FileReference(Path path, long size, String sha256) {

  private static final Pattern MESSAGE =
      Pattern.compile("FILE sha256=([0-9a-fA-F]{64}) size=(\\d+) path=(.+)", Pattern.DOTALL);

  /**
   * Hashes a file to share it.
   *
   * @param file the file
   * @return its reference
   * @throws IOException if it cannot be read
   */
  public static FileReference of(Path file) throws IOException {
    return new FileReference(file.toAbsolutePath(), Files.size(file), hash(file));
  }

  /**
   * @param msg a message body
   * @return the reference it carries, if it is one
   */
  public static Optional<FileReference> parse(String msg) {
    Matcher matcher = MESSAGE.matcher(msg.strip());
    if (!matcher.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new FileReference(
            Path.of(matcher.group(3)),
            Long.parseLong(matcher.group(2)),
            matcher.group(1).toLowerCase(java.util.Locale.ROOT)));
  }

  /**
   * @return the message body that shares this file
   */
  public String toMessage() {
    return "FILE sha256=" + sha256 + " size=" + size + " path=" + path;
  }

  /**
   * Reads the file and checks it is the one referenced.
   *
   * @return its content
   * @throws PayloadException if it is missing or its content is not what the sender hashed
   */
  public byte[] fetch() {
    byte[] content;
    try {
      content = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new PayloadException("the shared file " + path + " does not exist here", e);
    } catch (IOException e) {
      throw new PayloadException("the shared file " + path + " cannot be read: " + e, e);
    }
    String actual = Sha256.hex(content);
    if (!actual.equals(sha256)) {
      throw new PayloadException(
          "the shared file "
              + path
              + " is not the one referenced: its sha256 is "
              + actual
              + ", the message says "
              + sha256);
    }
    return content;
  }

  private static String hash(Path file) throws IOException {
    MessageDigest digest = Sha256.digest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
