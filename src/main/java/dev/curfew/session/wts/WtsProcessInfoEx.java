package dev.curfew.session.wts;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import java.time.Duration;

/**
 * {@code WTS_PROCESS_INFO_EXW}, one element of the array {@code WTSEnumerateProcessesExW} returns at
 * level 1: 64 bytes on Windows x64 (two DWORDs, two pointers from offset 8, six DWORDs from 24, then
 * the user and kernel times, {@code LARGE_INTEGER}s of 100 ns, at 48 and 56). Public only because JNA
 * reads the fields reflectively; made only in this package.
 */
@FieldOrder({"SessionId", "ProcessId", "pProcessName", "pUserSid", "NumberOfThreads", "HandleCount",
        "PagefileUsage", "PeakPagefileUsage", "WorkingSetSize", "PeakWorkingSetSize", "UserTime", "KernelTime"})
public final class WtsProcessInfoEx extends Structure {
    public int SessionId;
    public int ProcessId;
    public Pointer pProcessName;
    public Pointer pUserSid;
    public int NumberOfThreads;
    public int HandleCount;
    public int PagefileUsage;
    public int PeakPagefileUsage;
    public int WorkingSetSize;
    public int PeakWorkingSetSize;
    public long UserTime;
    public long KernelTime;

    WtsProcessInfoEx() {
        super(ALIGN_MSVC);
    }

    WtsProcessInfoEx(Pointer memory) {
        super(memory, ALIGN_MSVC);
        read();
    }

    /** The image name, e.g. {@code Teams.exe}. */
    String name() {
        return Utf16.read(pProcessName);
    }

    /** Kernel and user time together; a negative count (never seen) is none. */
    Duration cpu() {
        long ticks = Math.max(0, UserTime) + Math.max(0, KernelTime);
        return Duration.ofSeconds(ticks / 10_000_000L, (ticks % 10_000_000L) * 100);
    }

    int offsetOf(String field) {
        return fieldOffset(field);
    }
}
