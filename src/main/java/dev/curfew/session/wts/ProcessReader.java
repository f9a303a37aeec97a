package dev.curfew.session.wts;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.curfew.session.SessionHostException;
import dev.curfew.session.SessionProcess;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists every process of every session of one server with one {@code WTSEnumerateProcessesExW} at
 * level 1 ({@code WTS_PROCESS_INFO_EXW}: names and CPU times), its array given back to
 * {@code WTSFreeMemoryExW} with its type and count.
 */
final class ProcessReader {
    private static final Logger log = LoggerFactory.getLogger(ProcessReader.class);

    private final WtsApi wts;

    ProcessReader(WtsApi wts) {
        this.wts = wts;
    }

    List<SessionProcess> read(ServerHandle server) {
        PointerByReference buffer = new PointerByReference();
        IntByReference level = new IntByReference(1);
        IntByReference count = new IntByReference();
        if (!wts.WTSEnumerateProcessesEx(server.pointer(), level, WtsApi.WTS_ANY_SESSION, buffer, count)) {
            throw WindowsError.lastCall(server.name(), "WTSEnumerateProcessesExW");
        }
        Pointer array = buffer.getValue();
        if (array == null) {
            return List.of();
        }
        try {
            if (level.getValue() != 1) {
                throw new SessionHostException(server.name(), "WTSEnumerateProcessesExW returned level "
                        + level.getValue() + " where 1 was asked for");
            }
            List<SessionProcess> processes = new ArrayList<>(count.getValue());
            int size = new WtsProcessInfoEx().size();
            for (int i = 0; i < count.getValue(); i++) {
                WtsProcessInfoEx p = new WtsProcessInfoEx(array.share((long) i * size));
                if (p.SessionId >= 0) {
                    processes.add(new SessionProcess(p.SessionId, p.ProcessId, p.name(), p.cpu()));
                }
            }
            return processes;
        } finally {
            if (!wts.WTSFreeMemoryEx(WtsApi.WTS_TYPE_PROCESS_INFO_LEVEL1, array, count.getValue())) {
                log.warn("{}: WTSFreeMemoryExW of {} processes failed: {}; their memory is lost", server.name(),
                        count.getValue(), WindowsError.describe(Native.getLastError()));
            }
        }
    }
}
