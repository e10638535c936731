package dev.duet.infrastructure.wildfly;

import java.util.concurrent.CompletionStage;
import java.util.logging.Logger;
import org.jboss.as.server.CurrentServiceContainer;
import org.jboss.as.server.suspend.ServerResumeContext;
import org.jboss.as.server.suspend.ServerSuspendContext;
import org.jboss.as.server.suspend.SuspendableActivity;
import org.jboss.as.server.suspend.SuspendableActivityRegistry;
import org.jboss.msc.Service;
import org.jboss.msc.service.ServiceBuilder;
import org.jboss.msc.service.ServiceController;
import org.jboss.msc.service.ServiceName;
import org.jboss.msc.service.StartContext;
import org.jboss.msc.service.StopContext;

/**
 * Runs Duet's drain inside WildFly's graceful suspend, where WildFly itself waits for it, instead
 * of in a JVM shutdown hook that races WildFly's own. On SIGTERM (and on the {@code shutdown}
 * operation) WildFly Core suspends the server before it stops any service: every registered {@link
 * SuspendableActivity} is first prepared, priority group by priority group, then suspended, and the
 * next group starts only when the stages of the one before have completed. Duet registers in the
 * {@link SuspendableActivityRegistry.SuspendPriority#FIRST first} group and drains in {@link
 * #prepare}, so its clients are told {@code server_draining} and closed with 1001 before any other
 * part of WildFly (Undertow's WebSockets among them) has been suspended. How long WildFly waits on
 * SIGTERM is {@code -Dorg.wildfly.sigterm.suspend.timeout} seconds (0 by default: half a second).
 *
 * <p>A suspend that is not a stop (the {@code :suspend} operation, or the one every activity gets
 * when it registers while the server boots suspended) changes nothing: Duet keeps serving its
 * connections, and {@code :resume} has nothing to undo.
 *
 * <p>The registry is the service of the capability {@value #CAPABILITY}. Its value cannot be read
 * from outside (it is installed with WildFly's new service API), so a small service of Duet's own
 * requires it, registers the activity when it starts and unregisters it when it stops; {@link
 * #close} removes that service on undeploy.
 */
public final class WildFlySuspend implements SuspendableActivity, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WildFlySuspend.class.getName());
  private static final String CAPABILITY = "org.wildfly.server.suspend-controller";

  private final DrainAction drain;
  private final ServiceController<?> service;

  /** The drain that WildFly's stop waits for; the stage completes when every client is closed. */
  @FunctionalInterface
  public interface DrainAction {
    CompletionStage<Void> start();
  }

  private WildFlySuspend(DrainAction drain) {
    this.drain = drain;
    ServiceBuilder<?> builder = CurrentServiceContainer.getServiceContainer().addService();
    var registry = builder.<SuspendableActivityRegistry>requires(ServiceName.parse(CAPABILITY));
    builder.setInstance(
        new Service() {
          @Override
          public void start(StartContext context) {
            registry
                .get()
                .registerActivity(
                    WildFlySuspend.this, SuspendableActivityRegistry.SuspendPriority.FIRST);
            LOG.fine("Registered with WildFly's suspend controller");
          }

          @Override
          public void stop(StopContext context) {
            registry.get().unregisterActivity(WildFlySuspend.this);
          }
        });
    service = builder.install();
  }

  /**
   * Has WildFly run this drain when it stops, until {@link AutoCloseable#close}. Call it only when
   * {@link WildFly#present()}.
   */
  public static AutoCloseable register(DrainAction drain) {
    return new WildFlySuspend(drain);
  }

  @Override
  public CompletionStage<Void> prepare(ServerSuspendContext context) {
    if (!context.isStopping()) {
      return COMPLETED;
    }
    return drain.start();
  }

  @Override
  public CompletionStage<Void> suspend(ServerSuspendContext context) {
    return COMPLETED;
  }

  @Override
  public CompletionStage<Void> resume(ServerResumeContext context) {
    return COMPLETED;
  }

  @Override
  public void close() {
    service.setMode(ServiceController.Mode.REMOVE);
  }
}
