# Sourced by the bench scripts: makes a fleet against a running Thingstead with the AWS CLI (claim policy, claim
# certificate, device policy, fleet template) and writes a device configuration into $WORK.
#   THINGSTEAD_URL   the HTTP endpoint (default http://localhost:8080)
#   GATEWAY_HOST, GATEWAY_PORT   the MQTT/TLS endpoint (default localhost:8883)
#   the operator's access key: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or ./thingstead run's credentials file
set -Eeuo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
THINGSTEAD_URL="${THINGSTEAD_URL:-http://localhost:8080}"
GATEWAY_HOST="${GATEWAY_HOST:-localhost}"
GATEWAY_PORT="${GATEWAY_PORT:-8883}"
if [ -z "${AWS_ACCESS_KEY_ID:-}" ]; then
  set -a
  # shellcheck disable=SC1091
  . "$ROOT/.thingstead/wildfly/data/thingstead/operator-credentials.env"
  set +a
fi
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"
iot() { aws iot --endpoint-url "$THINGSTEAD_URL" --output text "$@"; }

# make_fleet NAME: $WORK/certs (root CA, claim certificate), template NAME whose things are "NAME-<serial>"
make_fleet() {
  local name="$1" claim_arn
  mkdir -p "$WORK/certs"
  curl -fsS "$THINGSTEAD_URL/pki/root-ca.pem" -o "$WORK/certs/root-ca.pem"
  iot create-policy --policy-name "claim-$name" --policy-document "{\"Version\":\"2012-10-17\",\"Statement\":[
    {\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"*\"},
    {\"Effect\":\"Allow\",\"Action\":[\"iot:Publish\",\"iot:Receive\",\"iot:Subscribe\"],\"Resource\":[
      \"arn:aws:iot:*:*:topic/\$aws/certificates/create-from-csr/*\",
      \"arn:aws:iot:*:*:topicfilter/\$aws/certificates/create-from-csr/*\",
      \"arn:aws:iot:*:*:topic/\$aws/provisioning-templates/$name/provision/*\",
      \"arn:aws:iot:*:*:topicfilter/\$aws/provisioning-templates/$name/provision/*\"]}]}" >/dev/null
  claim_arn=$(iot create-keys-and-certificate --set-as-active --certificate-pem-outfile "$WORK/certs/claim.pem" \
    --private-key-outfile "$WORK/certs/claim.key" --query certificateArn)
  iot attach-policy --policy-name "claim-$name" --target "$claim_arn"
  iot create-policy --policy-name "device-$name" --policy-document '{"Version":"2012-10-17","Statement":[
    {"Effect":"Allow","Action":"iot:Connect","Resource":"arn:aws:iot:*:*:client/${iot:Connection.Thing.ThingName}"},
    {"Effect":"Allow","Action":["iot:Publish","iot:Receive"],"Resource":[
      "arn:aws:iot:*:*:topic/dt/${iot:Connection.Thing.ThingName}/*",
      "arn:aws:iot:*:*:topic/$aws/things/${iot:Connection.Thing.ThingName}/*"]},
    {"Effect":"Allow","Action":"iot:Subscribe","Resource":
      "arn:aws:iot:*:*:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/*"}]}' >/dev/null
  iot create-provisioning-template --template-name "$name" --enabled \
    --provisioning-role-arn arn:aws:iam::000000000000:role/Provisioning --template-body "{
      \"Parameters\": {\"SerialNumber\": {\"Type\": \"String\"}, \"AWS::IoT::Certificate::Id\": {\"Type\": \"String\"}},
      \"Resources\": {
        \"thing\": {\"Type\": \"AWS::IoT::Thing\",
                    \"Properties\": {\"ThingName\": {\"Fn::Join\": [\"\", [\"$name-\", {\"Ref\": \"SerialNumber\"}]]}}},
        \"certificate\": {\"Type\": \"AWS::IoT::Certificate\",
                          \"Properties\": {\"CertificateId\": {\"Ref\": \"AWS::IoT::Certificate::Id\"}, \"Status\": \"ACTIVE\"}},
        \"policy\": {\"Type\": \"AWS::IoT::Policy\", \"Properties\": {\"PolicyName\": \"device-$name\"}}}}" >/dev/null
}

# c_config NAME SERIAL EXTRA: $WORK/device.conf for the C device
c_config() {
  cat >"$WORK/device.conf" <<CONF
endpoint = $GATEWAY_HOST
port = $GATEWAY_PORT
root-ca = certs/root-ca.pem
claim-certificate = certs/claim.pem
claim-key = certs/claim.key
template = $1
serial = $2
state-dir = state
$3
CONF
}

# cpu_ticks PID: user + system CPU time of a process, in clock ticks
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# peak_rss_kib PID
peak_rss_kib() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }
