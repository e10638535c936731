#!/usr/bin/env bash
# Runs the Duet WAR on a WildFly distribution: run.sh WILDFLY_HOME WAR [HTTP_PORT] [DB_PATH]
# Environment: PORT_OFFSET (shifts every WildFly port, default 0), BIND_ADDRESS (default 127.0.0.1),
# MANAGEMENT_BIND_ADDRESS (the management interface's, with /health and /metrics; default 127.0.0.1),
# DB_PATH (the SQLite file when DB_PATH is not given as an argument; default data/duet.db),
# DUET_SERVER_DIR (the server's own configuration/data/log folder, default beside the WAR),
# SUSPEND_TIMEOUT (seconds WildFly waits on SIGTERM for the graceful suspend, in which Duet drains;
# default 30), HTTP_REQUEST_PARSE_TIMEOUT_MS (a request whose headers are not complete by then is
# closed, so that unfinished requests cannot hold every descriptor; default 10000),
# HTTP_MAX_CONNECTIONS (the HTTP listener's connection cap, WebSockets included: keep it above
# MAX_CONNECTIONS and below the open-file limit; default 12000), JAVA_OPTS, and every Duet setting
# (see the README).
set -euo pipefail
home=$1
war=$2
port=${3:-8080}
db=${4:-${DB_PATH:-$PWD/data/duet.db}}
base=${DUET_SERVER_DIR:-$(dirname "$war")/wildfly-server}
rm -rf "$base"
cp -r "$home/standalone" "$base"
cp "$war" "$base/deployments/duet.war"
config="$base/configuration/standalone-microprofile.xml"
listener='<http-listener name="default" socket-binding="http"'
grep -q "$listener" "$config" || { echo "run.sh: no default HTTP listener in $config" >&2; exit 1; }
sed -i "s|$listener|$listener request-parse-timeout=\"${HTTP_REQUEST_PARSE_TIMEOUT_MS:-10000}\" max-connections=\"${HTTP_MAX_CONNECTIONS:-12000}\"|" "$config"
mkdir -p "$(dirname "$db")"
export DB_PATH=$db
export LAUNCH_JBOSS_IN_BACKGROUND=1
export JAVA_OPTS=${JAVA_OPTS:--Xms256m -Xmx1g -XX:+UseG1GC -Djava.net.preferIPv4Stack=true}
exec "$home/bin/standalone.sh" -c standalone-microprofile.xml \
  -Djboss.server.base.dir="$base" \
  -Djboss.http.port="$port" \
  -Dorg.wildfly.sigterm.suspend.timeout="${SUSPEND_TIMEOUT:-30}" \
  -Djboss.socket.binding.port-offset="${PORT_OFFSET:-0}" \
  -b "${BIND_ADDRESS:-127.0.0.1}" -bmanagement "${MANAGEMENT_BIND_ADDRESS:-127.0.0.1}"
