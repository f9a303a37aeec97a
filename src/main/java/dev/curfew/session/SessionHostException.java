package dev.curfew.session;

import dev.curfew.CurfewException;

/** A server could not be reached or refused a call; names the server and, for WTS, the Windows error. */
public class SessionHostException extends CurfewException {
    private static final long serialVersionUID = 1L;

    private final transient ServerName server;

    public SessionHostException(ServerName server, String message) {
        super(server + ": " + message);
        this.server = server;
    }

    public SessionHostException(ServerName server, String message, Throwable cause) {
        super(server + ": " + message, cause);
        this.server = server;
    }

    public ServerName server() {
        return server;
    }
}
