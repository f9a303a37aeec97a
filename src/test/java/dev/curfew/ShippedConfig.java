package dev.curfew;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped config/curfew.yaml copied into a test folder, with its own data folder and sweep interval. */
public final class ShippedConfig {
    private ShippedConfig() {
    }

    /** Writes {@code dir/curfew.yaml}: the shipped file on the simulated demo, sweeping every {@code interval}. */
    public static Path copyTo(Path dir, String interval) throws IOException {
        String yaml = Files.readString(Path.of("config/curfew.yaml"))
                .replace("backend: auto ", "backend: sim  ")
                .replace("scenario: demo-scenario.yaml", "scenario: \"" + Path.of("config/demo-scenario.yaml").toAbsolutePath() + "\"")
                .replace("interval: 1m ", "interval: " + interval + " ")
                .replace("dir: ../data ", "dir: \"" + dir.resolve("data") + "\" ");
        if (!yaml.contains(dir.resolve("data").toString()) || !yaml.contains("interval: " + interval)) {
            throw new IllegalStateException("config/curfew.yaml changed shape; update ShippedConfig");
        }
        Files.writeString(dir.resolve("curfew.yaml"), yaml);
        return dir;
    }
}
