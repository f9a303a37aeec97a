package dev.curfew.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --config} and {@code --rules} default to the installation's folders when the launcher names it. */
class InstallationDefaultsTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String home, String... args) {
        return Main.run(Io.none(), home, new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    /** The help printed so far, its lines joined (picocli wraps them at 80 columns). */
    private String help() {
        return out.toString().replaceAll("\\s+", " ");
    }

    @Test
    void withAnInstallationTheConfigAndRulesAreItsOwn(@TempDir Path home) {
        assertThat(run(home.toString(), "--help")).isZero();
        assertThat(help()).contains("(default: " + home.resolve("config") + ")")
                .contains("(default: " + home.resolve("rules") + ")");

        assertThat(run(home.toString(), "history")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("curfew: " + home.resolve("config/curfew.yaml") + ": file not found\n");
    }

    @Test
    void withoutOneTheyAreTheCurrentFoldersAsInAClone() {
        assertThat(run(null, "--help")).isZero();
        assertThat(help()).contains("(default: config)").contains("(default: rules)");
        assertThat(run(" ", "--help")).isZero();
        assertThat(help()).doesNotContain("(default: )");
    }

    @Test
    void anExplicitConfigWinsOverTheInstallation(@TempDir Path dir) throws IOException {
        Path mine = Files.createDirectories(dir.resolve("mine"));
        assertThat(run(dir.resolve("install").toString(), "--config", mine.toString(), "history")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("curfew: " + mine.resolve("curfew.yaml") + ": file not found\n");
    }
}
