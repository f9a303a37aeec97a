package dev.curfew;

/**
 * The root of curfew's unchecked exceptions. Each feature has its own subclass; the message
 * says what went wrong, where, and what was done about it.
 */
public class CurfewException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CurfewException(String message) {
        super(message);
    }

    public CurfewException(String message, Throwable cause) {
        super(message, cause);
    }
}
