#!/usr/bin/env bash
# Issue 17's figure: an on-demand Device Defender audit (every supported check) of a fleet of THINGS things with one
# certificate each, against `./thingstead run` on the bench slot's ports and its own database. The fleet is written
# straight into PostgreSQL (creating 100,000 certificates through the API would take most of an hour here): every
# certificate row carries a real PEM (EC P-256; every 100th an RSA-1024 key, which the key-quality check must find),
# unique ids and serials, 1 in 20 expiring within 10 days, ages spread over 500 days; each thing has its certificate
# attached. Connection history is empty (the shared-certificate and client-id checks read no rows). Build first
# (./thingstead build; ./mvnw -pl bench/control-plane -am package -DskipTests); run under the bench lock.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
export THINGSTEAD_HTTP_PORT=21080 THINGSTEAD_HTTPS_PORT=21443 THINGSTEAD_MANAGEMENT_PORT=21990 THINGSTEAD_GATEWAY_PORT=21883 \
  THINGSTEAD_GATEWAY_WEBSOCKET_PORT=21884 THINGSTEAD_KEYCLOAK_PORT=21180 THINGSTEAD_DB_NAME=thingstead_bench_defender \
  THINGSTEAD_DB_USER=ts_benchdefender THINGSTEAD_NO_BUILD=1
THINGS="${THINGS:-100000}"
work=bench/control-plane/target/defender-audit
mkdir -p $work
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 -subj "/CN=bench-ec" \
  -keyout $work/ec.key -out $work/ec.pem 2>/dev/null
openssl req -x509 -newkey rsa:1024 -nodes -days 3650 -subj "/CN=bench-rsa1024" \
  -keyout $work/rsa.key -out $work/rsa.pem 2>/dev/null

setsid ./thingstead run > $work/run.log 2>&1 &
RUN=$!
trap 'kill -TERM -- -$RUN 2>/dev/null || true' EXIT
for i in $(seq 1 300); do
  curl -fsS http://127.0.0.1:21990/health/ready 2>/dev/null | grep -q '"status":"UP"' && break
  sleep 2
done
CREDS=.thingstead/wildfly/data/thingstead/operator-credentials.env
region=$(sed -n 's/^AWS_REGION=//p' $CREDS); region=${region:-us-east-1}

psql() { runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -d "$THINGSTEAD_DB_NAME" "$@"; }
started=$(date +%s)
psql -v ec="$(cat $work/ec.pem)" -v rsa="$(cat $work/rsa.pem)" -v n="$THINGS" -v region="$region" <<'SQL'
DELETE FROM registry_thing WHERE name LIKE 'bench-audit-%';
DELETE FROM pki_certificate WHERE generation_id = 'bench-audit';
INSERT INTO pki_certificate (id, ca_id, origin, certificate_pem, serial_number, status, certificate_mode, not_before,
                             not_after, generation_id, created_at, updated_at)
SELECT encode(sha256(('bench-audit-' || g)::bytea), 'hex'), NULL, 'REGISTERED_WITHOUT_CA',
       CASE WHEN g % 100 = 0 THEN :'rsa' ELSE :'ec' END, to_hex(g), 'ACTIVE', 'DEFAULT',
       now() - interval '500 days',
       CASE WHEN g % 20 = 0 THEN now() + interval '10 days' ELSE now() + interval '700 days' END,
       'bench-audit', now() - (g % 500) * interval '1 day', now()
FROM generate_series(1, :n) g;
INSERT INTO registry_thing (id, name, created_at, updated_at)
SELECT gen_random_uuid(), 'bench-audit-' || g, now(), now() FROM generate_series(1, :n) g;
INSERT INTO registry_thing_principal (thing_id, principal, attached_at)
SELECT t.id, 'arn:aws:iot:' || :'region' || ':000000000000:cert/'
             || encode(sha256(('bench-audit-' || substring(t.name from 13))::bytea), 'hex'), now()
FROM registry_thing t WHERE t.name LIKE 'bench-audit-%';
ANALYZE pki_certificate; ANALYZE registry_thing; ANALYZE registry_thing_principal;
SQL
echo "seeded $THINGS things and certificates in $(( $(date +%s) - started )) s"
psql -At -c "SELECT count(*) AS certificates FROM pki_certificate WHERE status = 'ACTIVE'"
"$JAVA_HOME/bin/java" -cp "bench/control-plane/target/thingstead-bench-control-plane-0.1.0-SNAPSHOT.jar:$(cat bench/control-plane/target/classpath.txt)" \
  io.thingstead.bench.DefenderAuditLoad --endpoint http://localhost:21080 --credentials $CREDS \
  --metrics http://127.0.0.1:21990/metrics 2>&1 | grep -v -E '^(SLF4J|WARNING)'
