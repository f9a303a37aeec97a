package dev.curfew.windows;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The event log and registry part of the fake advapi32 ({@code src/test/c/fake_advapi32_eventlog.c}, in
 * the one library {@link FakeAdvapi32} compiles): the events it recorded, its registry values, and its handles.
 */
public final class FakeEventLog {
    /** One event as ReportEventW received it, its strings decoded. */
    public record Event(int type, int id, String text) {
    }

    interface Controls extends Library {
        void fake_eventlog_reset();
        void fake_eventlog_hold(int on);
        int fake_eventlog_waiting();
        void fake_eventlog_fail_reports(int error);
        void fake_eventlog_fail_register(int error);
        void fake_registry_fail(int error);
        int fake_eventlog_count();
        int fake_eventlog_type(int i);
        int fake_eventlog_category(int i);
        int fake_eventlog_id(int i);
        int fake_eventlog_strings(int i);
        Pointer fake_eventlog_text(int i);
        Pointer fake_eventlog_source_name();
        int fake_eventlog_open_sources();
        int fake_eventlog_bad_deregisters();
        Pointer fake_registry_value(byte[] key, byte[] name);
        int fake_registry_value_type(byte[] key, byte[] name);
        int fake_registry_key_exists(byte[] key);
        int fake_registry_last_sam();
        int fake_registry_open_keys();
        int fake_registry_bad_closes();
    }

    final Controls controls;

    private FakeEventLog(Controls controls) {
        this.controls = controls;
    }

    /** Loads the controls of the fake advapi32, which {@link FakeAdvapi32#build} compiled ({@link FakeEventLogExtension}). */
    static FakeEventLog build() {
        return new FakeEventLog(Native.load(Advapi32.NAME, Controls.class));
    }

    public void reset() {
        controls.fake_eventlog_reset();
    }

    /** Makes ReportEventW wait until {@link #release()}, as a stuck event log does. */
    public void hold() {
        controls.fake_eventlog_hold(1);
    }

    public void release() {
        controls.fake_eventlog_hold(0);
    }

    /** The ReportEventW calls waiting in a hold now. */
    public int waiting() {
        return controls.fake_eventlog_waiting();
    }

    /** Makes ReportEventW fail with {@code error} (0: succeed again). */
    public void failReports(int error) {
        controls.fake_eventlog_fail_reports(error);
    }

    public void failRegister(int error) {
        controls.fake_eventlog_fail_register(error);
    }

    public void failRegistry(int error) {
        controls.fake_registry_fail(error);
    }

    /** Every event recorded since the last reset, in order. */
    public List<Event> events() {
        List<Event> events = new ArrayList<>();
        int n = controls.fake_eventlog_count();
        for (int i = 0; i < n; i++) {
            assertThat(controls.fake_eventlog_strings(i)).as("strings of event %d", i).isEqualTo(1);
            assertThat(controls.fake_eventlog_category(i)).as("category of event %d", i).isZero();
            events.add(new Event(controls.fake_eventlog_type(i), controls.fake_eventlog_id(i),
                    controls.fake_eventlog_text(i).getString(0, "UTF-8")));
        }
        return events;
    }

    /** The source name of the last RegisterEventSourceW. */
    public String sourceName() {
        return controls.fake_eventlog_source_name().getString(0, "UTF-8");
    }

    /** A value of a key below HKEY_LOCAL_MACHINE as text (a REG_DWORD in decimal), or null. */
    public String registryValue(String key, String name) {
        Pointer p = controls.fake_registry_value(utf8(key), utf8(name));
        return p == null ? null : p.getString(0, "UTF-8");
    }

    public int registryType(String key, String name) {
        return controls.fake_registry_value_type(utf8(key), utf8(name));
    }

    public boolean keyExists(String key) {
        return controls.fake_registry_key_exists(utf8(key)) != 0;
    }

    /** The access asked for by the last RegCreateKeyExW. */
    public int lastSam() {
        return controls.fake_registry_last_sam();
    }

    /** Asserts that every event source was deregistered and every registry key closed, once each. */
    public void assertAllClosed() {
        assertThat(controls.fake_eventlog_open_sources()).as("event sources not deregistered").isZero();
        assertThat(controls.fake_eventlog_bad_deregisters()).as("DeregisterEventSource of a handle not open").isZero();
        assertThat(controls.fake_registry_open_keys()).as("registry keys not closed").isZero();
        assertThat(controls.fake_registry_bad_closes()).as("RegCloseKey of a key not open").isZero();
    }

    private static byte[] utf8(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(bytes, bytes.length + 1);
    }
}
