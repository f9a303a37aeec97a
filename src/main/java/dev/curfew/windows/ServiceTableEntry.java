package dev.curfew.windows;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code SERVICE_TABLE_ENTRYW}: the service's name and its ServiceMain, two pointers, 16 bytes on x64.
 * The dispatcher takes an array of them ended by an entry of two NULLs: {@link #table}.
 */
@FieldOrder({"lpServiceName", "lpServiceProc"})
public final class ServiceTableEntry extends Structure {
    public Pointer lpServiceName;
    public ServiceApi.ServiceMain lpServiceProc;

    /** Public for JNA, which makes the elements of an array of them. */
    public ServiceTableEntry() {
        super(ALIGN_MSVC);
    }

    /** The table of one service, {@code name} (UTF-16 memory) run by {@code main}, ended by the NULL entry. */
    static ServiceTableEntry table(Pointer name, ServiceApi.ServiceMain main) {
        ServiceTableEntry first = new ServiceTableEntry();
        ServiceTableEntry[] entries = (ServiceTableEntry[]) first.toArray(2);
        entries[0].lpServiceName = name;
        entries[0].lpServiceProc = main;
        entries[0].write();
        entries[1].write();
        return entries[0];
    }

    int offsetOf(String field) {
        return fieldOffset(field);
    }
}
