package dev.curfew.windows;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** {@code SC_ACTION}: what the SCM does after a failure ({@code SC_ACTION_TYPE}) and after how many ms; 8 bytes. */
@FieldOrder({"Type", "Delay"})
public final class ScAction extends Structure {
    public int Type;
    public int Delay;

    /** Public for JNA, which makes the elements of an array of them. */
    public ScAction() {
        super(ALIGN_MSVC);
    }

    int offsetOf(String field) {
        return fieldOffset(field);
    }
}
