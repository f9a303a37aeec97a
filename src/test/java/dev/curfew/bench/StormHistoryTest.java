package dev.curfew.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Which PostgreSQL database a storm URL names, read before anything connects. */
class StormHistoryTest {

    @Test
    void theDatabaseIsTheLastPartOfTheUrlWithoutItsParameters() {
        assertThat(StormHistory.database("jdbc:postgresql://db.school.local:5433/curfew_bench?ssl=true"))
                .isEqualTo("curfew_bench");
        assertThat(StormHistory.database("jdbc:postgresql:bench")).isEqualTo("bench");
        assertThat(StormHistory.postgres("jdbc:postgresql://db/bench?password=secret", "u", null).label())
                .isEqualTo("PostgreSQL db/bench");
        assertThatThrownBy(() -> StormHistory.database("jdbc:h2:mem:bench"))
                .hasMessage("\"jdbc:h2:mem:bench\" is not a PostgreSQL JDBC URL (use jdbc:postgresql://host[:port]/database)");
        assertThatThrownBy(() -> StormHistory.database("jdbc:postgresql://db:5432"))
                .hasMessage("\"jdbc:postgresql://db:5432\" names no database (use jdbc:postgresql://host[:port]/database)");
    }
}
