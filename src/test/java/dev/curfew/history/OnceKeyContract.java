package dev.curfew.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.policy.ActionType;
import dev.curfew.session.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An intent's key makes a second intent for the same action impossible, on every supported
 * database: run on H2 ({@link H2OnceKeyTest}) and on a real PostgreSQL ({@link PostgresOnceKeyTest}).
 */
abstract class OnceKeyContract {
    static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    static final Session ALICE = Sessions.active("ms01", 2, "alice", T0, Duration.ofMinutes(31));

    abstract HistoryStore store(String node);

    static Intent disconnect(String key) {
        return new Intent(T0, ALICE, ActionType.DISCONNECT, "idle limit", "idle 31m", Source.POLICY, false, null, key);
    }

    long rows() {
        return new Jdbc(store("node1").dataSource()).query("count", "SELECT COUNT(*) FROM action", List.of(),
                rs -> rs.getLong(1)).get(0);
    }

    @Test
    void aSecondIntentWithTheKeyOfARecordedOneIsNotRecordedAndGetsNoId() {
        long first = store("node1").recordIntent(disconnect("disconnect|ms01#2|a"));
        long[] second = store("node2").recordIntents(List.of(disconnect("disconnect|ms01#2|a"), disconnect("other")));

        assertThat(first).isPositive();
        assertThat(second[0]).isZero();
        assertThat(second[1]).isPositive();
        assertThat(rows()).isEqualTo(2);
    }

    @Test
    void ofTwoIntentsWithOneKeyInOneGroupOnlyTheFirstIsRecorded() {
        long[] ids = store("node1").recordIntents(List.of(disconnect("k"), disconnect("k"), disconnect(null),
                disconnect(null)));

        assertThat(ids[0]).isPositive();
        assertThat(ids[1]).isZero();
        assertThat(ids[2]).isPositive();
        assertThat(ids[3]).isPositive().isNotEqualTo(ids[2]);
        assertThat(rows()).isEqualTo(3);
    }

    @Test
    void aFailedActionReleasesItsKeySoItIsTriedAgainAndADoneOneKeepsIt() {
        HistoryStore store = store("node1");
        long failed = store.recordIntent(disconnect("k"));
        store.recordOutcomes(List.of(new RecordedOutcome(failed, Outcome.FAILED, "server down", T0)));
        long retried = store.recordIntent(disconnect("k"));
        store.recordOutcome(retried, Outcome.DONE, null, T0.plusSeconds(30));

        assertThat(retried).isPositive().isNotEqualTo(failed);
        assertThat(store.recordIntent(disconnect("k"))).isZero();
        assertThat(rows()).isEqualTo(2);
    }

    @Test
    void anAbandonedActionKeepsItsKey() {
        store("node1").recordIntent(disconnect("k"));
        assertThat(store("node1").markAbandoned(T0.plusSeconds(60))).isEqualTo(1);

        assertThat(store("node2").recordIntent(disconnect("k"))).isZero();
    }
}
