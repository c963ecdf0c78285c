#!/usr/bin/env bash
# Leak check over a reconnect loop (a benchmark, not CI): the C device, built with AddressSanitizer (LeakSanitizer)
# or run under valgrind (VALGRIND=1), stays connected to a running Thingstead for MINUTES (default 10) while another
# client takes its client id over every CYCLE seconds (default 10), so it is disconnected, backs off and reconnects
# again and again (TLS handshake, MQTT session, subscriptions, shadow sync each time), sending telemetry throughout.
# At the end it gets SIGTERM; the check passes when it exits 0 with no leak reported.
#
#   ./thingstead run        (in another terminal), then:
#   firmware-reference/c/bench/leak-check.sh [MINUTES] [CYCLE]
# Needs: cmake gcc libpaho-mqtt-dev libcjson-dev libssl-dev, the AWS CLI, mosquitto-clients (and valgrind for VALGRIND=1).
set -Eeuo pipefail
MINUTES="${1:-10}"
CYCLE="${2:-10}"
WORK="$(mktemp -d /tmp/device-leak-check.XXXXXX)"
. "$(dirname "$0")/fleet.sh"
SOURCE="$HERE/.."

if [ "${VALGRIND:-0}" = 1 ]; then
  cmake -S "$SOURCE" -B "$WORK/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$WORK/build" --parallel 2 >/dev/null
  RUN=(valgrind --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect
       --error-exitcode=99 --log-file="$WORK/valgrind.log" "$WORK/build/thingstead-device")
else
  cmake -S "$SOURCE" -B "$WORK/build" -DTHINGSTEAD_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
  cmake --build "$WORK/build" --parallel 2 >/dev/null
  export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
  RUN=("$WORK/build/thingstead-device")
fi

NAME="leak-$(date +%s)"
make_fleet "$NAME"
c_config "$NAME" 1 "telemetry-interval = 500ms"
echo "work directory: $WORK (device log: $WORK/device.log)"
(cd "$WORK" && exec "${RUN[@]}" device.conf >"$WORK/device.log" 2>&1) &
DEVICE=$!
trap 'kill "$DEVICE" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do [ -f "$WORK/state/thing-name" ] && break; sleep 1; done
THING=$(cat "$WORK/state/thing-name")

end=$(( $(date +%s) + MINUTES * 60 ))
takeovers=0
while [ "$(date +%s)" -lt "$end" ]; do
  sleep "$CYCLE"
  # same client id: the gateway closes the device's connection (session taken over), the device reconnects
  mosquitto_sub -h "$GATEWAY_HOST" -p "$GATEWAY_PORT" --cafile "$WORK/certs/root-ca.pem" \
    --cert "$WORK/state/device.pem" --key "$WORK/state/device.key" -i "$THING" -t "dt/$THING/none" -W 1 \
    >/dev/null 2>&1 || true
  takeovers=$((takeovers + 1))
done
kill -TERM "$DEVICE"
status=0
wait "$DEVICE" || status=$?
trap - EXIT

connects=$(grep -c 'INFO  connected; ' "$WORK/device.log" || true)
echo "$MINUTES min, $takeovers takeovers, $connects connections, exit status $status"
grep 'stopping:' "$WORK/device.log" || true
if [ "${VALGRIND:-0}" = 1 ]; then
  grep -E 'definitely lost|indirectly lost|ERROR SUMMARY' "$WORK/valgrind.log"
fi
if [ "$status" -ne 0 ] || grep -qE 'LeakSanitizer|AddressSanitizer|runtime error:' "$WORK/device.log"; then
  echo "LEAK CHECK FAILED: see $WORK/device.log${VALGRIND:+ and $WORK/valgrind.log}" >&2
  exit 1
fi
echo "no leak reported"
