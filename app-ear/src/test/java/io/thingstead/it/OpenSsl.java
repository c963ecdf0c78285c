package io.thingstead.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code /usr/bin/openssl} in a test's temporary directory. */
final class OpenSsl {
    static final Path BINARY = Path.of("/usr/bin/openssl");

    private final Path directory;

    OpenSsl(Path directory) {
        this.directory = directory;
    }

    record Result(int exitCode, String output) {}

    Result run(String... arguments) {
        assertThat(BINARY).as("OpenSSL is installed").isExecutable();
        List<String> command = new ArrayList<>();
        command.add(BINARY.toString());
        command.addAll(List.of(arguments));
        try {
            Path out = Files.createTempFile(directory, "openssl", ".out");
            Process process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("openssl did not finish within 60 s: " + command);
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }

    /** A self-signed EC P-256 certificate and its PKCS#8 key: a device identity from a CA nobody registered. */
    Mqtt.Identity selfSignedEcIdentity(String commonName) {
        ok(
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                commonName + ".key",
                "-out",
                commonName + ".pem",
                "-days",
                "1",
                "-subj",
                "/CN=" + commonName);
        ok("pkcs8", "-topk8", "-nocrypt", "-in", commonName + ".key", "-out", commonName + ".p8");
        return new Mqtt.Identity("none", "none", read(commonName + ".pem"), read(commonName + ".p8"));
    }

    /**
     * A self-signed EC P-256 CA certificate made here, as a registered or bring-your-own CA would be: {@code
     * <name>.key}, {@code <name>.pem}; returns the PEM.
     */
    String selfSignedCa(String name, String subject, int days) {
        ok("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name + ".key");
        ok(
                "req",
                "-x509",
                "-new",
                "-key",
                name + ".key",
                "-sha256",
                "-days",
                Integer.toString(days),
                "-subj",
                subject,
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
                "-out",
                name + ".pem");
        return read(name + ".pem");
    }

    /** {@code <file>.key} (EC P-256) and {@code <file>.pem} for {@code subject}, issued by the CA {@code <ca>.pem}. */
    void issue(String ca, String file, String subject) {
        ok("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", file + ".key");
        ok("req", "-new", "-key", file + ".key", "-subj", subject, "-out", file + ".csr");
        ok(
                "x509",
                "-req",
                "-in",
                file + ".csr",
                "-CA",
                ca + ".pem",
                "-CAkey",
                ca + ".key",
                "-CAcreateserial",
                "-days",
                "30",
                "-sha256",
                "-out",
                file + ".pem");
    }

    /** Runs and asserts success; returns the output. */
    String ok(String... arguments) {
        Result result = run(arguments);
        assertThat(result.exitCode())
                .as("openssl %s\n%s", String.join(" ", arguments), result.output())
                .isZero();
        return result.output();
    }

    Path write(String name, String content) {
        try {
            return Files.writeString(directory.resolve(name), content, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    Path write(String name, byte[] content) {
        try {
            return Files.write(directory.resolve(name), content);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    String read(String name) {
        try {
            return Files.readString(directory.resolve(name), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    byte[] bytes(String name) {
        try {
            return Files.readAllBytes(directory.resolve(name));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    Path path(String name) {
        return directory.resolve(name);
    }
}
