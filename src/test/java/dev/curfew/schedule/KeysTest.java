package dev.curfew.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curfew.session.ServerName;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.quartz.TriggerKey;

/** Each trigger of a server fires its one job; the trigger's name says which job class runs the firing. */
class KeysTest {
    static final ServerName MS01 = ServerName.of("ms01");
    static final Instant SIX = Instant.parse("2026-11-23T17:00:00Z");

    @Test
    void eachTriggerNamesItsKindOfFiring() {
        assertThat(Keys.kind(Keys.sweep(MS01))).isEqualTo(Keys.Kind.SWEEP);
        assertThat(Keys.kind(Keys.due(MS01, SIX))).isEqualTo(Keys.Kind.DUE_CHECK);
        assertThat(Keys.kind(Keys.closing(MS01))).isEqualTo(Keys.Kind.CLOSING);
        assertThat(Keys.kind(Keys.missedClosing(MS01, SIX))).isEqualTo(Keys.Kind.CLOSING);
        assertThat(Keys.kind(Keys.warning(MS01, Duration.ofMinutes(5)))).isEqualTo(Keys.Kind.CLOSING_WARNING);
        assertThat(Keys.kind(TriggerKey.triggerKey("history-retention", Keys.TASKS))).isEqualTo(Keys.Kind.HOUSEKEEPING);
    }

    @Test
    void aFiringRecoveredFromANodeThatDiedHasTheKindOfTheFiringItRecovers() {
        org.quartz.Trigger recovered = org.quartz.TriggerBuilder.newTrigger()
                .withIdentity("recover_node1_0", org.quartz.Scheduler.DEFAULT_RECOVERY_GROUP).forJob(Keys.job(MS01))
                .usingJobData(org.quartz.Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_NAME, Keys.warning(MS01, Duration.ofMinutes(5)).getName())
                .usingJobData(org.quartz.Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_GROUP, MS01.value()).build();
        org.quartz.Trigger plain = org.quartz.TriggerBuilder.newTrigger().withIdentity(Keys.closing(MS01)).build();

        assertThat(Keys.kind(recovered)).isEqualTo(Keys.Kind.CLOSING_WARNING);
        assertThat(Keys.kind(plain)).isEqualTo(Keys.Kind.CLOSING);
    }

    @Test
    void aServerNamedLikeATaskIsStillAServer() {
        assertThat(Keys.kind(Keys.closing(ServerName.of("closing")))).isEqualTo(Keys.Kind.CLOSING);
        assertThat(Keys.kind(Keys.sweep(ServerName.of("due-1")))).isEqualTo(Keys.Kind.SWEEP);
    }
}
