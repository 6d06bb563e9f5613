package it;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

class NeverRunTest {

  @Test
  void wouldFailTheBuild() {
    fail("surefire 2.12.4 ran a JUnit 5 test");
  }
}
