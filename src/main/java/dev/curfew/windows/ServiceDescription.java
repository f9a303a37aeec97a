package dev.curfew.windows;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** {@code SERVICE_DESCRIPTIONW}: one pointer to the description's UTF-16 text, 8 bytes on x64. */
@FieldOrder({"lpDescription"})
public final class ServiceDescription extends Structure {
    public Pointer lpDescription;

    ServiceDescription() {
        super(ALIGN_MSVC);
    }

    ServiceDescription(Pointer description) {
        this();
        lpDescription = description;
    }

    int offsetOf(String field) {
        return fieldOffset(field);
    }
}
