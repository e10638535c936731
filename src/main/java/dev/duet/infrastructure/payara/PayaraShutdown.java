package dev.duet.infrastructure.payara;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs Duet's drain when Payara starts to stop, before it closes anything. Payara's stop (its JVM
 * shutdown hook on SIGTERM) first sends the {@code prepare_shutdown} event to every listener of its
 * {@code org.glassfish.api.event.Events} service, synchronously, and only then takes its services
 * (the HTTP listener with the WebSockets and the health endpoint among them) down; a listener that
 * drains there is waited for, where a JVM shutdown hook of Duet's own would race Payara's. The
 * service is reached through {@code org.glassfish.internal.api.Globals} by reflection, so the WAR
 * needs no Payara classes to build; {@link #register} finds none on another server.
 */
public final class PayaraShutdown implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(PayaraShutdown.class.getName());
  private static final String PREPARE_SHUTDOWN = "prepare_shutdown";

  private final Object events;
  private final Method unregister;
  private final Object listener;

  private PayaraShutdown(Object events, Method unregister, Object listener) {
    this.events = events;
    this.unregister = unregister;
    this.listener = listener;
  }

  /**
   * Has Payara run this drain when it prepares to stop, until {@link #close}; empty where there is
   * no Payara event service.
   */
  public static Optional<AutoCloseable> register(Runnable drain) {
    ClassLoader loader = PayaraShutdown.class.getClassLoader();
    try {
      Class<?> globals = Class.forName("org.glassfish.internal.api.Globals", true, loader);
      Class<?> eventsType = Class.forName("org.glassfish.api.event.Events", true, loader);
      Class<?> listenerType = Class.forName("org.glassfish.api.event.EventListener", true, loader);
      Object events = globals.getMethod("get", Class.class).invoke(null, eventsType);
      if (events == null) {
        return Optional.empty();
      }
      Object listener =
          Proxy.newProxyInstance(
              listenerType.getClassLoader(), new Class<?>[] {listenerType}, handler(drain));
      eventsType.getMethod("register", listenerType).invoke(events, listener);
      return Optional.of(
          new PayaraShutdown(events, eventsType.getMethod("unregister", listenerType), listener));
    } catch (ClassNotFoundException | LinkageError absent) {
      return Optional.empty();
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot listen to Payara's shutdown; draining from a JVM hook", e);
      return Optional.empty();
    }
  }

  private static InvocationHandler handler(Runnable drain) {
    return new InvocationHandler() {
      @Override
      public Object invoke(Object proxy, Method method, Object[] args) throws Exception {
        return switch (method.getName()) {
          case "event" -> {
            Object event = args[0];
            if (PREPARE_SHUTDOWN.equals(event.getClass().getMethod("name").invoke(event))) {
              drain.run();
            }
            yield null;
          }
          case "equals" -> proxy == args[0];
          case "hashCode" -> System.identityHashCode(proxy);
          case "toString" -> "Duet's drain on Payara's prepare_shutdown";
          default -> null;
        };
      }
    };
  }

  @Override
  public void close() {
    try {
      unregister.invoke(events, listener);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(Level.FINE, "Cannot stop listening to Payara's shutdown", e);
    }
  }
}
