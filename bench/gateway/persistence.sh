#!/usr/bin/env bash
# The gateway persistence comparison of ADR 0012 / docs/performance.md: fan-in QoS 1 against `./thingstead run`
# started with THINGSTEAD_GATEWAY_PERSISTENCE=in-memory, then =file (MODES to choose), same build and database, one
# after the other. Build first (./thingstead build; ./mvnw -pl bench/gateway -am package -DskipTests); run it under
# the bench lock where machines are shared. Ports and database below are the bench slot's; change them to yours.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
export THINGSTEAD_HTTP_PORT=21080 THINGSTEAD_HTTPS_PORT=21443 THINGSTEAD_MANAGEMENT_PORT=21990 THINGSTEAD_GATEWAY_PORT=21883 \
  THINGSTEAD_GATEWAY_WEBSOCKET_PORT=21884 THINGSTEAD_KEYCLOAK_PORT=21180 THINGSTEAD_DB_NAME=thingstead_bench_durable \
  THINGSTEAD_DB_USER=ts_durable THINGSTEAD_NO_BUILD=1
OUT="${OUT:-bench/gateway/target/persistence-$(date +%Y%m%d-%H%M%S).md}"
CERTS=bench/gateway/target/certs-durable
rm -rf $CERTS
for mode in ${MODES:-in-memory file}; do
  echo "=== $mode $(date -Is) $(uptime)" | tee -a $OUT
  THINGSTEAD_GATEWAY_PERSISTENCE=$mode setsid ./thingstead run > bench/gateway/target/run-$mode.log 2>&1 &
  RUN=$!
  for i in $(seq 1 300); do
    curl -fsS http://127.0.0.1:21990/health/ready 2>/dev/null | grep -q '"status":"UP"' && break
    sleep 2
  done
  TS_PID=$(pgrep -f "jboss.server.base.dir=$PWD/.thingstead/wildfly" | tail -1)
  grep -o "keeps sessions and retained messages[^(]*" .thingstead/wildfly/log/server.log | tail -1 | tee -a $OUT
  [ -f $CERTS/root-ca.pem ] || bench/gateway/load.sh --scenario setup --endpoint http://localhost:21080 \
      --credentials .thingstead/wildfly/data/thingstead/operator-credentials.env --cert-count 200 --certs $CERTS 2>&1 | tail -3
  for rate in 5000 0; do
    uptime | tee -a $OUT
    bench/gateway/load.sh --label "$mode" --port 21883 --pid $TS_PID --certs $CERTS --ca $CERTS/root-ca.pem \
      --scenario fanin --publishers 200 --qos 1 --rate $rate --inflight 10 --seconds 30 --warmup 10 --sources 2 2>&1 \
      | grep -v -E '^(SLF4J|WARNING)' | tee -a $OUT
  done
  du -sh .thingstead/wildfly/data/thingstead/gateway/data | tee -a $OUT
  kill -TERM -- -$RUN 2>/dev/null || kill -TERM $RUN
  wait $RUN
  for i in $(seq 1 60); do pgrep -f "jboss.server.base.dir=$PWD/.thingstead/wildfly" >/dev/null || break; sleep 1; done
  echo "=== $mode done $(uptime)" | tee -a $OUT
done
