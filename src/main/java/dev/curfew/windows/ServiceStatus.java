package dev.curfew.windows;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code SERVICE_STATUS}: seven DWORDs, 28 bytes. Public only because JNA reads and writes the
 * fields reflectively.
 */
@FieldOrder({"dwServiceType", "dwCurrentState", "dwControlsAccepted", "dwWin32ExitCode",
        "dwServiceSpecificExitCode", "dwCheckPoint", "dwWaitHint"})
public final class ServiceStatus extends Structure {
    public int dwServiceType;
    public int dwCurrentState;
    public int dwControlsAccepted;
    public int dwWin32ExitCode;
    public int dwServiceSpecificExitCode;
    public int dwCheckPoint;
    public int dwWaitHint;

    ServiceStatus() {
        super(ALIGN_MSVC);
    }

    int offsetOf(String field) {
        return fieldOffset(field);
    }
}
