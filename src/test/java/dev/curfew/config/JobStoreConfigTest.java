package dev.curfew.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code schedule.store} and its keys, and the simulated fleet's fixed start for a cluster demo. */
class JobStoreConfigTest {

    private static CurfewConfig load(String yaml) {
        return ConfigText.load(yaml);
    }

    private static String error(String yaml) {
        return ConfigText.error(yaml);
    }

    @Test
    void theStoreIsInMemoryByDefault() {
        CurfewConfig c = load("{}");
        assertThat(c.jobStore()).isEqualTo(JobStoreConfig.ram());
        assertThat(c.jobStore().clustered()).isFalse();
        assertThat(c.host().scenarioStart()).isNull();
        assertThat(c.host().journal()).isNull();
    }

    @Test
    void jdbcSharesAPostgresHistoryAndItsAccountByDefault() {
        CurfewConfig c = load("""
                schedule: { store: jdbc }
                history: { url: "jdbc:postgresql://db/curfew", user: curfew, password: s3cret }
                """);
        assertThat(c.jobStore()).isEqualTo(JobStoreConfig.jdbc("jdbc:postgresql://db/curfew", "curfew", "s3cret",
                Duration.ofMillis(7500)));
        assertThat(c.jobStore().vendor()).isEqualTo("postgresql");
    }

    @Test
    void jdbcTakesItsOwnUrlAccountAndCheckinInterval() {
        CurfewConfig c = load("""
                schedule: { store: JDBC, url: "jdbc:h2:tcp://localhost/./quartz", user: q, checkinInterval: 2s500ms }
                """);
        assertThat(c.jobStore()).isEqualTo(JobStoreConfig.jdbc("jdbc:h2:tcp://localhost/./quartz", "q", null,
                Duration.ofMillis(2500)));
        assertThat(c.jobStore().vendor()).isEqualTo("h2");
    }

    @Test
    void wrongStoreKeysNameTheKeyAndTheAcceptedForm() {
        assertThat(error("schedule: { store: redis }")).isEqualTo(
                "test.yaml:1: schedule.store: \"redis\" is not a job store (use ram for one daemon, jdbc for several)");
        assertThat(error("schedule: { store: jdbc }")).isEqualTo("test.yaml:1: schedule.store: jdbc needs "
                + "schedule.url, or a PostgreSQL history.url to share (use jdbc:postgresql://host/db)");
        assertThat(error("schedule: { url: \"jdbc:postgresql://db/x\" }"))
                .isEqualTo("test.yaml:1: schedule.url: is only used with schedule.store: jdbc");
        assertThat(error("schedule: { store: jdbc, url: \"jdbc:mysql://db/x\" }")).isEqualTo(
                "test.yaml:1: schedule.url: \"jdbc:mysql://db/x\" is not a supported database URL "
                        + "(use jdbc:postgresql://host/db, or jdbc:h2:tcp://host/path for a trial)");
        assertThat(error("schedule: { store: jdbc, url: \"jdbc:h2:mem:x\", checkinInterval: 0 }"))
                .startsWith("test.yaml:1: schedule.checkinInterval: \"0\" must be a positive duration");
    }

    @Test
    void theScenarioStartIsAnInstantAndTheJournalIsBesideTheConfig() {
        CurfewConfig c = load("""
                host: { scenarioStart: "2026-11-23T07:30:00+01:00", journal: journal.tsv }
                """);
        assertThat(c.host().scenarioStart()).isEqualTo(Instant.parse("2026-11-23T06:30:00Z"));
        assertThat(c.host().journal()).isEqualTo(Path.of("conf", "journal.tsv"));
        assertThat(error("host: { scenarioStart: tomorrow }")).isEqualTo("test.yaml:1: host.scenarioStart: "
                + "\"tomorrow\" is not an instant (use 2026-11-23T07:30:00Z or 2026-11-23T07:30:00+01:00)");
    }
}
