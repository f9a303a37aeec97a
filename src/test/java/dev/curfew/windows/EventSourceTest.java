package dev.curfew.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curfew.CurfewException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The event source's registry key, written by {@code service install} and removed by {@code uninstall}. */
@ExtendWith(FakeEventLogExtension.class)
class EventSourceTest {
    private static final String KEY = "SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\curfew";
    private static final int REG_EXPAND_SZ = 2;
    private static final int REG_DWORD = 4;
    private static final int KEY_SET_VALUE = 2;

    private final FakeEventLog fake;
    private final RegistryApi registry = RegistryApi.load(EventLog.ADVAPI32);

    EventSourceTest(FakeEventLog fake) {
        this.fake = fake;
    }

    @Test
    void registerWritesTheMessageFileWhoseMessagesAreTheTextAndTheThreeTypes() {
        EventSource.register(registry);
        assertThat(fake.keyExists(KEY)).isTrue();
        assertThat(fake.lastSam()).isEqualTo(KEY_SET_VALUE);
        assertThat(fake.registryValue(KEY, "EventMessageFile"))
                .isEqualTo("%SystemRoot%\\Microsoft.NET\\Framework64\\v4.0.30319\\EventLogMessages.dll");
        assertThat(fake.registryType(KEY, "EventMessageFile")).isEqualTo(REG_EXPAND_SZ);
        assertThat(fake.registryValue(KEY, "TypesSupported")).isEqualTo("7");
        assertThat(fake.registryType(KEY, "TypesSupported")).isEqualTo(REG_DWORD);
    }

    @Test
    void removeDeletesTheKeyAndAKeyAlreadyGoneIsNoError() {
        EventSource.register(registry);
        EventSource.remove(registry);
        assertThat(fake.keyExists(KEY)).isFalse();
        assertThat(fake.registryValue(KEY, "EventMessageFile")).isNull();
        EventSource.remove(registry);
        assertThat(fake.keyExists(KEY)).isFalse();
    }

    @Test
    void aRefusalNamesTheCallTheKeyAndTheWindowsError() {
        fake.failRegistry(5);
        assertThatThrownBy(() -> EventSource.register(registry)).isInstanceOf(CurfewException.class)
                .hasMessage("RegCreateKeyExW on HKEY_LOCAL_MACHINE\\" + KEY + " failed: ERROR_ACCESS_DENIED (5)");
        assertThatThrownBy(() -> EventSource.remove(registry)).isInstanceOf(CurfewException.class)
                .hasMessage("RegDeleteTreeW on HKEY_LOCAL_MACHINE\\" + KEY + " failed: ERROR_ACCESS_DENIED (5)");
    }
}
