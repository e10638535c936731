#!/usr/bin/env bash
# Runs the Duet WAR on Payara Micro: run.sh PAYARA_MICRO_JAR WAR [HTTP_PORT] [DB_PATH]
# Environment: DUET_SERVER_DIR (Payara Micro's root folder, default beside the WAR), JAVA_OPTS,
# PAYARA_POSTBOOT (the asadmin command file run after boot: post-boot-commands.asadmin beside this
# script unless set; set it empty for none), DB_PATH (the SQLite file when DB_PATH is not given as an
# argument; default data/duet.db), and every Duet setting (see the README).
# pre-boot-commands.asadmin beside this script is always applied: it moves Payara's own metrics
# from /metrics to /payara-metrics.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar=$1
war=$2
port=${3:-8080}
db=${4:-${DB_PATH:-$PWD/data/duet.db}}
root=${DUET_SERVER_DIR:-$(dirname "$war")/payara-server}
rm -rf "$root"
mkdir -p "$root" "$(dirname "$db")"
postboot=${PAYARA_POSTBOOT-$here/post-boot-commands.asadmin}
export DB_PATH=$db
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:--Xms256m -Xmx1g -XX:+UseG1GC -Djava.net.preferIPv4Stack=true} -jar "$jar" \
  --prebootcommandfile "$here/pre-boot-commands.asadmin" \
  ${postboot:+--postbootcommandfile "$postboot"} \
  --deploy "$war" --contextroot / --port "$port" --nohazelcast --rootdir "$root"
