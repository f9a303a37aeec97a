package dev.curfew.windows;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Structure;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The winsvc.h structures have the Windows x64 layouts, and the fake's C compiler lays them out the same. */
@ExtendWith(FakeAdvapi32Extension.class)
class ServiceStructuresTest {
    private final FakeAdvapi32 fake;

    ServiceStructuresTest(FakeAdvapi32 fake) {
        this.fake = fake;
    }

    @Test
    void serviceStatusIsSevenDwords() {
        ServiceStatus status = new ServiceStatus();
        assertThat(status.size()).isEqualTo(28).isEqualTo(fake.offsetOf("SERVICE_STATUS"));
        assertOffsets(ServiceStatus.class, status::offsetOf, 0, 4, 8, 12, 16, 20, 24);
    }

    @Test
    void serviceStatusProcessAddsTheProcessIdAndFlags() {
        ServiceStatusProcess status = new ServiceStatusProcess();
        assertThat(status.size()).isEqualTo(36).isEqualTo(fake.offsetOf("SERVICE_STATUS_PROCESS"));
        assertOffsets(ServiceStatusProcess.class, status::offsetOf, 0, 4, 8, 12, 16, 20, 24, 28, 32);
        assertThat(fake.offsetOf("SERVICE_STATUS_PROCESS.dwProcessId")).isEqualTo(28);
        assertThat(fake.offsetOf("SERVICE_STATUS_PROCESS.dwServiceFlags")).isEqualTo(32);
    }

    @Test
    void aServiceTableEntryIsTwoPointers() {
        ServiceTableEntry entry = new ServiceTableEntry();
        assertThat(entry.size()).isEqualTo(16).isEqualTo(fake.offsetOf("SERVICE_TABLE_ENTRYW"));
        assertOffsets(ServiceTableEntry.class, entry::offsetOf, 0, 8);
        assertThat(fake.offsetOf("SERVICE_TABLE_ENTRYW.lpServiceProc")).isEqualTo(8);
    }

    @Test
    void theTableEndsWithAnEntryOfNulls() {
        com.sun.jna.Memory name = dev.curfew.session.wts.Utf16.encode("curfew");
        ServiceTableEntry first = ServiceTableEntry.table(name, (argc, argv) -> { });
        assertThat(first.getPointer().getPointer(0)).isEqualTo(name);
        assertThat(first.getPointer().getPointer(8)).isNotNull();
        assertThat(first.getPointer().getPointer(16)).isNull();
        assertThat(first.getPointer().getPointer(24)).isNull();
    }

    @Test
    void aDescriptionIsOnePointer() {
        ServiceDescription description = new ServiceDescription();
        assertThat(description.size()).isEqualTo(8).isEqualTo(fake.offsetOf("SERVICE_DESCRIPTIONW"));
    }

    @Test
    void failureActionsAlignTheirPointersTo8() {
        FailureActions failure = new FailureActions();
        assertThat(failure.size()).isEqualTo(40).isEqualTo(fake.offsetOf("SERVICE_FAILURE_ACTIONSW"));
        assertOffsets(FailureActions.class, failure::offsetOf, 0, 8, 16, 24, 32);
        for (String field : List.of("lpRebootMsg", "lpCommand", "cActions", "lpsaActions")) {
            assertThat(failure.offsetOf(field)).as(field)
                    .isEqualTo(fake.offsetOf("SERVICE_FAILURE_ACTIONSW." + field));
        }
        ScAction action = new ScAction();
        assertThat(action.size()).isEqualTo(8).isEqualTo(fake.offsetOf("SC_ACTION"));
        assertOffsets(ScAction.class, action::offsetOf, 0, 4);
    }

    @Test
    void failureActionsRestartTwiceAfterAMinuteThenDoNothing() {
        FailureActions failure = FailureActions.restart(2, 60_000, 86_400);
        failure.write();
        assertThat(failure.cActions).isEqualTo(3);
        assertThat(failure.dwResetPeriod).isEqualTo(86_400);
        int[] read = failure.lpsaActions.getIntArray(0, 6);
        assertThat(read).containsExactly(ServiceApi.SC_ACTION_RESTART, 60_000, ServiceApi.SC_ACTION_RESTART, 60_000,
                ServiceApi.SC_ACTION_NONE, 0);
    }

    @Test
    void delayedAutoStartIsOneBool() {
        DelayedAutoStart delayed = new DelayedAutoStart(true);
        assertThat(delayed.size()).isEqualTo(4).isEqualTo(fake.offsetOf("SERVICE_DELAYED_AUTO_START_INFO"));
        assertThat(delayed.fDelayedAutostart).isEqualTo(1);
        assertThat(new DelayedAutoStart(false).fDelayedAutostart).isZero();
    }

    private static void assertOffsets(Class<? extends Structure> type, java.util.function.ToIntFunction<String> offsetOf,
            int... offsets) {
        String[] fields = type.getAnnotation(Structure.FieldOrder.class).value();
        assertThat(fields).hasSize(offsets.length);
        assertThat(Arrays.stream(fields).mapToInt(offsetOf).toArray()).as(type.getSimpleName()).containsExactly(offsets);
    }
}
