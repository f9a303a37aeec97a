package dev.curfew.session.wts;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.curfew.NativeFakes;
import dev.curfew.session.SessionState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * The fake wtsapi32 and kernel32 of {@code src/test/c}, compiled by {@link NativeFakes}, so that
 * {@link WtsSessionHost#load} finds them as "Wtsapi32" and "Kernel32". Made once per JVM by {@link FakeWindowsExtension}.
 */
final class FakeWindows {
    /** The fake wtsapi32's controls; strings go in as UTF-8, independent of the binding's UTF-16 code. */
    interface Wtsapi32Controls extends Library {
        void fake_reset();
        int fake_add_session(int id, int state, byte[] station, byte[] user, byte[] domain);
        int fake_set_times(int id, long logon, long connect, long disconnect, long lastInput, long current);
        int fake_set_client(int id, byte[] name, int family, byte[] address);
        void fake_fail(byte[] function, int error);
        void fake_fail_query(int session, int infoClass, int error);
        void fake_set_stale_error(int error);
        int fake_call_count(byte[] function);
        int fake_last_session(byte[] function);
        int fake_last_wait(byte[] function);
        int fake_last_on_current_server(byte[] function);
        void fake_set_latency_ms(int ms);
        int fake_max_in_flight();
        int fake_shared_handle_calls();
        int fake_open_handles();
        int fake_bad_closes();
        int fake_outstanding_allocations();
        int fake_bad_frees();
        Pointer fake_last_server_name();
        Pointer fake_last_title();
        Pointer fake_last_text();
        int fake_last_title_bytes();
        int fake_last_text_bytes();
        int fake_last_style();
        int fake_last_timeout();
        int fake_offset_of(byte[] field);
        int fake_add_process(int session, int pid, byte[] name, long user, long kernel);
        int fake_set_process_times(int pid, long user, long kernel);
        int fake_remove_process(int pid);
        int fake_set_answer(int id, int answer, int ms);
        int fake_questions();
    }

    interface Kernel32Controls extends Library {
        void fake_kernel32_reset();
        void fake_kernel32_set_session(int session);
        void fake_kernel32_fail(int error);
    }

    final Wtsapi32Controls wts;
    final Kernel32Controls kernel32;

    private FakeWindows(Wtsapi32Controls wts, Kernel32Controls kernel32) {
        this.wts = wts;
        this.kernel32 = kernel32;
    }

    /** Compiles both fakes and loads their controls; call once per JVM. */
    static FakeWindows build() throws IOException, InterruptedException {
        NativeFakes.compile("Wtsapi32", NativeFakes.sources("fake_wtsapi32"));
        NativeFakes.compile("Kernel32", NativeFakes.sources("fake_kernel32"));
        return new FakeWindows(Native.load("Wtsapi32", Wtsapi32Controls.class),
                Native.load("Kernel32", Kernel32Controls.class));
    }

    void reset() {
        wts.fake_reset();
        kernel32.fake_kernel32_reset();
    }

    void addSession(int id, SessionState state, String station, String user, String domain) {
        assertThat(wts.fake_add_session(id, state.ordinal(), utf8(station), utf8(user), utf8(domain))).isZero();
    }

    void times(int id, Instant logon, Instant connect, Instant disconnect, Instant lastInput, Instant current) {
        assertThat(wts.fake_set_times(id, fileTime(logon), fileTime(connect), fileTime(disconnect),
                fileTime(lastInput), fileTime(current))).isZero();
    }

    void client(int id, String name, int family, byte[] address) {
        assertThat(wts.fake_set_client(id, utf8(name), family, Arrays.copyOf(address, 20))).isZero();
    }

    void fail(String function, int error) {
        wts.fake_fail(utf8(function), error);
    }

    int calls(String function) {
        return wts.fake_call_count(utf8(function));
    }

    int lastSession(String function) {
        return wts.fake_last_session(utf8(function));
    }

    int lastWait(String function) {
        return wts.fake_last_wait(utf8(function));
    }

    /** 1 when the function's last call used WTS_CURRENT_SERVER_HANDLE, 0 for an opened handle, -1 never. */
    int lastOnCurrentServer(String function) {
        return wts.fake_last_on_current_server(utf8(function));
    }

    String lastServerName() {
        return wts.fake_last_server_name().getString(0, "UTF-8");
    }

    String lastTitle() {
        return wts.fake_last_title().getString(0, "UTF-8");
    }

    String lastText() {
        return wts.fake_last_text().getString(0, "UTF-8");
    }

    /** Makes disconnect, logoff and message calls take {@code ms} each, answered outside the fake's lock. */
    void latency(int ms) {
        wts.fake_set_latency_ms(ms);
    }

    /** The most disconnect, logoff and message calls that were under way at once. */
    int maxInFlight() {
        return wts.fake_max_in_flight();
    }

    /** Calls made on a server handle that another call was using at that moment. */
    int sharedHandleCalls() {
        return wts.fake_shared_handle_calls();
    }

    /** A process of {@code session} that has used {@code user} and {@code kernel} CPU time. */
    void addProcess(int session, int pid, String name, java.time.Duration user, java.time.Duration kernel) {
        assertThat(wts.fake_add_process(session, pid, utf8(name), ticks(user), ticks(kernel))).isZero();
    }

    void processTimes(int pid, java.time.Duration user, java.time.Duration kernel) {
        assertThat(wts.fake_set_process_times(pid, ticks(user), ticks(kernel))).isZero();
    }

    void removeProcess(int pid) {
        assertThat(wts.fake_remove_process(pid)).isZero();
    }

    /** What a Yes/No question to session {@code id} gets ({@code 6} Yes, {@code 7} No, {@code 32000} time-out), after {@code ms}. */
    void answer(int id, int response, int ms) {
        assertThat(wts.fake_set_answer(id, response, ms)).isZero();
    }

    /** The Yes/No questions answered so far. */
    int questions() {
        return wts.fake_questions();
    }

    int lastStyle() {
        return wts.fake_last_style();
    }

    int lastTimeout() {
        return wts.fake_last_timeout();
    }

    /** 100 ns units, computed here, not with the binding's conversion. */
    private static long ticks(java.time.Duration d) {
        return d.getSeconds() * 10_000_000L + d.getNano() / 100;
    }

    int offsetOf(String field) {
        return wts.fake_offset_of(utf8(field));
    }

    /** Asserts that every buffer handed out was freed once, and every opened server closed once. */
    void assertNoLeaks() {
        assertThat(wts.fake_outstanding_allocations()).as("buffers not given back to WTSFreeMemory").isZero();
        assertThat(wts.fake_bad_frees()).as("WTSFreeMemory of something the fake did not allocate").isZero();
        assertThat(wts.fake_open_handles()).as("servers opened and not closed").isZero();
        assertThat(wts.fake_bad_closes()).as("WTSCloseServer of a handle not open").isZero();
    }

    /** A FILETIME computed here, not with the binding's conversion; null is 0. */
    static long fileTime(Instant instant) {
        if (instant == null) {
            return 0;
        }
        return (instant.getEpochSecond() + 11_644_473_600L) * 10_000_000L + instant.getNano() / 100;
    }

    private static byte[] utf8(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(bytes, bytes.length + 1);
    }
}
