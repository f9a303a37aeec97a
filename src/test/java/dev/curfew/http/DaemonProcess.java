package dev.curfew.http;

import dev.curfew.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** {@code curfew run} as a real process on a config folder, and a real HTTP client to its endpoint. */
public final class DaemonProcess implements AutoCloseable {
    private final Process process;
    private final Path dataDir;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DaemonProcess(Process process, Path dataDir) {
        this.process = process;
        this.dataDir = dataDir;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                lines.add("read failed: " + e);
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code curfew --config configDir run} and waits until its endpoint file is written. */
    public static DaemonProcess start(Path configDir, Path dataDir) throws Exception {
        DaemonProcess d = launch(configDir, dataDir);
        Await.until("the daemon's endpoint", Duration.ofSeconds(90), () -> {
            if (!d.process.isAlive()) {
                throw new AssertionError("the daemon stopped: " + d.lines);
            }
            return Files.exists(dataDir.resolve(TokenFile.ENDPOINT));
        });
        return d;
    }

    /** Starts {@code curfew --config configDir run} and waits for its line "curfew started in". */
    public static DaemonProcess startWithoutEndpoint(Path configDir, Path dataDir) throws Exception {
        DaemonProcess d = launch(configDir, dataDir);
        Await.until("the daemon's start", Duration.ofSeconds(90), () -> {
            if (!d.process.isAlive()) {
                throw new AssertionError("the daemon stopped: " + d.lines);
            }
            return d.lines.stream().anyMatch(l -> l.contains("curfew started in"));
        });
        return d;
    }

    private static DaemonProcess launch(Path configDir, Path dataDir) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "dev.curfew.cli.Main", "--config", configDir.toString(), "run")
                .redirectErrorStream(true).start();
        return new DaemonProcess(p, dataDir);
    }

    public List<String> lines() {
        return lines;
    }

    public String url() throws Exception {
        return Files.readString(dataDir.resolve(TokenFile.ENDPOINT)).trim();
    }

    public String token() throws Exception {
        return Files.readString(dataDir.resolve(TokenFile.TOKEN)).trim();
    }

    /** GET {@code path} with the Authorization header {@code auth} (null: none). */
    public HttpResponse<String> get(String path, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(60)).GET();
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public String bearer() throws Exception {
        return "Bearer " + token();
    }

    public static String basic(String name, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Stops it as a service manager would (SIGTERM) and waits for its end. */
    public int stop() throws Exception {
        new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the daemon did not stop: " + lines);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code /api/history}'s rows, one JSON object a line. */
    List<JsonNode> historyRows(String bearer) {
        try {
            List<JsonNode> rows = new ArrayList<>();
            for (String line : get("/api/history", bearer).body().lines().toList()) {
                rows.add(HISTORY_JSON.readTree(line));
            }
            return rows;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper HISTORY_JSON = new com.fasterxml.jackson.databind.ObjectMapper();
}
