package dev.curfew.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.curfew.Await;
import dev.curfew.Curfew;
import dev.curfew.Daemon;
import dev.curfew.config.ConfigLoader;
import dev.curfew.history.HistoryEntry;
import dev.curfew.history.HistoryFilter;
import dev.curfew.history.Source;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.Holidays;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerUtils;
import org.quartz.spi.OperableTrigger;

/** The end-of-day closing on real Quartz triggers: on time, warned first, not on holidays, caught up after a stop. */
class ClosingScheduleTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @TempDir
    Path dir;

    Curfew curfew(String closingAt, String warn, String extra) throws IOException {
        Files.writeString(dir.resolve("curfew.yaml"), """
                host: { backend: sim, scenario: "%s" }
                sweep: { interval: 1h }
                history: { dir: "%s" }
                %s
                policy:
                  zone: UTC
                  idle: { limit: off }
                  closing: { at: "%s", warn: %s }
                """.formatted(Path.of("src/test/resources/scenarios/one-idle-user.yaml").toAbsolutePath(),
                dir.resolve("data"), extra, closingAt, warn));
        return new Curfew(ConfigLoader.load(dir), Path.of("rules"), Clock.systemUTC());
    }

    /** A curfew whose last sweep was ten minutes before a closing at {@code missed}, started again now. */
    Curfew restartedAfterMissing(Instant missed) throws IOException {
        Curfew first = curfew(cronAt(missed), "[]", "schedule: { misfireGrace: 10m }");
        first.history().recordSweep("ts01", missed.minusSeconds(600), 3, 5, null);
        first.close();
        return curfew(cronAt(missed), "[]", "schedule: { misfireGrace: 10m }");
    }

    static String cronAt(Instant t) {
        ZonedDateTime z = t.atZone(ZoneId.of("UTC"));
        return z.getSecond() + " " + z.getMinute() + " " + z.getHour() + " * * ?";
    }

    @Test
    @Tag("timing")   // on time against the real clock
    void closingAndItsWarningsFireOnTheirTriggersAndAreRecordedAsClosing() throws Exception {
        Curfew curfew = curfew("off", "[4s, 2s]", "");
        var rules = curfew.engine().rules();
        // The closing is set after the rules compiled, so a slow compile cannot make its warnings late.
        Instant closingAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(6);
        curfew(cronAt(closingAt), "[4s, 2s]", "");
        curfew.engine().replace(rules, ConfigLoader.load(dir).policy());
        Daemon daemon = Daemon.start(curfew);
        try {
            List<HistoryEntry> rows = Await.until(() -> curfew.history().query(HistoryFilter.ALL), r -> r.size() >= 6);
            assertThat(rows).extracting(HistoryEntry::user, HistoryEntry::action, HistoryEntry::rule, HistoryEntry::source)
                    .containsExactlyInAnyOrder(
                            tuple("alice", ActionType.WARN, "closing", Source.CLOSING),
                            tuple("bob", ActionType.WARN, "closing", Source.CLOSING),
                            tuple("alice", ActionType.WARN, "closing", Source.CLOSING),
                            tuple("bob", ActionType.WARN, "closing", Source.CLOSING),
                            tuple("alice", ActionType.DISCONNECT, "closing", Source.CLOSING),
                            tuple("bob", ActionType.DISCONNECT, "closing", Source.CLOSING));
            List<Instant> due = List.of(closingAt.minusSeconds(4), closingAt.minusSeconds(4),
                    closingAt.minusSeconds(2), closingAt.minusSeconds(2), closingAt, closingAt);
            List<HistoryEntry> inOrder = rows.stream().sorted(java.util.Comparator.comparing(HistoryEntry::at)).toList();
            for (int i = 0; i < inOrder.size(); i++) {
                assertThat(Duration.between(due.get(i), inOrder.get(i).at())).as("row %d late", i)
                        .isBetween(Duration.ZERO, Duration.ofMillis(1500));
            }
        } finally {
            daemon.close();
        }
    }

    @Test
    void holidaysAreLeftOutOfTheClosingTrigger() {
        Holidays holidays = new Holidays(Set.of(LocalDate.of(2026, 12, 24)), Set.of(MonthDay.of(12, 25)));
        var calendar = HolidayCalendars.build(holidays, TimeZone.getTimeZone(BERLIN));
        OperableTrigger trigger = (OperableTrigger) TriggerBuilder.newTrigger()
                .withSchedule(CronScheduleBuilder.cronSchedule("0 0 18 ? * MON-FRI").inTimeZone(TimeZone.getTimeZone(BERLIN)))
                .startAt(Date.from(Instant.parse("2026-12-21T00:00:00Z"))).build();
        List<LocalDate> days = TriggerUtils.computeFireTimes(trigger, calendar, 6).stream()
                .map(d -> d.toInstant().atZone(BERLIN).toLocalDate()).toList();
        assertThat(days).containsExactly(LocalDate.of(2026, 12, 21), LocalDate.of(2026, 12, 22),
                LocalDate.of(2026, 12, 23), LocalDate.of(2026, 12, 28), LocalDate.of(2026, 12, 29),
                LocalDate.of(2026, 12, 30));
        OperableTrigger next = (OperableTrigger) TriggerBuilder.newTrigger()
                .withSchedule(CronScheduleBuilder.cronSchedule("0 0 18 ? * MON-FRI").inTimeZone(TimeZone.getTimeZone(BERLIN)))
                .startAt(Date.from(Instant.parse("2027-12-24T00:00:00Z"))).build();
        assertThat(TriggerUtils.computeFireTimes(next, calendar, 1)).singleElement()
                .satisfies(d -> assertThat(d.toInstant().atZone(BERLIN).toLocalDate()).isEqualTo(LocalDate.of(2027, 12, 24)));
    }

    @Test
    void aClosingMissedWithinTheGraceIsDoneAtStart() throws Exception {
        Instant missed = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(120);
        Curfew curfew = restartedAfterMissing(missed);
        Daemon daemon = Daemon.start(curfew);
        try {
            List<HistoryEntry> rows = Await.until(() -> curfew.history().query(HistoryFilter.ALL), r -> r.size() >= 2);
            assertThat(rows).extracting(HistoryEntry::user, HistoryEntry::action, HistoryEntry::source)
                    .containsExactlyInAnyOrder(tuple("alice", ActionType.DISCONNECT, Source.CLOSING),
                            tuple("bob", ActionType.DISCONNECT, Source.CLOSING));
        } finally {
            daemon.close();
        }
    }

    @Test
    void aClosingMissedLongerAgoIsSkippedAndTheSkipRecorded() throws Exception {
        Instant missed = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);
        Curfew curfew = restartedAfterMissing(missed);
        Daemon daemon = Daemon.start(curfew);
        try {
            long sweeps = Await.until(curfew.history()::countSweeps, n -> n >= 3);
            assertThat(sweeps).isGreaterThanOrEqualTo(3);
            assertThat(curfew.history().query(HistoryFilter.ALL)).isEmpty();
            try (var c = curfew.history().dataSource().getConnection(); var st = c.createStatement();
                    var rs = st.executeQuery("SELECT error FROM sweep WHERE error IS NOT NULL")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).startsWith("closing of " + missed + " missed while curfew was down (1h")
                        .endsWith(" ago, more than schedule.misfireGrace 10m): skipped");
            }
        } finally {
            daemon.close();
        }
    }

    @Test
    void missedClosingsSkipHolidaysAndTakeTheLatest() {
        var config = dev.curfew.policy.Policy.defaults(BERLIN);
        Instant friday = ZonedDateTime.of(2026, 12, 25, 18, 0, 0, 0, BERLIN).toInstant();
        Instant thursday = friday.minus(Duration.ofDays(1));
        Instant monday = ZonedDateTime.of(2026, 12, 28, 9, 0, 0, 0, BERLIN).toInstant();
        assertThat(MissedClosings.lastBetween(config, thursday.minusSeconds(60), monday)).isEqualTo(friday);
        var withChristmas = dev.curfew.policy.Policy.defaults(BERLIN)
                .withIdle(new dev.curfew.policy.Policy.Idle(null, null, ActionType.DISCONNECT))
                .withClosing(new dev.curfew.policy.Policy.ClosingTime("0 0 18 ? * MON-FRI", List.of(),
                        ActionType.DISCONNECT, new Holidays(Set.of(), Set.of(MonthDay.of(12, 25)))));
        assertThat(MissedClosings.lastBetween(withChristmas, thursday.minusSeconds(60), monday)).isEqualTo(thursday);
        assertThat(MissedClosings.lastBetween(withChristmas, friday, monday)).isNull();
    }
}
