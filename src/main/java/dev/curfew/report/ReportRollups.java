package dev.curfew.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hourly making of report roll-ups for the last two days, so that reports find them made: each
 * run sums the hours (and, after midnight, the day) closed since the last. Never throws.
 *
 * <pre>{@code
 * scheduling.every("report-rollups", Duration.ofMinutes(2), Duration.ofHours(1),
 *         new ReportRollups(dataSource, () -> engine.policy().zone(), comebackWindow, clock));
 * }</pre>
 */
public final class ReportRollups implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ReportRollups.class);

    private final ReportQuery reports;
    private final Supplier<ZoneId> zone;
    private final Duration comebackWindow;
    private final Clock clock;

    public ReportRollups(DataSource dataSource, Supplier<ZoneId> zone, Duration comebackWindow, Clock clock) {
        this.reports = new ReportQuery(dataSource, clock);
        this.zone = zone;
        this.comebackWindow = comebackWindow;
        this.clock = clock;
    }

    @Override
    public void run() {
        ZoneId z = zone.get();
        Instant now = clock.instant();
        Instant since = now.atZone(z).toLocalDate().minusDays(2).atStartOfDay(z).toInstant();
        try {
            long t = System.nanoTime();
            reports.prepare(since, now, z, comebackWindow);
            log.debug("History: report roll-ups since {} ({}) made in {} ms", since, z, (System.nanoTime() - t) / 1_000_000);
        } catch (RuntimeException e) {
            log.error("History: making the report roll-ups since {} failed: {} (reports read the actions instead;"
                    + " tried again in an hour)", since, e.getMessage(), e);
        }
    }
}
