#!/usr/bin/env bash
# Sets up a Payara Server 6 domain for Duet and deploys the WAR at the root context:
#   domain-setup.sh PAYARA_HOME WAR [DB_PATH]
# The domain (domain1 unless DOMAIN is set) is started if it is not running. The asadmin commands
# are those Payara Micro gets from pre-boot-commands.asadmin and post-boot-commands.asadmin.
# Every Duet setting (see the README) becomes a JVM option here: add them to SETTINGS, e.g.
#   SETTINGS="ADMIN_TOKEN=$(openssl rand -hex 24) TRUSTED_PROXIES=127.0.0.1" domain-setup.sh ...
set -euo pipefail
home=$1
war=$2
db=${3:-/var/lib/duet/duet.db}
domain=${DOMAIN:-domain1}
asadmin=("$home/bin/asadmin")

"${asadmin[@]}" list-domains | grep -q "^$domain running" || "${asadmin[@]}" start-domain "$domain"

# Payara's own MicroProfile Metrics leave /metrics to Duet (the JVM is in Duet's metrics too).
"${asadmin[@]}" set-metrics-configuration --endpoint=payara-metrics
# Tyrus re-arms an idle timer on every WebSocket frame through this executor; capturing the
# caller's context there is most of what a relayed message costs on Payara (see the README).
"${asadmin[@]}" set resources.managed-scheduled-executor-service.concurrent/__defaultManagedScheduledExecutorService.context-info-enabled=false

# JVM options: a fixed heap (1 GB holds about 100,000 idle sessions), G1, and Duet's settings.
jvm_option() {
  "${asadmin[@]}" delete-jvm-options "$1" >/dev/null 2>&1 || true
  "${asadmin[@]}" create-jvm-options "$1"
}
"${asadmin[@]}" delete-jvm-options "-Xmx512m" >/dev/null 2>&1 || true
jvm_option "-Xmx1g"
jvm_option "-XX\\:+UseG1GC"
jvm_option "-DDB_PATH=$db"
for setting in ${SETTINGS:-}; do
  jvm_option "-D${setting//:/\\:}"
done
mkdir -p "$(dirname "$db")"

"${asadmin[@]}" restart-domain "$domain"
"${asadmin[@]}" deploy --force=true --name duet --contextroot / "$war"
echo "Duet: http://localhost:8080/  health: http://localhost:8080/health/ready  metrics: http://localhost:8080/metrics"
