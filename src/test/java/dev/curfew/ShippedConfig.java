package dev.curfew;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped config/curfew.yaml copied into a test folder, with its own data folder and sweep interval. */
public final class ShippedConfig {
    private ShippedConfig() {
    }

    /**
     * Writes {@code dir/curfew.yaml}: the shipped file on the simulated demo, sweeping every {@code interval},
     * its HTTP endpoint on a free port of the loopback (daemons side by side each have theirs).
     */
    public static Path copyTo(Path dir, String interval) throws IOException {
        String yaml = Files.readString(Path.of("config/curfew.yaml"))
                .replace("backend: auto ", "backend: sim  ")
                .replace("scenario: demo-scenario.yaml", "scenario: \"" + Path.of("config/demo-scenario.yaml").toAbsolutePath() + "\"")
                .replace("interval: 1m ", "interval: " + interval + " ")
                .replace("listen: 127.0.0.1:8765 ", "listen: 127.0.0.1:0    ")
                .replace("dir: ../data ", "dir: \"" + dir.resolve("data") + "\" ");
        if (!yaml.contains(dir.resolve("data").toString()) || !yaml.contains("interval: " + interval)) {
            throw new IllegalStateException("config/curfew.yaml changed shape; update ShippedConfig");
        }
        Files.writeString(dir.resolve("curfew.yaml"), yaml);
        return dir;
    }
}
