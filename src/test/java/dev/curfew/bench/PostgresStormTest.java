package dev.curfew.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curfew.history.PostgresExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The storm written to a PostgreSQL database given by URL: emptied before each storm, named in the table. */
@Tag("bench")
class PostgresStormTest {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @TempDir
    Path work;

    @BeforeAll
    static void compile() {
        BenchmarksTest.compile();
    }

    BenchOptions tiny(StormHistory history) {
        return BenchmarksTest.tiny(work, history);
    }

    @Test
    void eachStormStartsOnAnEmptyHistoryAndTheTableNamesTheDatabase() throws Exception {
        String url = POSTGRES.createDatabase("storm_bench");
        StormHistory history = StormHistory.postgres(url, "postgres", null);
        history.check();

        StormBench.Result first = StormBench.direct(tiny(history), BenchmarksTest.rules, 4);
        StormBench.Result second = StormBench.direct(tiny(history), BenchmarksTest.rules, 4);
        StormBench.Result daemon = StormBench.endToEnd(tiny(history), BenchmarksTest.rules);

        for (StormBench.Result r : List.of(first, second, daemon)) {
            assertThat(r.rows()).isEqualTo(24);
            assertThat(r.done()).isEqualTo(24);
            assertThat(r.pending()).isZero();
        }
        String label = "PostgreSQL " + url.substring("jdbc:postgresql://".length());
        assertThat(history.label()).isEqualTo(label).endsWith("/storm_bench");
        assertThat(StormBench.run(tiny(history), BenchmarksTest.rules).rows()).first().extracting(Section.Row::metric)
                .isEqualTo("history rows per second (ActionRunner into " + label + ", calls take 0 ms; second storm)");
    }

    @Test
    void aDatabaseWhoseNameDoesNotSayBenchIsRefusedBeforeAnythingIsEmptied() {
        assertThatThrownBy(() -> StormHistory.postgres(POSTGRES.jdbcUrl(), "postgres", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("database \"curfew_")
                .hasMessageEndingWith("\" is not a benchmark database: the storm empties the tables of the database it"
                        + " writes to, so it writes only to one whose name contains \"bench\"");
    }
}
