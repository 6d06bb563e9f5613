package dev.agentbus.samples.team;

import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The work itself: the primes of a range, found by a sieve. Stateless. */
public final class Primes {

  private Primes() {}

  /**
   * @param from the smallest number to consider, at least 0
   * @param to the first number not to consider
   * @return the primes in {@code [from, to)}, ascending
   */
  public static int[] between(int from, int to) {
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("not a range: [" + from + ", " + to + ")");
    }
    boolean[] composite = new boolean[Math.max(to, 2)];
    composite[0] = true;
    composite[1] = true;
    for (int i = 2; (long) i * i < to; i++) {
      if (!composite[i]) {
        for (int j = i * i; j < to; j += i) {
          composite[j] = true;
        }
      }
    }
    return IntStream.range(from, to).filter(n -> !composite[n]).toArray();
  }

  /**
   * @param primes numbers
   * @return one per line, the form results travel in
   */
  public static String text(int[] primes) {
    return Arrays.stream(primes).mapToObj(Integer::toString).collect(Collectors.joining("\n"));
  }

  /**
   * @param text numbers one per line, as {@link #text} writes them
   * @return the numbers
   */
  public static int[] parse(String text) {
    return text.isBlank()
        ? new int[0]
        : text.lines().mapToInt(line -> Integer.parseInt(line.strip())).toArray();
  }
}
