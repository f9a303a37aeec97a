package dev.curfew.windows;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** {@code SERVICE_DELAYED_AUTO_START_INFO}: one BOOL, 4 bytes. */
@FieldOrder({"fDelayedAutostart"})
public final class DelayedAutoStart extends Structure {
    public int fDelayedAutostart;

    DelayedAutoStart() {
        super(ALIGN_MSVC);
    }

    DelayedAutoStart(boolean delayed) {
        this();
        fDelayedAutostart = delayed ? 1 : 0;
    }

    int offsetOf(String field) {
        return fieldOffset(field);
    }
}
