#!/usr/bin/env bash
# Figures for README.md and docs/performance.md: the C device's binary size, its peak RSS and its CPU time per
# telemetry message at a steady rate, and the same for the Java reference device under the same load, against a
# running Thingstead. Take the benchmark lock on a shared machine:
#   flock /work/helpers/bench.lock firmware-reference/c/bench/measure.sh [SECONDS] [INTERVAL_MS]
# Needs: a release build is made here; the Java device built (./mvnw -pl firmware-reference/java -am package).
set -Eeuo pipefail
SECONDS_TO_RUN="${1:-60}"
INTERVAL_MS="${2:-20}"
WORK="$(mktemp -d /tmp/device-measure.XXXXXX)"
. "$(dirname "$0")/fleet.sh"
SOURCE="$HERE/.."
TICK=$(getconf CLK_TCK)

cmake -S "$SOURCE" -B "$WORK/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$WORK/build" --parallel 2 >/dev/null
cp "$WORK/build/thingstead-device" "$WORK/thingstead-device"
strip "$WORK/thingstead-device"
echo "binary: $(stat -c %s "$WORK/build/thingstead-device") bytes, stripped $(stat -c %s "$WORK/thingstead-device") bytes"
echo "shared libraries: $(ldd "$WORK/thingstead-device" | awk '{print $1}' | grep -E 'paho|cjson|ssl|crypto' | tr '\n' ' ')"

# measure LABEL COMMAND...: runs a device until it is connected, then SECONDS_TO_RUN more; prints the figures
measure() {
  local label="$1" pid c0 c1 sent0 sent1
  shift
  (cd "$WORK" && exec "$@" >"$WORK/$label.log" 2>&1) &
  pid=$!
  for _ in $(seq 1 120); do grep -qE 'INFO  connected; |INFO: connected; ' "$WORK/$label.log" 2>/dev/null && break; sleep 1; done
  sleep 5 # settled: subscriptions, shadow sync, first backlog
  c0=$(cpu_ticks "$pid")
  sent0=$(count_sent "$label")
  sleep "$SECONDS_TO_RUN"
  c1=$(cpu_ticks "$pid")
  sent1=$(count_sent "$label")
  local rss
  rss=$(peak_rss_kib "$pid")
  kill -TERM "$pid"
  wait "$pid" || true
  local messages=$((sent1 - sent0))
  awk -v l="$label" -v m="$messages" -v c=$((c1 - c0)) -v t="$TICK" -v r="$rss" -v s="$SECONDS_TO_RUN" 'BEGIN {
    per = (m > 0) ? 1e6 * c / t / m : 0
    printf "%s: %d messages in %d s (%.1f/s), CPU %.2f s = %.1f us per message, peak RSS %.1f MiB\n", l, m, s, m / s, c / t, per, r / 1024 }'
}

# messages the observer received from the device's telemetry topic so far
count_sent() { wc -l <"$WORK/$1.received" 2>/dev/null || echo 0; }

observe() { # LABEL THING: counts what arrives at the broker from this device
  mosquitto_sub -h "$GATEWAY_HOST" -p "$GATEWAY_PORT" --cafile "$WORK/certs/root-ca.pem" \
    --cert "$WORK/observer.pem" --key "$WORK/observer.key" -i "observer-$1" -t "dt/$2/telemetry" -q 1 \
    >"$WORK/$1.received" 2>/dev/null &
  OBSERVERS+=($!)
}

NAME="measure-$(date +%s)"
make_fleet "$NAME"
iot create-policy --policy-name "observer-$NAME" \
  --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:*","Resource":"*"}]}' >/dev/null
OBSERVER_ARN=$(iot create-keys-and-certificate --set-as-active --certificate-pem-outfile "$WORK/observer.pem" \
  --private-key-outfile "$WORK/observer.key" --query certificateArn)
iot attach-policy --policy-name "observer-$NAME" --target "$OBSERVER_ARN"
OBSERVERS=()
trap 'kill "${OBSERVERS[@]}" 2>/dev/null || true' EXIT

# the C device: provision once, then measure
c_config "$NAME" C1 "telemetry-interval = ${INTERVAL_MS}ms
drain-rate = 1000"
observe c "$NAME-C1"
measure c "$WORK/thingstead-device" device.conf

# the Java device, same fleet, same interval
JAVA_DEVICE="$ROOT/firmware-reference/java/target"
if [ -f "$JAVA_DEVICE/reference-device.jar" ]; then
  JAVA="${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-2* | tail -1)}/bin/java"
  cat >"$WORK/device.properties" <<CONF
endpoint=$GATEWAY_HOST
port=$GATEWAY_PORT
root-ca=certs/root-ca.pem
claim-certificate=certs/claim.pem
claim-key=certs/claim.key
template=$NAME
serial=J1
state-dir=java-state
telemetry-interval=PT0.0${INTERVAL_MS}S
buffer-capacity=10000
CONF
  sed -i "s/^telemetry-interval=.*/telemetry-interval=PT$(awk -v i="$INTERVAL_MS" 'BEGIN {printf "%.3f", i / 1000}')S/" \
    "$WORK/device.properties"
  observe java "$NAME-J1"
  measure java "$JAVA" -cp "$JAVA_DEVICE/reference-device.jar:$(cat "$JAVA_DEVICE/classpath.txt")" \
    io.thingstead.device.Device device.properties
else
  echo "java: not built ($JAVA_DEVICE/reference-device.jar); ./mvnw -pl firmware-reference/java -am package"
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
