package dev.curfew.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.curfew.Await;
import dev.curfew.Daemon;
import dev.curfew.cli.Main;
import dev.curfew.config.ConfigException;
import dev.curfew.config.ConfigLoader;
import dev.curfew.config.CurfewConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The event log's writer and appender against the fake advapi32: types, IDs, losses, handles. */
@ExtendWith(FakeEventLogExtension.class)
class EventLogTest {
    private static final int ERROR_ACCESS_DENIED = 5;
    private static final int ERROR_LOG_FILE_FULL = 1502;

    private final FakeEventLog fake;
    private final ListAppender<ILoggingEvent> said = new ListAppender<>();

    EventLogTest(FakeEventLog fake) {
        this.fake = fake;
    }

    @BeforeEach
    void watchTheFileLog() {
        said.start();
        ((Logger) LoggerFactory.getLogger(EventLog.class)).addAppender(said);
    }

    @AfterEach
    void stopWatching() {
        ((Logger) LoggerFactory.getLogger(EventLog.class)).detachAppender(said);
    }

    private static EventLog open(int capacity) {
        return EventLog.open(EventLogApi.load(EventLog.ADVAPI32), capacity);
    }

    private List<String> warnings() {
        return said.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void eachLineIsAnEventOfTheTypeOfItsLevelAndInfoLinesOnlyWhenTheyAreEvents() {
        org.slf4j.Logger other = LoggerFactory.getLogger("dev.curfew.test.Other");
        EventLog events = open(EventLog.QUEUE).attach();
        other.info("an info line that is no event");
        other.warn("disk {} nearly full", "D:");
        other.error("学生 could not be found", new IllegalStateException("directory down"));
        LoggerFactory.getLogger(Daemon.class).info("curfew stopped");
        events.close();
        other.warn("after the close");
        assertThat(fake.sourceName()).isEqualTo("curfew");
        assertThat(fake.events()).containsExactly(
                new FakeEventLog.Event(2, EventIds.OTHER_WARNING, "disk D: nearly full"),
                new FakeEventLog.Event(1, EventIds.OTHER_ERROR,
                        "学生 could not be found\njava.lang.IllegalStateException: directory down"),
                new FakeEventLog.Event(4, EventIds.STOPPED, "curfew stopped"));
        assertThat(said.list).isEmpty();
        fake.assertAllClosed();
    }

    @Test
    void aStuckEventLogLosesTheEventsPastItsQueueWithOneWarningAndNeverMakesTheCallerWait() throws Exception {
        fake.hold();
        EventLog events = open(4);
        events.report(EventLogApi.EVENTLOG_INFORMATION_TYPE, EventIds.ACTION_DONE, "first");
        Await.until("the writer to be stuck in ReportEventW", Duration.ofSeconds(10), () -> fake.waiting() == 1);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (int i = 0; i < 10; i++) {
                events.report(EventLogApi.EVENTLOG_INFORMATION_TYPE, EventIds.ACTION_DONE, "queued " + i);
            }
        });
        assertThat(events.lost()).isEqualTo(6);
        assertThat(warnings()).containsExactly("Event log: its queue of 4 events is full (the event log is slower"
                + " than the daemon); events are lost from now on while that lasts (said once; this log has them all)");

        fake.release();
        events.close();
        assertThat(fake.events()).extracting(FakeEventLog.Event::text)
                .containsExactly("first", "queued 0", "queued 1", "queued 2", "queued 3");
        assertThat(warnings()).hasSize(1);
        fake.assertAllClosed();
    }

    @Test
    void aFailingReportEventWIsSaidOnceAndTheSourceIsStillClosed() {
        fake.failReports(ERROR_LOG_FILE_FULL);
        EventLog events = open(EventLog.QUEUE);
        for (int i = 0; i < 3; i++) {
            events.report(EventLogApi.EVENTLOG_WARNING_TYPE, EventIds.OTHER_WARNING, "warning " + i);
        }
        events.close();
        assertThat(events.lost()).isEqualTo(3);
        assertThat(warnings()).containsExactly("Event log: ReportEventW failed: ERROR_LOG_FILE_FULL (1502); events"
                + " are lost from now on while that lasts (said once; this log has them all)");
        assertThat(fake.events()).isEmpty();
        fake.assertAllClosed();
    }

    @Test
    void onWhereTheEventLogCannotBeWrittenIsOneErrorNamingTheKey(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("curfew.yaml"), "host: { backend: sim }\nlog:\n  eventLog: on\n");
        CurfewConfig config = ConfigLoader.load(dir);
        assertThatThrownBy(() -> EventLog.forDaemon(config, false, "no-such-advapi32"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(dir.resolve("curfew.yaml") + ":3: log.eventLog: on, but the Windows event"
                        + " log cannot be written: advapi32 cannot be loaded here (Unable to load library 'no-such-advapi32'")
                .hasMessageEndingWith("(use auto, on only as a Windows service, or off)");

        fake.failRegister(ERROR_ACCESS_DENIED);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "--config", dir.toString(), "run");
        assertThat(code).isEqualTo(Main.BAD_USAGE);
        assertThat(err.toString()).isEqualTo("curfew: " + dir.resolve("curfew.yaml") + ":3: log.eventLog: on, but the"
                + " Windows event log cannot be written: RegisterEventSourceW(\"curfew\") failed: ERROR_ACCESS_DENIED (5)"
                + " (use auto, on only as a Windows service, or off)" + System.lineSeparator());
        fake.assertAllClosed();
    }

    @Test
    void aStartThatFailsIsAnEventWithTheLineTheCommandPrints(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("curfew.yaml"), "host: { backend: sim }\n"
                + "http: { tls: { keystore: gone.p12, passwordFile: gone.pass } }\nlog: { eventLog: on }\n");
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                "--config", dir.toString(), "run");
        assertThat(code).isEqualTo(Main.BAD_USAGE);
        String line = err.toString().strip();
        assertThat(line).isEqualTo("curfew: " + dir.resolve("curfew.yaml") + ": http.tls.passwordFile: cannot read \""
                + dir.resolve("gone.pass") + "\": no such file");
        assertThat(fake.events()).containsExactly(new FakeEventLog.Event(1, EventIds.START_FAILED,
                "curfew did not start: " + line.substring("curfew: ".length())));
        fake.assertAllClosed();
    }

    @Test
    void autoWritesTheEventLogOnlyAsAServiceAndOffNever(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("curfew.yaml"), "log: { eventLog: auto }\n");
        CurfewConfig auto = ConfigLoader.load(dir);
        assertThat(EventLog.forDaemon(auto, false)).isNull();
        try (EventLog service = EventLog.forDaemon(auto, true)) {
            assertThat(service).isNotNull();
        }
        Files.writeString(dir.resolve("curfew.yaml"), "log: { eventLog: off }\n");
        assertThat(EventLog.forDaemon(ConfigLoader.load(dir), true)).isNull();
        fake.assertAllClosed();
    }
}
