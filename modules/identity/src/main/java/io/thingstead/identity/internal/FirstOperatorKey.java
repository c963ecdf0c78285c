package io.thingstead.identity.internal;

import io.thingstead.identity.api.NewAccessKey;
import io.thingstead.identity.api.Role;
import io.thingstead.migrations.api.SchemaReady;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * On the very first start (no access key exists yet) issues one operator key, so that the control plane can be used
 * at all. Its secret goes only into {@code <data dir>/operator-credentials.env} (permissions 0600, AWS CLI environment
 * variable names), which {@code ./thingstead run} prints and {@code ./thingstead credentials} shows again; the log
 * names the key id and the file, never the secret.
 */
@ApplicationScoped
public class FirstOperatorKey {
    static final String FILE_NAME = "operator-credentials.env";
    private static final Logger LOG = Logger.getLogger(FirstOperatorKey.class);

    private volatile boolean ran;

    @Inject
    AccessKeyService keys;

    @Inject
    DataDirectory dataDirectory;

    @Inject
    @ConfigProperty(name = "thingstead.region", defaultValue = "us-east-1")
    String region;

    /**
     * Right after the master key check (APPLICATION + 100) and before the PKI, provisioning and the gateway (default
     * priority and later), so that the PKI's first start (generating its CAs) does not delay the first key; until it
     * has run, the operator-access readiness check says STARTING.
     */
    void onSchemaReady(@Observes @Priority(Interceptor.Priority.APPLICATION + 200) SchemaReady ready) {
        try {
            createIfNoneExists();
        } finally {
            ran = true;
        }
    }

    /** Whether the start-up decision (create the first key or not) has been taken: before it, no key is no failure. */
    boolean ran() {
        return ran;
    }

    private void createIfNoneExists() {
        if (keys.anyExists()) {
            return;
        }
        NewAccessKey key = keys.create("operator", Role.OPERATOR);
        Path file = dataDirectory.path().resolve(FILE_NAME);
        try {
            write(file, key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } finally {
            Arrays.fill(key.secretAccessKey(), '\0');
        }
        LOG.infof(
                "Created the first operator access key %s; its secret is in %s (readable by this user only)",
                key.accessKeyId(), file);
    }

    private void write(Path file, NewAccessKey key) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file);
        MasterKey.restrict(file);
        String content = "# Thingstead operator credentials (AWS CLI / SDK environment variables)\n"
                + "AWS_ACCESS_KEY_ID=" + key.accessKeyId() + "\n"
                + "AWS_SECRET_ACCESS_KEY=" + new String(key.secretAccessKey()) + "\n"
                + "AWS_REGION=" + region + "\n"
                + "AWS_DEFAULT_REGION=" + region + "\n";
        Files.writeString(file, content, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }
}
