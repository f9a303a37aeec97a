package dev.curfew.http;

import at.favre.lib.crypto.bcrypt.BCrypt;

/** The bcrypt hashes of {@code http.users}: cost 12 (about a quarter of a second per check on a server). */
public final class Passwords {
    static final int COST = 12;

    private Passwords() {
    }

    public static String hash(char[] password) {
        return BCrypt.withDefaults().hashToString(COST, password);
    }

    static boolean matches(char[] password, String hash) {
        return BCrypt.verifyer().verify(password, hash).verified;
    }
}
