package dev.curfew.directory;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.ServerSet;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import dev.curfew.config.DirectoryConfig;
import dev.curfew.session.LogonHours;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LDAP side of the directory: one connection, bound as the configured account, made again
 * after a failure (on the next server of the list first that answers), and the lookup of a
 * user's groups with nesting resolved by following each group's {@code memberOf}, each group
 * visited once (a cycle of groups ends). Used by one thread at a time.
 */
final class LdapGroups implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LdapGroups.class);
    private static final String MEMBER_OF = "memberOf";
    private static final String LOGON_HOURS = "logonHours";

    private final DirectoryConfig config;
    private final ServerSet servers;
    private final Clock clock;
    /** Groups read, by DN, with their name and parents: users share groups, so most lookups read only the user. */
    private final Map<DN, Group> groups = new HashMap<>();
    private LDAPConnection connection;

    private record Group(String name, List<String> parents, Instant readAt) {
    }

    /** What a lookup found of a user: the groups' names and the logon hours (null when it has none). */
    record Found(Set<String> groups, LogonHours logonHours) {
    }

    LdapGroups(DirectoryConfig config, String password, Clock clock) {
        this.config = config;
        this.clock = clock;
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) config.timeout().toMillis());
        options.setResponseTimeoutMillis(config.timeout().toMillis());
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
        BindRequest bind = config.bindDn() == null ? null : new SimpleBindRequest(config.bindDn(), password);
        ServerSet[] sets = new ServerSet[config.url().size()];
        for (int i = 0; i < sets.length; i++) {
            LDAPURL url = url(config.url().get(i));
            sets[i] = new SingleServerSet(url.getHost(), url.getPort(),
                    url.getScheme().equals("ldaps") ? tls() : SocketFactory.getDefault(), options, bind, null);
        }
        servers = sets.length == 1 ? sets[0] : new FailoverServerSet(sets);
    }

    private static LDAPURL url(String text) {
        try {
            return new LDAPURL(text);
        } catch (LDAPException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not an LDAP URL: " + e.getMessage(), e);
        }
    }

    private static SocketFactory tls() {
        try {
            // The JVM's trust store: a domain's CA is added to it (or given with -Djavax.net.ssl.trustStore).
            return SSLContext.getDefault().getSocketFactory();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }

    /** Connects and binds, if not connected; throws what the server answered. */
    void connect() throws LDAPException {
        if (connection == null || !connection.isConnected()) {
            connection = servers.getConnection();
        }
    }

    /** True when {@code e} is the directory refusing the bind account or its password. */
    static boolean badCredentials(LDAPException e) {
        ResultCode rc = e.getResultCode();
        return rc == ResultCode.INVALID_CREDENTIALS || rc == ResultCode.INVALID_DN_SYNTAX
                || rc == ResultCode.INAPPROPRIATE_AUTHENTICATION;
    }

    /**
     * The names ({@code cn}) of the groups {@code user} is in, nested ones included, and the user's
     * {@code logonHours}, read in the same search; no groups and no hours for a user not found.
     */
    Found lookUp(String user) throws LDAPException {
        try {
            connect();
            SearchResultEntry entry = connection.searchForEntry(config.baseDn(), SearchScope.SUB,
                    Filter.createEqualityFilter(config.userAttribute(), user), MEMBER_OF, LOGON_HOURS);
            Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            if (entry == null) {
                return new Found(names, null);
            }
            Set<DN> seen = new HashSet<>();
            Deque<String> next = new ArrayDeque<>(values(entry));
            Instant now = clock.instant();
            while (!next.isEmpty()) {
                DN dn = new DN(next.pop());
                if (!seen.add(dn)) {
                    continue;
                }
                Group g = group(dn, now);
                if (g != null) {
                    names.add(g.name());
                    next.addAll(g.parents());
                }
            }
            return new Found(names, logonHours(user, entry));
        } catch (LDAPException e) {
            // Whatever went wrong (a timeout, a dropped link), the next lookup starts on a fresh connection.
            close();
            throw e;
        }
    }

    /** The group at {@code dn}, from the groups read within the cache time or read now; null when there is none. */
    private Group group(DN dn, Instant now) throws LDAPException {
        Group g = groups.get(dn);
        if (g != null && now.isBefore(g.readAt().plus(config.cacheTime()))) {
            return g;
        }
        SearchResultEntry e = connection.getEntry(dn.toString(), "cn", MEMBER_OF);
        if (e == null) {
            groups.remove(dn);
            return null;
        }
        String cn = e.getAttributeValue("cn");
        g = new Group(cn != null ? cn : dn.getRDN().getAttributeValues()[0], values(e), now);
        groups.put(dn, g);
        return g;
    }

    /** The entry's logon hours; a value that is not 21 bytes is logged and taken as none (no restriction). */
    private static LogonHours logonHours(String user, SearchResultEntry e) {
        byte[] value = e.getAttributeValueBytes(LOGON_HOURS);
        if (value == null) {
            return null;
        }
        try {
            return LogonHours.of(value);
        } catch (IllegalArgumentException bad) {
            log.warn("Directory: {} of {} ignored: {}", LOGON_HOURS, user, bad.getMessage());
            return null;
        }
    }

    /** Drops the groups read before {@code horizon}: a group deleted from the directory is not read again. */
    void forgetGroupsReadBefore(Instant horizon) {
        groups.values().removeIf(g -> g.readAt().isBefore(horizon));
    }

    private static List<String> values(SearchResultEntry e) {
        String[] v = e.getAttributeValues(MEMBER_OF);
        return v == null ? List.of() : List.of(v);
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
