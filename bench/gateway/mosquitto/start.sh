#!/usr/bin/env bash
# Starts Debian's mosquitto (apt-get install -y mosquitto) with a mutual-TLS listener for the side-by-side benchmark.
#   bench/gateway/mosquitto/start.sh CERTS_DIR [PORT]     (default port 18883)
# CERTS_DIR is what `GatewayLoad --scenario setup` wrote (ca-chain.pem verifies the device certificates). A test CA
# (EC P-384 root and intermediate, like Thingstead's) and a server certificate for localhost (EC P-256, like the
# gateway's) are made once with openssl into bench/gateway/target/mosquitto/. Prints the PID; stop with kill PID.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
certs="$(cd "$1" && pwd)"
port="${2:-18883}"
dir="$here/../target/mosquitto"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
command -v mosquitto >/dev/null || { echo "install mosquitto: apt-get install -y mosquitto" >&2; exit 1; }
if [ ! -f "$dir/server-chain.pem" ]; then
  cd "$dir"
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-384 -nodes -days 3650 -subj "/O=Bench/CN=Bench Root CA" \
    -keyout ca.key -out ca.pem -addext basicConstraints=critical,CA:true -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-384 -nodes -subj "/O=Bench/CN=Bench Issuing CA" \
    -keyout issuing.key -out issuing.csr 2>/dev/null
  printf 'basicConstraints=critical,CA:true,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n' >issuing.ext
  openssl x509 -req -in issuing.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 -sha384 \
    -extfile issuing.ext -out issuing.pem 2>/dev/null
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
    -keyout server.key -out server.csr 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n' >server.ext
  openssl x509 -req -in server.csr -CA issuing.pem -CAkey issuing.key -CAcreateserial -days 825 -sha384 \
    -extfile server.ext -out server.pem 2>/dev/null
  cat server.pem issuing.pem >server-chain.pem
  chmod 644 server.key
fi
cp "$here/acl" "$dir/acl"
sed -e "s|@DIR@|$dir|g" -e "s|@CERTS@|$certs|g" -e "s|@PORT@|$port|g" "$here/mosquitto.conf" >"$dir/mosquitto.conf"
nohup mosquitto -c "$dir/mosquitto.conf" >"$dir/mosquitto.log" 2>&1 &
pid=$!
sleep 1
kill -0 "$pid" 2>/dev/null || { cat "$dir/mosquitto.log" >&2; exit 1; }
echo "$pid" >"$dir/mosquitto.pid"
echo "$pid"
