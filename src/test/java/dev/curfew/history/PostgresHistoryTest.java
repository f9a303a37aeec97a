package dev.curfew.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.session.ServerName;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The history contract on a real PostgreSQL server, a fresh database per test. */
class PostgresHistoryTest extends HistoryContract {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @Override
    HistoryStore store() {
        return POSTGRES.store();
    }

    @Override
    HistoryStore store(String node) {
        return POSTGRES.store(node);
    }

    @Test
    void theNewConnectionsOfOneSweepAreCommittedTogether() {
        Instant since = T0.minusSeconds(600);
        store().recordConnections(ServerName.of("ms01"), List.of(Sessions.connectedSince("ms01", 2, "alice", since, T0),
                Sessions.connectedSince("ms01", 3, "bob", since, T0), Sessions.connectedSince("ms01", 4, "carol", since,
                        T0)), T0);

        // PostgreSQL stamps each row with the transaction that inserted it: one commit (one WAL flush), not three.
        assertThat(new Jdbc(store().dataSource()).query("count", "SELECT COUNT(*), COUNT(DISTINCT xmin::text)"
                + " FROM connection_seen", List.of(), rs -> List.of(rs.getLong(1), rs.getLong(2))))
                .containsExactly(List.of(3L, 1L));
    }
}
