package dev.curfew.windows;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code SERVICE_STATUS_PROCESS}, what {@code QueryServiceStatusEx} fills at {@code SC_STATUS_PROCESS_INFO}:
 * the seven DWORDs of {@code SERVICE_STATUS}, then the process id and flags, 36 bytes.
 */
@FieldOrder({"dwServiceType", "dwCurrentState", "dwControlsAccepted", "dwWin32ExitCode",
        "dwServiceSpecificExitCode", "dwCheckPoint", "dwWaitHint", "dwProcessId", "dwServiceFlags"})
public final class ServiceStatusProcess extends Structure {
    public int dwServiceType;
    public int dwCurrentState;
    public int dwControlsAccepted;
    public int dwWin32ExitCode;
    public int dwServiceSpecificExitCode;
    public int dwCheckPoint;
    public int dwWaitHint;
    public int dwProcessId;
    public int dwServiceFlags;

    ServiceStatusProcess() {
        super(ALIGN_MSVC);
    }

    int offsetOf(String field) {
        return fieldOffset(field);
    }
}
