package dev.curfew.windows;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The event log and registry part of the fake advapi32 ({@code src/test/c/fake_advapi32*.c}, compiled
 * with {@code $CC}, default gcc, into {@code target/native} and put first on {@code jna.library.path}),
 * so that "advapi32" loads it: the events it recorded, its registry values, and its handles.
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

    /** Compiles the fake advapi32 and loads its controls; call once per JVM ({@link FakeEventLogExtension}). */
    static FakeEventLog build() throws IOException, InterruptedException {
        Path target = targetDirectory();
        Path out = Files.createDirectories(target.resolve("native"));
        Path library = out.resolve(System.mapLibraryName(EventLog.ADVAPI32));
        List<Path> sources;
        try (Stream<Path> files = Files.list(target.getParent().resolve("src/test/c"))) {
            sources = files.filter(f -> f.getFileName().toString().startsWith("fake_advapi32")).sorted().toList();
        }
        compile(sources, library);
        String path = System.getProperty("jna.library.path");
        if (path == null || !Arrays.asList(path.split(File.pathSeparator)).contains(out.toString())) {
            System.setProperty("jna.library.path", path == null || path.isEmpty() ? out.toString()
                    : out + File.pathSeparator + path);
        }
        return new FakeEventLog(Native.load(EventLog.ADVAPI32, Controls.class));
    }

    private static Path targetDirectory() {
        try {
            return Path.of(FakeEventLog.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void compile(List<Path> sources, Path library) throws IOException, InterruptedException {
        String cc = System.getenv().getOrDefault("CC", "gcc");
        List<String> command = new ArrayList<>(List.of(cc, "-shared", "-fPIC", "-std=c11", "-O1", "-pthread",
                "-Wall", "-Wextra", "-Werror", "-o", library.toString()));
        sources.forEach(s -> command.add(s.toString()));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("the event log tests compile a fake advapi32 with a C compiler, but \""
                    + cc + "\" cannot be run (install gcc or set CC): " + e.getMessage(), e);
        }
        boolean done = process.waitFor(2, TimeUnit.MINUTES);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
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
