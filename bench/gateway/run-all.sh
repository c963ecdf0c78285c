#!/usr/bin/env bash
# The side-by-side run behind docs/performance.md ("Device gateway (MQTT)"): every scenario against Thingstead's
# gateway and against Debian's mosquitto, same client, same machine, one after the other, REPEAT times.
#
#   bench/gateway/run-all.sh [scenario...]     scenarios: connect idle fanin (default: all three)
#
# Needs: a running Thingstead (./thingstead run), `GatewayLoad --scenario setup` done into $CERTS, mosquitto started
# with bench/gateway/mosquitto/start.sh. Settings (environment):
#   TS_PORT (8883)  TS_PID (the WildFly java process)  MQ_PORT (18883)  MQ_PID (from target/mosquitto/mosquitto.pid)
#   CERTS (bench/gateway/target/certs)  REPEAT (2)  IDLE_CONNECTIONS (18000; the process file limit here is 20000)
#   TS_DB (thingstead: the database whose backends count as Thingstead's CPU)  PUBLISHERS (400)  FANIN_QOS ("0 1")
#   OUT (bench/gateway/target/results-<time>.md)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
CERTS="${CERTS:-bench/gateway/target/certs}"
TS_PORT="${TS_PORT:-8883}" MQ_PORT="${MQ_PORT:-18883}"
TS_PID="${TS_PID:?set TS_PID to the WildFly java process id}"
MQ_PID="${MQ_PID:-$(cat bench/gateway/target/mosquitto/mosquitto.pid)}"
REPEAT="${REPEAT:-2}" IDLE_CONNECTIONS="${IDLE_CONNECTIONS:-18000}" PUBLISHERS="${PUBLISHERS:-400}"
OUT="${OUT:-bench/gateway/target/results-$(date +%Y%m%d-%H%M%S).md}"
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(connect idle fanin)

# Thingstead's server CPU includes its PostgreSQL backends (the connection pool's, found by database name)
TS_DB="${TS_DB:-thingstead}"
db_pids() {
  runuser -u postgres -- psql -X -At -c "SELECT string_agg(pid::text, ',') FROM pg_stat_activity WHERE datname = '$TS_DB'" 2>/dev/null || true
}
both() { # args for both brokers
  bench/gateway/load.sh --label thingstead --port "$TS_PORT" --pid "$TS_PID" --db-pids "$(db_pids)" --certs "$CERTS" \
    --ca "$CERTS/root-ca.pem" "$@" 2>&1 | grep -v -E '^(SLF4J|WARNING)' | tee -a "$OUT"
  bench/gateway/load.sh --label mosquitto --port "$MQ_PORT" --pid "$MQ_PID" --certs "$CERTS" \
    --ca bench/gateway/target/mosquitto/ca.pem "$@" 2>&1 | grep -v -E '^(SLF4J|WARNING)' | tee -a "$OUT"
}

{ echo "# bench/gateway run $(date -Is)"; echo; nproc; free -g | head -2; uptime; echo; } | tee -a "$OUT"
for ((r = 1; r <= REPEAT; r++)); do
  for s in "${scenarios[@]}"; do
    echo "## $s, round $r ($(uptime))" | tee -a "$OUT"
    case "$s" in
      connect) both --scenario connect --connections 3000 --concurrency 32 --warmup 300 --sources 8 ;;
      idle)
        both --scenario idle --connections "$IDLE_CONNECTIONS" --concurrency 32 --sources 4 --settle 30 --hold 30 \
          --jvm-heap true ;;
      fanin)
        for qos in ${FANIN_QOS:-0 1}; do
          for rate in 5000 10000 20000; do
            both --scenario fanin --publishers "$PUBLISHERS" --qos "$qos" --rate "$rate" --seconds 30 --warmup 10 --sources 2
          done
        done
        both --scenario fanin --publishers "$PUBLISHERS" --qos 1 --rate 0 --inflight 10 --seconds 30 --warmup 10 --sources 2 ;;
      *) echo "unknown scenario $s" >&2; exit 1 ;;
    esac
  done
done
echo "results: $OUT"
