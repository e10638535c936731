package dev.duet.application;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps Duet's periodic work alive. A scheduler cancels a task for good the first time it throws,
 * so every periodic task runs {@link #guard guarded}: what it throws is logged and the task runs
 * again at its next time. An {@link Error} (an {@code OutOfMemoryError}, say) leaves the server in
 * a state nobody vouches for: it is also remembered, and liveness reports {@code DOWN} from then on
 * ({@link #fatal}) so that an orchestrator restarts the server.
 */
@ApplicationScoped
public class Faults {
  private static final Logger LOG = Logger.getLogger(Faults.class.getName());
  private final AtomicReference<String> fatal = new AtomicReference<>();

  @Inject Clock clock;

  /** {@code body} as a task that never throws; {@code task} names it in the log and in liveness. */
  public Runnable guard(String task, Runnable body) {
    return () -> {
      try {
        body.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, task + " failed; it runs again at its next time", e);
      } catch (Error e) {
        fatal.compareAndSet(null, e + " in " + task + " at " + clock.instant());
        try {
          LOG.log(Level.SEVERE, task + " failed with an error; liveness is DOWN from now on", e);
        } catch (Throwable logging) {
          // the log line may need the memory that ran out; liveness still tells
        }
      }
    };
  }

  /** The first {@link Error} a periodic task threw, with the task and the time, if any. */
  public Optional<String> fatal() {
    return Optional.ofNullable(fatal.get());
  }
}
