package dev.curfew.windows;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.curfew.cli.Main;
import dev.curfew.policy.TestRules;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** {@code curfew run --service} under the fake dispatcher: the statuses it reports, its stop, its failed starts. */
@ExtendWith(FakeAdvapi32Extension.class)
class ServiceRunnerTest {
    private static final int STOPPED = ServiceApi.SERVICE_STOPPED;
    private static final int START_PENDING = ServiceApi.SERVICE_START_PENDING;
    private static final int STOP_PENDING = ServiceApi.SERVICE_STOP_PENDING;
    private static final int RUNNING = ServiceApi.SERVICE_RUNNING;

    private final FakeAdvapi32 fake;

    ServiceRunnerTest(FakeAdvapi32 fake) {
        this.fake = fake;
    }

    @Test
    void startsReportsRunningAndStopsInOrderWhenTheScmSaysStop(@TempDir Path dir) throws Exception {
        Path rules = TestRules.copyOfShippedInto(dir);
        Path config = config(dir, "");
        fake.sendOn(RUNNING, ServiceApi.SERVICE_CONTROL_STOP);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logged);
        Result result;
        try {
            result = curfew("--config", config.toString(), "--rules", rules.toString(), "run", "--service");
        } finally {
            root.detachAppender(logged);
        }
        assertThat(result.code).as(result.err).isZero();
        List<FakeAdvapi32.Status> statuses = fake.statuses();
        // A start that takes over 5 s (a loaded machine) reports START_PENDING again with the next checkpoint.
        statuses = afterStartPending(statuses);
        assertThat(statuses).extracting(FakeAdvapi32.Status::state)
                .containsExactly(START_PENDING, RUNNING, STOP_PENDING, STOP_PENDING, STOPPED);
        assertThat(statuses.get(0).waitHint()).isEqualTo(30_000);
        assertThat(statuses.get(0).controlsAccepted()).isZero();
        assertThat(statuses.get(1).controlsAccepted()).isEqualTo(ServiceApi.SERVICE_ACCEPT_STOP
                | ServiceApi.SERVICE_ACCEPT_SHUTDOWN);
        assertThat(statuses.subList(2, 4)).extracting(FakeAdvapi32.Status::checkPoint).containsExactly(1, 2);
        assertThat(statuses.subList(2, 4)).extracting(FakeAdvapi32.Status::controlsAccepted).containsOnly(0);
        assertThat(statuses.get(4)).isEqualTo(new FakeAdvapi32.Status(STOPPED, 0, 0, 0, 0, 0));
        assertThat(fake.services.fake_handler_name()).isEqualTo("curfew");
        assertThat(fake.services.fake_handler_calls()).isEqualTo(1);
        assertThat(fake.services.fake_handler_result(0)).isZero();
        List<String> messages = logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(messages).contains("curfew stopping: waiting for running sweeps", "curfew stopped");
        assertThat(messages.indexOf("curfew stopped")).isGreaterThan(
                messages.indexOf("curfew stopping: waiting for running sweeps"));
        // The history is closed: H2 deletes its file's lock when the last connection closes.
        assertThat(dir.resolve("data/history.mv.db")).exists();
        assertThat(dir.resolve("data/history.lock.db")).doesNotExist();
    }

    @Test
    void aStartThatFailsEndsStoppedWithTheServiceSpecificCode(@TempDir Path dir) throws Exception {
        Path rules = TestRules.copyOfShippedInto(dir);
        Path config = config(dir, "sweep: { interval: soon }\n");
        Result bad = curfew("--config", config.toString(), "--rules", rules.toString(), "run", "--service");
        assertThat(bad.code).isEqualTo(2);
        assertThat(bad.err.lines().toList()).singleElement().asString().startsWith("curfew: ").contains("sweep");
        assertThat(fake.statuses()).extracting(FakeAdvapi32.Status::state).containsExactly(START_PENDING, STOPPED);
        assertThat(fake.statuses().get(1)).isEqualTo(new FakeAdvapi32.Status(STOPPED, 0,
                Win32Error.ERROR_SERVICE_SPECIFIC_ERROR, 2, 0, 0));

        fake.reset();
        Files.writeString(rules.resolve("idle.drl"), Files.readString(rules.resolve("idle.drl"))
                .replace("idleSeconds >= $p.idle.limitSeconds )", "idleSeconds >= $p.idleLimitSecs )"));
        Result broken = curfew("--config", config(dir, "").toString(), "--rules", rules.toString(), "run", "--service");
        assertThat(broken.code).isEqualTo(3);
        assertThat(fake.statuses().get(fake.statuses().size() - 1)).isEqualTo(new FakeAdvapi32.Status(STOPPED, 0,
                Win32Error.ERROR_SERVICE_SPECIFIC_ERROR, 3, 0, 0));
    }

    @Test
    @ExtendWith(FakeEventLogExtension.class)
    void asAServiceTheEventLogIsOnAutoAndShutdownStopsItToo(FakeEventLog events, @TempDir Path dir) throws Exception {
        Path rules = TestRules.copyOfShippedInto(dir);
        Path config = config(dir, "").getParent().resolve("config");
        Files.writeString(config.resolve("curfew.yaml"), Files.readString(config.resolve("curfew.yaml"))
                .replace("eventLog: off", "eventLog: auto"));
        fake.sendOn(RUNNING, ServiceApi.SERVICE_CONTROL_SHUTDOWN);
        Result result = curfew("--config", config.toString(), "--rules", rules.toString(), "run", "--service");
        assertThat(result.code).as(result.err).isZero();
        assertThat(afterStartPending(fake.statuses())).extracting(FakeAdvapi32.Status::state)
                .containsExactly(START_PENDING, RUNNING, STOP_PENDING, STOP_PENDING, STOP_PENDING, STOPPED);
        assertThat(afterStartPending(fake.statuses()).subList(2, 5)).extracting(FakeAdvapi32.Status::checkPoint).containsExactly(1, 2, 3);
        List<FakeEventLog.Event> written = events.events();
        assertThat(written).extracting(FakeEventLog.Event::id).contains(EventIds.STARTED);
        assertThat(written.get(written.size() - 1).text()).isEqualTo("curfew stopped");

        fake.reset();
        events.reset();
        Files.writeString(rules.resolve("idle.drl"), Files.readString(rules.resolve("idle.drl"))
                .replace("idleSeconds >= $p.idle.limitSeconds )", "idleSeconds >= $p.idleLimitSecs )"));
        Result broken = curfew("--config", config.toString(), "--rules", rules.toString(), "run", "--service");
        assertThat(broken.code).isEqualTo(3);
        assertThat(events.events()).filteredOn(e -> e.id() == EventIds.START_FAILED).singleElement()
                .satisfies(e -> assertThat(e.text()).startsWith("curfew did not start: ").contains("idleLimitSecs"));
    }

    @Test
    @ExtendWith(FakeEventLogExtension.class)
    void aConfigThatDoesNotReadOrAHistoryHeldElsewhereIsAnEventAndItsCode(FakeEventLog events, @TempDir Path dir)
            throws Exception {
        Path rules = TestRules.copyOfShippedInto(dir);
        Path config = config(dir, "").getParent().resolve("config");
        Files.writeString(config.resolve("curfew.yaml"), Files.readString(config.resolve("curfew.yaml"))
                .replace("eventLog: off", "eventLog: auto").replace("interval: 1h", "interval: soon"));
        Result bad = curfew("--config", config.toString(), "--rules", rules.toString(), "run", "--service");
        assertThat(bad.code).isEqualTo(2);
        assertThat(fake.statuses().get(fake.statuses().size() - 1)).isEqualTo(new FakeAdvapi32.Status(STOPPED, 0,
                Win32Error.ERROR_SERVICE_SPECIFIC_ERROR, 2, 0, 0));
        // The config could not be read, so neither could its log.eventLog: the event log as auto has it.
        assertThat(events.events()).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(EventIds.START_FAILED);
            assertThat(e.type()).isEqualTo(EventLogApi.EVENTLOG_ERROR_TYPE);
            assertThat(e.text()).startsWith("curfew did not start: " + config.resolve("curfew.yaml") + ":")
                    .contains("sweep.interval").doesNotContain("\n");
        });
        events.assertAllClosed();

        fake.reset();
        events.reset();
        Files.writeString(config.resolve("curfew.yaml"), Files.readString(config.resolve("curfew.yaml"))
                .replace("interval: soon", "interval: 1h"));
        Path db = Files.createDirectories(dir.resolve("data")).resolve("history.mv.db");
        Files.createFile(db);
        // Another process holds the database, as a daemon started by hand would.
        Process holder = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "dev.curfew.cli.LockedHistoryTest", db.toString()))
                .redirectErrorStream(true).start();
        try {
            assertThat(new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))
                    .readLine()).isEqualTo("locked");
            Result locked = curfew("--config", config.toString(), "--rules", rules.toString(), "run", "--service");
            assertThat(locked.code).as(locked.err).isEqualTo(4);
            assertThat(fake.statuses().get(fake.statuses().size() - 1)).isEqualTo(new FakeAdvapi32.Status(STOPPED,
                    0, Win32Error.ERROR_SERVICE_SPECIFIC_ERROR, 4, 0, 0));
            assertThat(events.events()).filteredOn(e -> e.id() == EventIds.START_FAILED).singleElement()
                    .satisfies(e -> assertThat(e.text()).startsWith(
                            "curfew did not start: cannot open the history database: The file is locked: ")
                            .contains("history.mv.db"));
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
        events.assertAllClosed();
    }

    @Test
    void outsideTheScmItSaysSoInOneLine(@TempDir Path dir) throws Exception {
        fake.services.fake_dispatch_no_scm(1);
        Result result = curfew("--config", config(dir, "").toString(), "run", "--service");
        assertThat(result.code).isEqualTo(1);
        assertThat(result.err).startsWith("curfew: run --service: ERROR_FAILED_SERVICE_CONTROLLER_CONNECT (1063):");
        assertThat(fake.statuses()).isEmpty();
    }

    /**
     * The statuses from the last START_PENDING on, after asserting that the START_PENDINGs before it
     * count their checkpoints 1, 2, 3... with the wait hint.
     */
    private static List<FakeAdvapi32.Status> afterStartPending(List<FakeAdvapi32.Status> statuses) {
        int pending = 0;
        while (pending < statuses.size() && statuses.get(pending).state() == START_PENDING) {
            assertThat(statuses.get(pending).checkPoint()).isEqualTo(pending + 1);
            assertThat(statuses.get(pending).waitHint()).isEqualTo(30_000);
            // No control while starting: the SCM refuses a stop then (ERROR_SERVICE_CANNOT_ACCEPT_CTRL, 1061).
            assertThat(statuses.get(pending).controlsAccepted()).isZero();
            pending++;
        }
        assertThat(pending).as("START_PENDING reported").isPositive();
        return statuses.subList(pending - 1, statuses.size());
    }

    private static Path config(Path dir, String extra) throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.writeString(config.resolve("day.yaml"), """
                zone: UTC
                start: 2026-11-23T08:00:00
                end: 2026-11-23T18:00:00
                servers:
                  - name: ts01
                    sessions:
                      - { id: 2, user: alice, domain: LAB, station: "RDP-Tcp#1", state: Active,
                          logon: 2026-11-23T07:00:00 }
                """);
        Files.writeString(config.resolve("curfew.yaml"), """
                host: { backend: sim, scenario: day.yaml }
                sweep: { interval: 1h }
                history: { dir: "%s" }
                policy: { zone: UTC, closing: { at: off } }
                http: { listen: off }
                log: { eventLog: off }
                """.formatted(dir.resolve("data").toString().replace("\\", "/")) + extra);
        return config;
    }

    private record Result(int code, String out, String err) {
    }

    private static Result curfew(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }
}
