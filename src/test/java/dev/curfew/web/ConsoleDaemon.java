package dev.curfew.web;

import dev.curfew.Await;
import dev.curfew.Curfew;
import dev.curfew.Daemon;
import dev.curfew.ShippedConfig;
import dev.curfew.config.ConfigLoader;
import dev.curfew.http.Passwords;
import dev.curfew.http.TokenFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The real daemon on the simulated demo, swept every second, with its console and two accounts:
 * {@value #OPERATOR} (operator) and {@value #VIEWER} (viewer), both with password {@value #PASSWORD}.
 */
final class ConsoleDaemon implements AutoCloseable {
    static final String OPERATOR = "olga";
    static final String VIEWER = "victor";
    static final String PASSWORD = "correct horse";

    final Curfew curfew;
    final Daemon daemon;
    final String url;

    private ConsoleDaemon(Curfew curfew, Daemon daemon, String url) {
        this.curfew = curfew;
        this.daemon = daemon;
        this.url = url;
    }

    /** Starts it in {@code dir}; {@code whatIf} starts it in what-if mode. */
    static ConsoleDaemon start(Path dir, boolean whatIf) throws IOException, InterruptedException {
        ShippedConfig.copyTo(dir, "1s");
        Path file = dir.resolve("curfew.yaml");
        String hash = Passwords.hash(PASSWORD.toCharArray());
        String yaml = Files.readString(file);
        String users = "users: [{ name: " + OPERATOR + ", passwordHash: '" + hash + "', role: operator }, { name: "
                + VIEWER + ", passwordHash: '" + hash + "', role: viewer }]";
        String edited = yaml.replace("users: []", users).replace("whatIf: false", "whatIf: " + whatIf);
        if (!edited.contains(users) || !edited.contains("whatIf: " + whatIf)) {
            throw new IllegalStateException("config/curfew.yaml changed shape; update ConsoleDaemon");
        }
        Files.writeString(file, edited);
        Curfew curfew = new Curfew(ConfigLoader.load(dir), Path.of("rules"), Clock.systemUTC());
        Daemon daemon = Daemon.start(curfew);
        Path data = curfew.config().history().dir();
        String url = Await.until(() -> TokenFile.read(data), o -> o.isPresent()).get()[0];
        Await.until("the first sweep of both servers", Duration.ofSeconds(20), () -> curfew.history().countSweeps() >= 2);
        return new ConsoleDaemon(curfew, daemon, url);
    }

    @Override
    public void close() {
        daemon.close();
    }
}
