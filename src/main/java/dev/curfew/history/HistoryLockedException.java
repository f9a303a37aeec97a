package dev.curfew.history;

/** The embedded H2 file is held by another process, most likely the running daemon. */
public class HistoryLockedException extends HistoryException {
    private static final long serialVersionUID = 1L;

    public HistoryLockedException(String message, Throwable cause) {
        super(message, cause);
    }
}
