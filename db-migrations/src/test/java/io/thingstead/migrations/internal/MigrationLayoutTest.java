package io.thingstead.migrations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout every module's migrations follow (db-migrations/README.md): {@code db/migration/<module>/V<yyyyMMddNNNN>__
 * <module>_<what>.sql}, versions unique across modules, so that modules written in parallel never collide.
 */
class MigrationLayoutTest {
    private static final Path ROOT = Path.of("src/main/resources/db/migration");
    private static final Pattern NAME = Pattern.compile("V(\\d{12})__([a-z]+)_[a-z0-9_]+\\.sql");

    @Test
    void everyMigrationFollowsTheLayout() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(ROOT)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).isNotEmpty();

        Map<String, Path> versions = new HashMap<>();
        for (Path file : files) {
            Path relative = ROOT.relativize(file);
            assertThat(relative.getNameCount())
                    .as("%s sits in db/migration/<module>/", relative)
                    .isEqualTo(2);
            String module = relative.getName(0).toString();
            Matcher name = NAME.matcher(relative.getFileName().toString());
            assertThat(name.matches())
                    .as("%s is named V<yyyyMMddNNNN>__<module>_<what>.sql", relative)
                    .isTrue();
            assertThat(name.group(2)).as("%s names its module", relative).isEqualTo(module);
            Path clash = versions.put(name.group(1), relative);
            assertThat(clash)
                    .as("version %s used by %s and %s", name.group(1), clash, relative)
                    .isNull();
            assertThat(Files.readString(file)).as("%s is not empty", relative).isNotBlank();
        }
    }
}
