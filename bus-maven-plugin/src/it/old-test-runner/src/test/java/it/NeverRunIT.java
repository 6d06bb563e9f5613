package it;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

class NeverRunIT {

  @Test
  void wouldFailTheBuild() {
    fail("failsafe 2.12.4 ran a JUnit 5 test");
  }
}
