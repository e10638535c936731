#!/usr/bin/env bash
# The images' HEALTHCHECK: healthy while Duet's readiness, /health/ready on 127.0.0.1:PORT, answers
# 200 (WildFly: the management port, 9990; Payara Micro: the HTTP port, 8080). Plain bash, as the
# official images need not have curl.
set -euo pipefail
port=${1:-8080}
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /health/ready HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
IFS= read -r -t 5 status <&3
[[ $status == HTTP/1.?" 200 "* ]]
