package dev.duet.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** Produces the clock every service reads time from: UTC wall time. */
@ApplicationScoped
public class Clocks {

  @Produces
  Clock clock() {
    return Clock.systemUTC();
  }
}
