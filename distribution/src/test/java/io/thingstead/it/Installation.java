package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A WildFly installation these tests run as an operations team would: started with {@code bin/standalone.sh}, its own
 * port offset, its settings in the environment, its own database schema (a fresh one, so that it generates its own
 * master key and first operator key), stopped at the end. Its output goes to {@code <home>/console.log}.
 */
final class Installation implements AutoCloseable {
    static final List<String> SUBSYSTEMS = List.of(
            "thingstead-database",
            "thingstead-master-key",
            "thingstead-pki",
            "thingstead-gateway",
            "thingstead-operator-access");

    final Path home;
    final int offset;
    final String schema;
    private Process process;

    Installation(Path home, int offset, String schema) {
        this.home = home;
        this.offset = offset;
        this.schema = schema;
    }

    int port(int base) {
        return base + offset;
    }

    URI http(String path) {
        return URI.create("http://localhost:" + port(8080) + path);
    }

    URI management(String path) {
        return URI.create("http://127.0.0.1:" + port(9990) + path);
    }

    /** The JDBC URL of this installation's schema in the test database. */
    String databaseUrl() {
        String url = TestEnvironment.require("THINGSTEAD_DB_URL");
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** Drops and creates this installation's schema: a database no server has seen. */
    void freshSchema() throws Exception {
        try (Connection connection = DriverManager.getConnection(
                        TestEnvironment.require("THINGSTEAD_DB_URL"),
                        TestEnvironment.require("THINGSTEAD_DB_USER"),
                        TestEnvironment.require("THINGSTEAD_DB_PASSWORD"));
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            statement.execute("CREATE SCHEMA " + schema);
        }
    }

    /**
     * The release zip unpacked afresh into {@code target/it/<dir>}.
     *
     * @return the server's home in it
     */
    static Path freshZip(String dir) throws IOException {
        Path unpacked = Path.of(System.getProperty("user.dir"), "target", "it", dir);
        delete(unpacked);
        unzip(Path.of(System.getProperty("thingstead.server.zip")), unpacked);
        return unpacked.resolve("thingstead-server-" + System.getProperty("thingstead.version"));
    }

    /**
     * What a server from the zip needs in its environment to run on this installation's schema: the secrets, the
     * database, the test's OIDC provider, and loopback only.
     */
    Map<String, String> zipEnvironment() {
        Map<String, String> env = new HashMap<>(secrets());
        env.put("THINGSTEAD_DB_URL", databaseUrl());
        env.put("THINGSTEAD_DB_USER", TestEnvironment.require("THINGSTEAD_DB_USER"));
        env.put("THINGSTEAD_OIDC_PROVIDER_URL", TestEnvironment.require("THINGSTEAD_OIDC_PROVIDER_URL"));
        env.put("THINGSTEAD_BIND_ADDRESS", "127.0.0.1");
        return env;
    }

    /** The secrets a server gets from its environment (never from the CLI script's properties file). */
    static Map<String, String> secrets() {
        Map<String, String> env = new HashMap<>();
        env.put("THINGSTEAD_DB_PASSWORD", TestEnvironment.require("THINGSTEAD_DB_PASSWORD"));
        env.put("THINGSTEAD_OIDC_CLIENT_SECRET", TestEnvironment.require("THINGSTEAD_OIDC_CLIENT_SECRET"));
        return env;
    }

    void start(Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                        home.resolve("bin/standalone.sh").toString(), "-Djboss.socket.binding.port-offset=" + offset)
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("console.log").toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(k -> k.startsWith("THINGSTEAD_") || k.equals("JAVA_OPTS"));
        environment.put("LAUNCH_JBOSS_IN_BACKGROUND", "1");
        environment.put("JAVA_OPTS", "-Xmx768m -Djava.net.preferIPv4Stack=true");
        environment.putAll(env);
        process = builder.start();
    }

    /** Waits until the management interface answers. */
    void awaitManagement() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!portOpen(port(9990))) {
            assertAlive();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the management interface never opened; see " + home.resolve("console.log"));
            }
            Thread.sleep(500);
        }
    }

    /** Waits until /health/ready is UP with every Thingstead check present and UP; returns it. */
    JsonObject awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(6);
        String last = "";
        while (System.nanoTime() < deadline) {
            assertAlive();
            try {
                last = TestEnvironment.get(management("/health/ready")).body();
                if (last.startsWith("{\"status\":\"UP\"") && SUBSYSTEMS.stream().allMatch(last::contains)) {
                    return TestEnvironment.json(last);
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("not ready within 6 minutes; last /health/ready: " + last + "; server log: "
                + home.resolve("standalone/log/server.log"));
    }

    /** The first operator access key, written by the server at its first start on an empty database. */
    Map<String, String> operatorCredentials() throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(home.resolve("standalone/data/thingstead/operator-credentials.env"))) {
            int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0) {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return values;
    }

    /** {@code bin/jboss-cli.sh --connect} with the given arguments, in a clean environment; returns exit and output. */
    Result cli(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                home.resolve("bin/jboss-cli.sh").toString(), "--connect", "--controller=127.0.0.1:" + port(9990)));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // as an operator's shell: the server's secrets are not in it, so their expressions reach the server unresolved
        builder.environment().keySet().removeIf(k -> k.startsWith("THINGSTEAD_"));
        Process cli = builder.start();
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cli.waitFor(5, TimeUnit.MINUTES)).as("jboss-cli.sh ends").isTrue();
        return new Result(cli.exitValue(), output);
    }

    record Result(int exit, String output) {}

    /**
     * {@code kill -9} of the server: SIGKILL to the JVM (and to bin/standalone.sh that started it), no shutdown hook,
     * no graceful close of connections or transactions — a crash or the OOM killer for the process, not for the
     * machine (the OS keeps what was written). Waits until the processes are gone and the management port is closed;
     * {@link #start} may then start the same installation again.
     */
    void kill() throws Exception {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        for (ProcessHandle handle : all) {
            handle.destroyForcibly(); // SIGKILL on Unix
        }
        for (ProcessHandle handle : all) {
            handle.onExit().get(60, TimeUnit.SECONDS);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (portOpen(port(9990)) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        process = null;
    }

    private void assertAlive() {
        if (process != null && !process.isAlive()) {
            throw new AssertionError(
                    "WildFly stopped (exit " + process.exitValue() + "); see " + home.resolve("console.log"));
        }
    }

    @Override
    public void close() throws Exception {
        if (process == null) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        for (ProcessHandle child : descendants) {
            child.destroy();
            try {
                child.onExit().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                child.destroyForcibly();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (portOpen(port(9990)) && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        process = null;
    }

    static boolean portOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    // --- files ----------------------------------------------------------------------------------------------------

    static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** Unzips {@code zip} into {@code dir}; shell scripts become executable, as unzip(1) keeps them. */
    static void unzip(Path zip, Path dir) throws IOException {
        try (InputStream in = Files.newInputStream(zip);
                ZipInputStream entries = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = entries.getNextEntry()) != null) {
                Path target = dir.resolve(entry.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.copy(entries, target, StandardCopyOption.REPLACE_EXISTING);
                if (target.getFileName().toString().endsWith(".sh")) {
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
