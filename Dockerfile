# Thingstead image, built from the release's provisioned server: thingstead-server-<version>.zip (WildFly 39 + the
# Galleon feature pack's layers thingstead-server and thingstead-ear; distribution/). The same zip a user without
# Docker runs, the same one ServerZipIT starts in CI. Not built by CI (no Docker engine there); see docs/docker.md.
#
#   ./thingstead build && docker build -t thingstead .
#   docker build --build-arg THINGSTEAD_SERVER_ZIP=path/to/thingstead-server-1.0.0.zip -t thingstead .
ARG THINGSTEAD_VERSION=0.1.0-SNAPSHOT

FROM busybox:1.37 AS unpack
ARG THINGSTEAD_VERSION
ARG THINGSTEAD_SERVER_ZIP=distribution/target/thingstead-server-${THINGSTEAD_VERSION}.zip
COPY ${THINGSTEAD_SERVER_ZIP} /tmp/thingstead-server.zip
RUN mkdir -p /opt/thingstead && unzip -q /tmp/thingstead-server.zip -d /opt/thingstead \
 && mv /opt/thingstead/thingstead-server-* /opt/thingstead/server

FROM eclipse-temurin:25-jre
RUN useradd --system --home /opt/thingstead thingstead
COPY --from=unpack --chown=thingstead /opt/thingstead/server /opt/thingstead/server
USER thingstead
# HTTPS (portal, control and data plane), MQTT over TLS, MQTT over WebSocket; health and metrics stay on loopback
EXPOSE 8443 8883 8884
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s \
  CMD curl -fs http://127.0.0.1:9990/health/ready || exit 1
ENTRYPOINT ["/opt/thingstead/server/bin/standalone.sh"]
