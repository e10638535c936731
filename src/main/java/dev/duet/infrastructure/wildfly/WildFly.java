package dev.duet.infrastructure.wildfly;

/**
 * Whether Duet runs on WildFly with WildFly Core's suspend controller visible to it (the modules
 * {@code org.jboss.as.server} and {@code org.jboss.msc}, added by {@code
 * jboss-deployment-structure.xml}). It links against nothing of WildFly's, so it may be asked on
 * any server; only after it says yes may {@link WildFlySuspend} be touched.
 */
public final class WildFly {
  private WildFly() {}

  /** Whether WildFly's suspend controller can be reached from Duet's class loader. */
  public static boolean present() {
    ClassLoader loader = WildFly.class.getClassLoader();
    try {
      Class.forName("org.jboss.as.server.suspend.SuspendableActivityRegistry", false, loader);
      Class.forName("org.jboss.as.server.CurrentServiceContainer", false, loader);
      Class.forName("org.jboss.msc.service.ServiceContainer", false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError absent) {
      return false;
    }
  }
}
