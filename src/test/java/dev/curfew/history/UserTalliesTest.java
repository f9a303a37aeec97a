package dev.curfew.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.policy.ActionType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UserTalliesTest {
    @RegisterExtension
    final H2Extension h2 = new H2Extension();

    @Test
    void usersTiedWithTheLastOfTheTopAreOrderedByName() {
        UserTallies users = new UserTallies(2);
        for (String name : List.of("dora", "cleo", "bea", "ann", "eve", "eve")) {
            users.add(name, ActionType.WARN, false);
        }

        assertThat(users.top(3)).extracting(Report.Tally::key).containsExactly("eve", "ann", "bea");
        assertThat(users.top(0)).isEmpty();
        assertThat(users.top(10)).hasSize(5);
    }

    @Test
    void usersSurviveEncodingWhateverTheirNames() {
        Rollup hour = new Rollup();
        for (String name : List.of("ZO\u00cb", "zo\u00eb", "\u7528\u6237", "a\u0000b", "\uD83D\uDE00", "plain")) {
            hour.add("ms01", name, ActionType.DISCONNECT, "idle limit", Outcome.FAILED, null);
        }
        UserNames names = new UserNames(h2.store().dataSource());
        Rollup day = new Rollup();
        day.merge(Rollup.decode(hour.encode(names)));
        day.merge(Rollup.decode(hour.encode(names)));

        assertThat(Rollup.decode(day.encode(names)).topUsers(10, () -> names)).containsExactly(
                new Report.Tally("zo\u00eb", 0, 4, 0, 4), new Report.Tally("a\u0000b", 0, 2, 0, 2),
                new Report.Tally("plain", 0, 2, 0, 2), new Report.Tally("\u7528\u6237", 0, 2, 0, 2),
                new Report.Tally("\uD83D\uDE00", 0, 2, 0, 2));
    }
}
