package dev.curfew.directory;

import dev.curfew.CurfewException;

/** The directory could not be opened or asked; the message says which server and what it answered. */
public class DirectoryException extends CurfewException {
    private static final long serialVersionUID = 1L;

    public DirectoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
