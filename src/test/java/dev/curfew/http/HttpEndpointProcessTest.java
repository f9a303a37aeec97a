package dev.curfew.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.curfew.Await;
import dev.curfew.ShippedConfig;
import dev.curfew.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint of a real daemon process (the shipped config on the demo scenario), asked by a real
 * HTTP client: who gets in, /health, /metrics against the history's rows, the API, and {@code curfew
 * history} while the daemon holds the embedded H2 file.
 */
class HttpEndpointProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A sample line of the Prometheus text format: name, optional labels, value, optional timestamp. */
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:\\\\.|[^\"\\\\])*\",?)*)\\})?"
            + " (NaN|[+-]Inf|[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)( -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:\\\\.|[^\"\\\\])*)\"");

    @TempDir
    Path dir;

    private Path config(String... users) throws Exception {
        ShippedConfig.copyTo(dir, "2s");
        Path file = dir.resolve("curfew.yaml");
        Files.writeString(file, Files.readString(file)
                .replace("  users: []", "  users:\n" + String.join("\n", users)));
        return dir;
    }

    private static String user(String name, String password, String role) {
        return "    - { name: " + name + ", passwordHash: \"" + Passwords.hash(password.toCharArray()) + "\", role: " + role + " }";
    }

    @Test
    void onlyTheTokenAndTheAccountsGetInAndWrongOnesLearnNothing() throws Exception {
        config(user("vera", "viewer-pw", "viewer"), user("otto", "operator-pw", "operator"));
        try (DaemonProcess d = DaemonProcess.start(dir, dir.resolve("data"))) {
            assertThat(Files.getPosixFilePermissions(dir.resolve("data").resolve(TokenFile.TOKEN)))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            for (String path : List.of("/metrics", "/api/sessions", "/api/upcoming", "/api/history")) {
                HttpResponse<String> none = d.get(path, null);
                assertThat(none.statusCode()).as(path).isEqualTo(401);
                assertThat(none.body()).as(path).isEmpty();
            }
            for (String wrong : List.of("Bearer nope", DaemonProcess.basic("vera", "wrong"), DaemonProcess.basic("nobody", "viewer-pw"))) {
                HttpResponse<String> r = d.get("/api/sessions", wrong);
                assertThat(r.statusCode()).as(wrong).isEqualTo(401);
                assertThat(r.body()).isEmpty();
            }
            assertThat(d.get("/api/sessions", DaemonProcess.basic("vera", "viewer-pw")).statusCode()).isEqualTo(200);
            assertThat(d.get("/api/sessions", DaemonProcess.basic("otto", "operator-pw")).statusCode()).isEqualTo(200);
            assertThat(d.get("/health", null).statusCode()).isEqualTo(200);

            // Two more failures make five within a minute: the address is refused, the right password too; the token still passes.
            d.get("/api/sessions", DaemonProcess.basic("vera", "again"));
            d.get("/api/sessions", DaemonProcess.basic("vera", "and again"));
            assertThat(d.get("/api/sessions", DaemonProcess.basic("vera", "viewer-pw")).statusCode()).isEqualTo(429);
            assertThat(d.get("/api/sessions", d.bearer()).statusCode()).isEqualTo(200);
            assertThat(d.lines()).anyMatch(l -> l.contains("HTTP: failed login from 127.0.0.1 for /api/sessions (5 in the"
                    + " last minute; this address is refused for a minute)"));

            assertThat(d.stop()).isEqualTo(143);
            assertThat(dir.resolve("data").resolve(TokenFile.TOKEN)).doesNotExist();
            assertThat(dir.resolve("data").resolve(TokenFile.ENDPOINT)).doesNotExist();
        }
    }

    @Test
    void healthMetricsAndHistoryWhileTheDaemonRunsAgreeWithTheHistory() throws Exception {
        config();
        try (DaemonProcess d = DaemonProcess.start(dir, dir.resolve("data"))) {
            String bearer = d.bearer();
            Await.until("the demo's first actions, recorded", Duration.ofSeconds(60),
                    () -> d.historyRows(bearer).stream().anyMatch(r -> r.get("outcome").asText().equals("done")));

            // Alice was warned (40 s before her limit) at 29m20s idle: the rules asked for her check at the limit, which both views show.
            JsonNode alice = Await.until(() -> alice(d, bearer), a -> a != null && a.hasNonNull("next"));
            JsonNode sessions = JSON.readTree(d.get("/api/sessions", bearer).body());
            assertThat(sessions).isNotEmpty();
            assertThat(sessions.get(0).get("sessions")).isNotEmpty();
            // Each session says whether curfew may act on it, and why not: the demo's console, services session and listener.
            Map<String, String> protectedBy = new TreeMap<>();
            sessions.get(0).get("sessions").forEach(s -> protectedBy.put(s.get("sessionId").asText(),
                    s.get("protected").isNull() ? null : s.get("protected").asText()));
            assertThat(protectedBy).containsEntry("0", "services session").containsEntry("65536", "listener")
                    .containsEntry("1", "console session").containsEntry("2", null);
            assertThat(alice).isNotNull();
            assertThat(alice.at("/next/rule").asText()).isEqualTo("idle limit");
            Instant aliceNext = Instant.parse(alice.at("/next/at").asText());
            JsonNode upcoming = JSON.readTree(d.get("/api/upcoming", bearer).body());
            assertThat(upcoming.get("due")).anySatisfy(due -> {
                assertThat(due.get("rule").asText()).isEqualTo("idle limit");
                assertThat(Instant.parse(due.get("at").asText())).isEqualTo(aliceNext);
            });
            assertThat(upcoming.get("closings")).isNotEmpty().allSatisfy(c -> {
                assertThat(Instant.parse(c.get("at").asText())).isAfter(Instant.now());
                assertThat(c.get("action").asText()).isEqualTo("disconnect");
                assertThat(c.get("warnings").size()).isLessThanOrEqualTo(3);
            });
            JsonNode health = JSON.readTree(d.get("/health", null).body());
            assertThat(health.get("status").asText()).isEqualTo("ok");
            assertThat(health.at("/scheduler/state").asText()).isEqualTo("running");
            assertThat(health.at("/history/reachable").asBoolean()).isTrue();
            assertThat(Instant.parse(health.at("/history/lastCommit").asText())).isAfter(Instant.now().minusSeconds(120));
            assertThat(health.at("/rules/loaded")).isNotEmpty();
            assertThat(health.get("servers")).isNotEmpty();
            assertThat(health.get("servers").get(0).get("lastSweep").asText()).isNotEmpty();

            // The counters are the history's rows, once the outcomes are in.
            Map<String, Long> fromMetrics = Await.until(() -> {
                try {
                    Map<String, Long> m = actionCounters(d.get("/metrics", bearer).body());
                    return m.equals(historyCounts(d.historyRows(bearer))) ? m : null;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, m -> m != null);
            assertThat(fromMetrics).isNotEmpty();
            String metrics = d.get("/metrics", bearer).body();
            assertThat(metrics).contains("curfew_sweep_duration_seconds_bucket{kind=\"sweep\"", "curfew_due_check_lateness_seconds_bucket",
                    "curfew_sessions{state=\"active\"}", "curfew_servers_in_outage ", "curfew_history_commit_seconds_bucket",
                    "curfew_history_queue ", "jvm_memory_used_bytes");

            HttpResponse<String> bad = d.get("/api/history?since=yesterday", bearer);
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body().strip()).startsWith("since: \"yesterday\" is not a time");
            assertThat(d.get("/api/history?colour=red", bearer).body().strip()).startsWith("colour: unknown parameter");

            // curfew history while the daemon holds the H2 file: its rows, as the daemon gives them.
            String until = Instant.now().toString();
            String[] json = cli("history", "--format", "json", "--until", until);
            assertThat(json[0]).as(json[1]).isEqualTo("0");
            assertThat(json[1]).isEmpty();
            assertThat(json[2].lines()).hasSizeGreaterThan(0).allMatch(l -> l.startsWith("{\"at\":"));
            String[] table = cli("history", "--until", until);
            assertThat(table[2]).startsWith("TIME ");
            // curfew report likewise, in every format; -o writes the daemon's page and says how many actions it sums.
            String since = Instant.now().minusSeconds(3600).toString();
            String[] report = cli("report", "--since", since, "--until", until, "--format", "json");
            assertThat(report[0]).as(report[1]).isEqualTo("0");
            assertThat(report[2]).contains("{\"section\":\"rule\"");
            String reportTable = cli("report", "--since", since, "--until", until)[2];
            assertThat(reportTable).startsWith("curfew report ");
            Path page = dir.resolve("report.html");
            String[] html = cli("report", "--since", since, "--until", until, "--format", "html", "-o", page.toString());
            assertThat(html[1].strip()).matches("curfew: report of [1-9]\\d* actions written to " + Pattern.quote(page.toString()));
            assertThat(Files.readString(page)).contains("<html", "</html>");
            HttpResponse<String> badTop = d.get("/api/report?top=-1", bearer);
            assertThat(badTop.statusCode()).isEqualTo(400);
            assertThat(badTop.body().strip()).isEqualTo("top: -1 must not be negative");

            // A second daemon on the same data folder still refuses in one line, and leaves the first's token alone.
            String token = d.token();
            String[] second = cli("run");
            assertThat(second[0]).isNotEqualTo("0");
            assertThat(second[1].lines()).singleElement().asString().startsWith("curfew: cannot open the history database:"
                    + " The file is locked");
            assertThat(d.token()).isEqualTo(token);
            assertThat(d.get("/api/sessions", bearer).statusCode()).isEqualTo(200);

            assertThat(d.stop()).isEqualTo(143);
            // Stopped: the same command reads the file itself, and prints what the daemon gave.
            assertThat(cli("history", "--format", "json", "--until", until)[2]).isEqualTo(json[2]);
            assertThat(cli("history", "--until", until)[2]).isEqualTo(table[2]);
            assertThat(cli("report", "--since", since, "--until", until, "--format", "json")[2]).isEqualTo(report[2]);
            assertThat(cli("report", "--since", since, "--until", until)[2]).isEqualTo(reportTable);
            String[] htmlStopped = cli("report", "--since", since, "--until", until, "--format", "html", "-o",
                    dir.resolve("stopped.html").toString());
            assertThat(htmlStopped[1].strip()).isEqualTo(html[1].strip().replace("report.html", "stopped.html"));
        }
    }

    @Test
    void withTlsTheEndpointIsHttpsAndTheCommandsTrustItsKeystore() throws Exception {
        config(user("ops", "ops-pass-1", "operator"));
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "curfew", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", dir.resolve("curfew.p12").toString(), "-storepass", "s3cret-pass", "-keypass", "s3cret-pass")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        Files.writeString(dir.resolve("curfew.p12.pass"), "s3cret-pass\n");
        Path file = dir.resolve("curfew.yaml");
        Files.writeString(file, Files.readString(file).replace("  listen: 127.0.0.1:0 ", "  tls: { keystore: curfew.p12,"
                + " passwordFile: curfew.p12.pass }\n  listen: 127.0.0.1:0 "));
        try (DaemonProcess d = DaemonProcess.start(dir, dir.resolve("data"))) {
            assertThat(d.url()).startsWith("https://127.0.0.1:");
            java.security.KeyStore keys = java.security.KeyStore.getInstance(dir.resolve("curfew.p12").toFile(),
                    "s3cret-pass".toCharArray());
            javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            trust.init(keys);
            javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
            ssl.init(null, trust.getTrustManagers(), null);
            var client = java.net.http.HttpClient.newBuilder().sslContext(ssl).build();
            var health = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(d.url() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isIn(200, 503);
            assertThat(JSON.readTree(health.body()).has("scheduler")).isTrue();
            // The console's cookies are Secure over HTTPS: the sign-in form's, then the sign-in's own.
            var form = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(d.url() + "/console/login"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            String formCookie = form.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(formCookie).contains("; HttpOnly; SameSite=Strict; Secure");
            Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.body());
            assertThat(csrf.find()).as(form.body()).isTrue();
            var signedIn = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(d.url() + "/console/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Cookie", formCookie.substring(0, formCookie.indexOf(';')))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("name=ops&password=ops-pass-1&csrf=" + csrf.group(1)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(signedIn.statusCode()).as(signedIn.body()).isBetween(300, 399);
            assertThat(signedIn.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                    .startsWith("curfew-console=").contains("; HttpOnly; SameSite=Strict; Secure"));
            var plain = java.net.http.HttpClient.newHttpClient();
            String insecure = d.url().replace("https:", "http:") + "/health";
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> {
                var r = plain.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(insecure)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isNotEqualTo(200);
            })).satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(java.io.IOException.class));

            Await.until("the demo's first actions", Duration.ofSeconds(60),
                    () -> !cli("history", "--format", "json")[2].isEmpty());
            String[] history = cli("history", "--format", "json");
            assertThat(history[0]).as(history[1]).isEqualTo("0");
            assertThat(history[2].lines()).allMatch(l -> l.startsWith("{\"at\":"));
            assertThat(d.stop()).isEqualTo(143);
        }
    }

    @Test
    void aPortAlreadyTakenIsAWarningAndTheDaemonSweepsOn() throws Exception {
        config();
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Path file = dir.resolve("curfew.yaml");
            Files.writeString(file, Files.readString(file).replace("listen: 127.0.0.1:0 ", "listen: 127.0.0.1:"
                    + taken.getLocalPort() + " "));
            try (DaemonProcess d = DaemonProcess.startWithoutEndpoint(dir, dir.resolve("data"))) {
                Await.until("a sweep's action", Duration.ofSeconds(60),
                        () -> d.lines().stream().anyMatch(l -> l.contains("ActionRunner") && l.endsWith(" done")));
                assertThat(d.lines()).anyMatch(l -> l.contains("WARN") && l.contains("HTTP endpoint off: http.listen: 127.0.0.1:"
                        + taken.getLocalPort() + " cannot be listened on"));
                assertThat(d.lines()).noneMatch(l -> l.contains("ERROR"));
                assertThat(dir.resolve("data").resolve(TokenFile.ENDPOINT)).doesNotExist();
                assertThat(dir.resolve("data").resolve(TokenFile.TOKEN)).doesNotExist();
                assertThat(d.stop()).isEqualTo(143);
            }
        }
    }

    private static JsonNode alice(DaemonProcess d, String bearer) {
        try {
            for (JsonNode server : JSON.readTree(d.get("/api/sessions", bearer).body())) {
                for (JsonNode s : server.get("sessions")) {
                    if ("alice".equals(s.get("user").asText())) {
                        return s;
                    }
                }
            }
            return null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String[] cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--config", dir.toString()));
        all.addAll(List.of(args));
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
        return new String[] {Integer.toString(code), err.toString(), out.toString()};
    }

    private static Map<String, Long> historyCounts(List<JsonNode> rows) {
        Map<String, Long> counts = new TreeMap<>();
        for (JsonNode r : rows) {
            counts.merge(r.get("action").asText() + "|" + r.get("rule").asText() + "|" + r.get("source").asText() + "|"
                    + r.get("outcome").asText(), 1L, Long::sum);
        }
        return counts;
    }

    /** The curfew_actions_total samples, after every line of the page passed the text format's grammar. */
    static Map<String, Long> actionCounters(String page) {
        Map<String, String> types = new TreeMap<>();
        Map<String, Long> counts = new TreeMap<>();
        for (String line : page.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# HELP ")) {
                assertThat(line).matches("# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*");
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                Matcher t = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)").matcher(line);
                assertThat(t.matches()).as(line).isTrue();
                assertThat(types.put(t.group(1), t.group(2))).as("declared twice: " + line).isNull();
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("not a sample line: %s", line).isTrue();
            String name = m.group(1);
            assertThat(types.keySet()).as("no TYPE before %s", line)
                    .anyMatch(n -> name.equals(n) || name.matches(Pattern.quote(n) + "_(bucket|count|sum|total|created|max)"));
            Map<String, String> labels = new TreeMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            if (name.startsWith("curfew_")) {
                assertThat(labels.keySet()).as(line).doesNotContain("server", "user", "session", "sessionId");
            }
            if (name.equals("curfew_actions_total")) {
                counts.put(labels.get("action") + "|" + labels.get("rule") + "|" + labels.get("source") + "|" + labels.get("outcome"),
                        (long) Double.parseDouble(m.group(4)));
            }
        }
        return counts;
    }
}
