package dev.agentbus.junit5;

import java.io.IOException;
import java.io.Reader;

/**
 * Splits text into lines as {@link java.io.BufferedReader#readLine()} does ({@code \n}, {@code \r}
 * or {@code \r\n} ends a line; a last line without an ending counts too), but holds at most a bound
 * of each line while reading: the rest of a longer line is read, counted and dropped. An agent that
 * prints gigabytes without a newline then costs a buffer of the bound, where {@code readLine()}
 * would hold the whole line and run the JVM out of memory.
 *
 * <p>Not thread-safe: one thread reads a stream from start to end.
 */
final class BoundedLines {

  /** Receives each line as it ends. */
  interface Sink {
    /**
     * @param kept the line, or its first {@code maxChars} characters when it was longer; without
     *     its line ending
     * @param cutChars how many characters of the line were dropped; 0 when it was kept whole
     */
    void line(String kept, long cutChars);
  }

  private static final int CHUNK = 8192;

  private final int maxChars;

  /**
   * @param maxChars the most characters kept of one line, at least 1
   */
  BoundedLines(int maxChars) {
    if (maxChars < 1) {
      throw new IllegalArgumentException("maxChars must be at least 1, got " + maxChars);
    }
    this.maxChars = maxChars;
  }

  /**
   * Reads {@code in} to its end, handing every line to {@code sink}.
   *
   * @throws IOException as {@code in} throws it; the lines read before are handed over already
   */
  void readAll(Reader in, Sink sink) throws IOException {
    char[] chunk = new char[CHUNK];
    StringBuilder line = new StringBuilder(Math.min(maxChars, CHUNK));
    long cut = 0;
    boolean open = false; // characters read since the last line ending
    boolean afterCr = false; // a \n right after \r ends no further line
    int read;
    while ((read = in.read(chunk)) != -1) {
      for (int i = 0; i < read; i++) {
        char c = chunk[i];
        if (afterCr) {
          afterCr = false;
          if (c == '\n') {
            continue;
          }
        }
        if (c == '\n' || c == '\r') {
          emit(line, cut, sink);
          line.setLength(0);
          cut = 0;
          open = false;
          afterCr = c == '\r';
        } else {
          open = true;
          if (line.length() < maxChars) {
            line.append(c);
          } else {
            cut++;
          }
        }
      }
    }
    if (open) {
      emit(line, cut, sink);
    }
  }

  private static void emit(StringBuilder line, long cut, Sink sink) {
    int length = line.length();
    if (cut > 0 && Character.isHighSurrogate(line.charAt(length - 1))) {
      // the bound fell inside a character: keep no half of it
      line.setLength(length - 1);
      cut++;
    }
    sink.line(line.toString(), cut);
  }
}
