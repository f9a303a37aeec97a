package dev.curfew.windows;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.curfew.NativeFakes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fake advapi32: every {@code src/test/c/fake_advapi32*.c}, compiled by {@link NativeFakes} into one
 * library that {@link Advapi32#load} finds as "Advapi32". Each C file has its own controls interface,
 * loaded from the same library with {@link #controls}; {@link #reset} resets them all. Made once per JVM
 * by {@link FakeAdvapi32Extension}.
 */
final class FakeAdvapi32 {
    /** fake_advapi32.c's controls: the SCM's table of services and the dispatcher. Strings are UTF-8. */
    interface ServiceControls extends Library {
        void fake_service_reset();
        void fake_service_administrator(int yes);
        int fake_service_add(byte[] name, int state);
        int fake_service_exists(byte[] name);
        String fake_service_text(byte[] name, byte[] field);
        int fake_service_int(byte[] name, byte[] field, int index);
        int fake_service_open_handles();
        int fake_service_opened_handles();
        int fake_service_bad_closes();
        void fake_dispatch_no_scm(int yes);
        void fake_dispatch_on(int state, int control);
        int fake_status_count();
        int fake_status(int i, byte[] field);
        int fake_handler_calls();
        int fake_handler_result(int i);
        int fake_handler_registrations();
        String fake_handler_name();
        int fake_service_offset_of(byte[] field);
    }

    /** A status the service reported with SetServiceStatus. */
    record Status(int state, int controlsAccepted, int win32ExitCode, int specificExitCode, int checkPoint,
            int waitHint) {
    }

    final ServiceControls services;

    private FakeAdvapi32(ServiceControls services) {
        this.services = services;
    }

    /** Compiles the fake and loads its controls; call once per JVM. */
    static FakeAdvapi32 build() throws IOException, InterruptedException {
        NativeFakes.compile(Advapi32.NAME, NativeFakes.sources("fake_advapi32"));
        return new FakeAdvapi32(controls(ServiceControls.class));
    }

    /** The controls of one of the fake's C files, loaded from the compiled library. */
    static <T extends Library> T controls(Class<T> controls) {
        return Native.load(Advapi32.NAME, controls, java.util.Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));
    }

    void reset() {
        services.fake_service_reset();
    }

    void notAdministrator() {
        services.fake_service_administrator(0);
    }

    void addService(String name, int state) {
        assertThat(services.fake_service_add(utf8(name), state)).isZero();
    }

    boolean exists(String name) {
        return services.fake_service_exists(utf8(name)) != 0;
    }

    String text(String service, String field) {
        return services.fake_service_text(utf8(service), utf8(field));
    }

    int number(String service, String field) {
        return services.fake_service_int(utf8(service), utf8(field), 0);
    }

    int number(String service, String field, int index) {
        return services.fake_service_int(utf8(service), utf8(field), index);
    }

    /** The dispatcher sends {@code control} when the service first reports {@code state}. */
    void sendOn(int state, int control) {
        services.fake_dispatch_on(state, control);
    }

    List<Status> statuses() {
        List<Status> statuses = new ArrayList<>();
        for (int i = 0; i < services.fake_status_count(); i++) {
            statuses.add(new Status(status(i, "CurrentState"), status(i, "ControlsAccepted"),
                    status(i, "Win32ExitCode"), status(i, "ServiceSpecificExitCode"), status(i, "CheckPoint"),
                    status(i, "WaitHint")));
        }
        return statuses;
    }

    int offsetOf(String field) {
        return services.fake_service_offset_of(utf8(field));
    }

    /** Asserts that every handle opened was closed once. */
    void assertNoLeaks() {
        assertThat(services.fake_service_open_handles()).as("SCM handles opened and not closed").isZero();
        assertThat(services.fake_service_bad_closes()).as("CloseServiceHandle of a handle not open").isZero();
    }

    private int status(int i, String field) {
        return services.fake_status(i, utf8(field));
    }

    static byte[] utf8(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(bytes, bytes.length + 1);
    }
}
