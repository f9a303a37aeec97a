package dev.curfew.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code directory:} where the session users' groups come from (LDAP or Active Directory); no
 * {@code url} means no directory. Checked here except the password, which is read when the
 * directory is opened, so that {@code rules check} and {@code simulate} need no secret.
 *
 * <pre>
 * directory:
 *   url: [ldaps://dc01.school.local, ldaps://dc02.school.local]
 *   bindDn: CN=curfew,OU=Service,DC=school,DC=local
 *   passwordFile: ldap-password.txt
 *   baseDn: DC=school,DC=local
 * </pre>
 *
 * @param url the servers, tried in order (failover)
 * @param bindDn the account curfew binds as, or null for an anonymous bind
 * @param passwordFile a file holding the bind password (relative to the config's folder)
 * @param passwordEnv an environment variable holding it, instead
 * @param userAttribute the attribute that holds a session's user name
 * @param cacheTime how long a user's groups are kept before they are looked up again
 * @param timeout how long one request to the directory may take
 * @param domain the NetBIOS name groups are qualified with ({@code SCHOOL\Students}), or null for
 *     each session's own domain
 */
public record DirectoryConfig(List<String> url, String bindDn, Path passwordFile, String passwordEnv, String baseDn,
        String userAttribute, @JsonDeserialize(using = TextValue.Positive.class) Duration cacheTime,
        @JsonDeserialize(using = TextValue.Positive.class) Duration timeout, String domain) {

    public DirectoryConfig {
        url = url == null ? List.of() : List.copyOf(url);
        for (int i = 0; i < url.size(); i++) {
            String u = url.get(i).toLowerCase(Locale.ROOT);
            if (!u.startsWith("ldap://") && !u.startsWith("ldaps://")) {
                throw new BadValue("url" + (url.size() > 1 ? "[" + i + "]" : ""), "\"" + url.get(i)
                        + "\" is not an LDAP URL (use ldaps://dc01.school.local or ldap://dc01.school.local:389)");
            }
        }
        userAttribute = userAttribute == null ? "sAMAccountName" : userAttribute;
        cacheTime = cacheTime == null ? Duration.ofMinutes(15) : cacheTime;
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        if (!url.isEmpty()) {
            if (baseDn == null || baseDn.isBlank()) {
                throw new BadValue("baseDn", "is needed with directory.url (use the domain's, like DC=school,DC=local)");
            }
            if (passwordFile != null && passwordEnv != null) {
                throw new BadValue("passwordEnv", "is given with directory.passwordFile (use one of them)");
            }
            if (bindDn != null && passwordFile == null && passwordEnv == null) {
                throw new BadValue("bindDn", "needs a password (use directory.passwordFile or directory.passwordEnv)");
            }
        }
    }

    public static DirectoryConfig defaults() {
        return new DirectoryConfig(List.of(), null, null, null, null, null, null, null, null);
    }

    /** True when a directory is configured. */
    public boolean enabled() {
        return !url.isEmpty();
    }

    /** The key that names where the password comes from, for error lines: {@code directory.passwordFile}. */
    public String passwordKey() {
        return passwordEnv != null ? "directory.passwordEnv" : passwordFile != null ? "directory.passwordFile"
                : "directory.bindDn";
    }

    DirectoryConfig locatedAt(Path dir) {
        return new DirectoryConfig(url, bindDn, passwordFile == null ? null : dir.resolve(passwordFile), passwordEnv,
                baseDn, userAttribute, cacheTime, timeout, domain);
    }
}
