package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The release's provisioned server, thingstead-server-VERSION.zip (WildFly 39 + Thingstead's feature pack, layers
 * thingstead-server and thingstead-ear), as a user takes it: unzip, set the environment, {@code bin/standalone.sh};
 * then the smoke test.
 */
class ServerZipIT {
    /** The test server's offset + 1400. */
    private static final int OFFSET = Integer.getInteger("thingstead.port.offset", 10000) + 1400;

    @Test
    void theServerZipRunsThingsteadFromTheEnvironmentAlone() throws Exception {
        long started = System.nanoTime();
        Path home = Installation.freshZip("server-zip");
        assertThat(home.resolve("standalone/deployments/thingstead.ear")).exists();
        assertThat(home.resolve("modules/com/hivemq/embedded/main/module.xml")).exists();

        try (Installation server = new Installation(home, OFFSET, "it_zip")) {
            server.freshSchema();
            Map<String, String> env = server.zipEnvironment();
            server.start(env);

            SmokeTest.run(server, server.awaitReady());
            assertThat(Files.readString(home.resolve("standalone/log/server.log")))
                    .contains("ports come from the socket bindings thingstead-mqtt* (interface address 127.0.0.1)");
        }
        System.out.printf("ServerZipIT took %s%n", Installation.since(started));
    }
}
