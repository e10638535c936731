/**
 * WildFly's own services, reached only on WildFly: this package's classes link against WildFly Core
 * and JBoss MSC, which exist only there, so nothing outside it may load them before {@link
 * dev.duet.infrastructure.wildfly.WildFly#present} has said yes.
 */
package dev.duet.infrastructure.wildfly;
