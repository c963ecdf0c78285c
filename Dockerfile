# Thingstead image: the WildFly server provisioned by the build, with the EAR deployed.
# Build the platform first (./thingstead build), then: docker build -t thingstead .
# Not exercised by CI (no Docker engine there); see docs/docker.md.
FROM eclipse-temurin:25-jre
RUN useradd --system --home /opt/thingstead thingstead
COPY --chown=thingstead app-ear/target/server /opt/thingstead/server
COPY --chown=thingstead app-ear/target/thingstead.ear /opt/thingstead/server/standalone/deployments/thingstead.ear
USER thingstead
EXPOSE 8443
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s \
  CMD curl -fs http://127.0.0.1:9990/health/ready || exit 1
ENTRYPOINT ["/opt/thingstead/server/bin/standalone.sh"]
