package dev.curfew.windows;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code SERVICE_FAILURE_ACTIONSW}: 40 bytes on x64 (a DWORD, two string pointers from offset 8, the
 * count at 24, the {@code SC_ACTION} array's pointer at 32).
 */
@FieldOrder({"dwResetPeriod", "lpRebootMsg", "lpCommand", "cActions", "lpsaActions"})
public final class FailureActions extends Structure {
    public int dwResetPeriod;
    public Pointer lpRebootMsg;
    public Pointer lpCommand;
    public int cActions;
    public Pointer lpsaActions;
    /** The actions' memory, alive as long as the structure that points at it (not a field of the C struct). */
    private ScAction[] keep;

    FailureActions() {
        super(ALIGN_MSVC);
    }

    /**
     * Restarts {@code restarts} times, each {@code delayMs} after the failure, then does nothing; the count
     * of failures goes back to 0 after {@code resetSeconds} without one. The array is kept by this structure.
     */
    static FailureActions restart(int restarts, int delayMs, int resetSeconds) {
        ScAction[] actions = (ScAction[]) new ScAction().toArray(restarts + 1);
        for (int i = 0; i < actions.length; i++) {
            actions[i].Type = i < restarts ? ServiceApi.SC_ACTION_RESTART : ServiceApi.SC_ACTION_NONE;
            actions[i].Delay = i < restarts ? delayMs : 0;
            actions[i].write();
        }
        FailureActions failure = new FailureActions();
        failure.dwResetPeriod = resetSeconds;
        failure.cActions = actions.length;
        failure.lpsaActions = actions[0].getPointer();
        failure.keep = actions;
        return failure;
    }

    int offsetOf(String field) {
        return fieldOffset(field);
    }
}
