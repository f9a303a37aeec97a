package dev.curfew.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.Await;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The key contract on a real PostgreSQL server, and two nodes racing for one key on a slow database. */
class PostgresOnceKeyTest extends OnceKeyContract {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @Override
    HistoryStore store(String node) {
        return node.equals("node1") ? POSTGRES.store() : POSTGRES.store(node);
    }

    @Test
    void ofThreeNodesWaitingOnALockedTableForOneKeyExactlyOneRecordsIt() throws Exception {
        List<CompletableFuture<long[]>> nodes = new ArrayList<>();
        try (Connection lock = POSTGRES.dataSource().getConnection(); Statement st = lock.createStatement()) {
            lock.setAutoCommit(false);
            st.execute("LOCK TABLE action IN EXCLUSIVE MODE");
            for (String node : List.of("node1", "node2", "node3")) {
                HistoryStore store = store(node);
                nodes.add(CompletableFuture.supplyAsync(() -> store.recordIntents(List.of(disconnect("k"),
                        disconnect(node)))));
            }
            Await.until("three inserts waiting for the lock", Duration.ofSeconds(20),
                    () -> POSTGRES.waitingOnTheActionTable() == 3);
            lock.commit();
        }
        List<long[]> ids = new ArrayList<>();
        for (CompletableFuture<long[]> n : nodes) {
            ids.add(n.get(20, TimeUnit.SECONDS));
        }

        assertThat(ids.stream().filter(i -> i[0] != 0)).as("nodes that got the key").hasSize(1);
        assertThat(ids).allSatisfy(i -> assertThat(i[1]).as("each node's own action").isPositive());
        assertThat(rows()).isEqualTo(4);
    }
}
