#!/usr/bin/env bash
# Runs the gateway load generator (build it first: ./mvnw -pl bench/gateway -am package -DskipTests).
#   bench/gateway/load.sh --scenario connect --label thingstead --port 8883 ...   (see README.md)
# BENCH_JAVA_OPTS adds JVM options (default -Xmx4g).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
target=bench/gateway/target
[ -f "$target/classpath.txt" ] || { echo "build first: ./mvnw -pl bench/gateway -am package -DskipTests" >&2; exit 1; }
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" ${BENCH_JAVA_OPTS:--Xmx4g} --sun-misc-unsafe-memory-access=allow \
  -cp "$target/thingstead-bench-gateway-0.1.0-SNAPSHOT.jar:$(cat "$target/classpath.txt")" \
  io.thingstead.bench.gateway.GatewayLoad "$@"
