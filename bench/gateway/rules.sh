#!/usr/bin/env bash
# Issue 14's end-to-end comparison: QoS 1 messages from P devices through a republish topic rule on Thingstead
# (SELECT * FROM 'bench/+/data' -> bench/out/${topic(2)}) against what a user would run instead: mosquitto plus a
# relay client doing the same republish (GatewayLoad --scenario relay, its own JVM). Each side also runs without
# the republish (subscriber on bench/+/data) in the same session, so the rule's own cost shows. One after the
# other, same client, same machine. Build first (./thingstead build; ./mvnw -pl bench/gateway -am package
# -DskipTests); run under the bench lock where machines are shared. Ports and database are the bench slot's.
#   PUBLISHERS (400)  RATES ("5000 0": offered msg/s, 0 = closed loop with 10 in flight per device)
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
export THINGSTEAD_HTTP_PORT=21080 THINGSTEAD_HTTPS_PORT=21443 THINGSTEAD_MANAGEMENT_PORT=21990 THINGSTEAD_GATEWAY_PORT=21883 \
  THINGSTEAD_GATEWAY_WEBSOCKET_PORT=21884 THINGSTEAD_KEYCLOAK_PORT=21180 THINGSTEAD_DB_NAME=thingstead_bench_rules \
  THINGSTEAD_DB_USER=ts_benchrules THINGSTEAD_NO_BUILD=1
PUBLISHERS="${PUBLISHERS:-400}" RATES="${RATES:-5000 0}" MQ_PORT=21893
OUT="${OUT:-bench/gateway/target/rules-$(date +%Y%m%d-%H%M%S).md}"
CERTS=bench/gateway/target/certs-rules
CREDS=.thingstead/wildfly/data/thingstead/operator-credentials.env
mkdir -p bench/gateway/target
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
load() { bench/gateway/load.sh "$@" 2>&1 | grep -v -E '^(SLF4J|WARNING)' | tee -a "$OUT"; }
fanin() { # label port pid ca subscribe-filter rate
  load --label "$1" --port "$2" --pid "$3" --certs $CERTS --ca "$4" --scenario fanin --publishers "$PUBLISHERS" --qos 1 \
    --rate "$6" --inflight 10 --seconds 30 --warmup 10 --sources 2 --subscribe "$5"
}

echo "# bench/gateway/rules.sh $(date -Is)" | tee -a "$OUT"; nproc | tee -a "$OUT"; uptime | tee -a "$OUT"
rm -rf $CERTS
setsid ./thingstead run > bench/gateway/target/run-rules.log 2>&1 &
RUN=$!
for i in $(seq 1 300); do
  curl -fsS http://127.0.0.1:21990/health/ready 2>/dev/null | grep -q '"status":"UP"' && break
  sleep 2
done
TS_PID=$(pgrep -f "jboss.server.base.dir=$PWD/.thingstead/wildfly" | tail -1)
grep -o "keeps sessions and retained messages[^(]*" .thingstead/wildfly/log/server.log | tail -1 | tee -a "$OUT"
load --scenario setup --endpoint http://localhost:21080 --credentials $CREDS --cert-count 200 --certs $CERTS >/dev/null
for rate in $RATES; do
  load --scenario rule --endpoint http://localhost:21080 --credentials $CREDS --name bench_republish
  fanin thingstead-rule 21883 "$TS_PID" $CERTS/root-ca.pem 'bench/out/+' "$rate"
  load --scenario rule --endpoint http://localhost:21080 --credentials $CREDS --name bench_republish --disable true
  fanin thingstead-direct 21883 "$TS_PID" $CERTS/root-ca.pem 'bench/+/data' "$rate"
done
kill -TERM -- -$RUN 2>/dev/null || kill -TERM $RUN
wait $RUN
for i in $(seq 1 60); do pgrep -f "jboss.server.base.dir=$PWD/.thingstead/wildfly" >/dev/null || break; sleep 1; done

MQ_PID=$(bench/gateway/mosquitto/start.sh $CERTS $MQ_PORT | tail -1)
MQ_CA=bench/gateway/target/mosquitto/ca.pem
for rate in $RATES; do
  bench/gateway/load.sh --scenario relay --port $MQ_PORT --certs $CERTS --ca $MQ_CA --from 'bench/+/data' --to bench/out \
    --netty-threads 1 > bench/gateway/target/relay.log 2>&1 &
  RELAY=$!
  sleep 5
  before=$(ticks $RELAY)
  fanin mosquitto+relay $MQ_PORT "$MQ_PID" $MQ_CA 'bench/out/+' "$rate"
  after=$(ticks $RELAY)
  echo "relay CPU during the run (incl. the 10 s warm-up and connects): $(( (after - before) * 10 )) ms; $(tail -1 bench/gateway/target/relay.log)" | tee -a "$OUT"
  kill $RELAY; wait $RELAY 2>/dev/null
  fanin mosquitto-direct $MQ_PORT "$MQ_PID" $MQ_CA 'bench/+/data' "$rate"
done
kill "$MQ_PID"
echo "done $(uptime)" | tee -a "$OUT"
echo "results: $OUT"
