package io.thingstead.pki.internal.crypto;

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

    private OpenSsl() {}

    record Result(int exitCode, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }
    }

    static Result run(Path directory, String... arguments) {
        assertThat(BINARY).as("OpenSSL is installed").isExecutable();
        List<String> command = new ArrayList<>();
        command.add(BINARY.toString());
        command.addAll(List.of(arguments));
        try {
            Path out = Files.createTempFile(directory, "openssl", ".out");
            Path err = Files.createTempFile(directory, "openssl", ".err");
            Process process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("openssl did not finish within 60 s: " + command);
            }
            return new Result(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }

    /** Runs and asserts success. */
    static Result ok(Path directory, String... arguments) {
        Result result = run(directory, arguments);
        assertThat(result.exitCode())
                .as("openssl %s\n%s", String.join(" ", arguments), result.output())
                .isZero();
        return result;
    }

    static Path write(Path directory, String name, String content) {
        try {
            return Files.writeString(directory.resolve(name), content, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String read(Path directory, String name) {
        try {
            return Files.readString(directory.resolve(name), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
