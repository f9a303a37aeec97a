package dev.curfew.bench;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.Schema;
import dev.curfew.config.DirectoryConfig;
import dev.curfew.directory.Directory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The fleet's users in a real LDAP server, in-process on a loopback port (UnboundID's in-memory
 * server): user {@code u<server>-<session>} of every fleet session, each in one of 20 class groups,
 * themselves in {@code Students}, in {@code Everyone} (three deep), opened as the daemon opens its
 * directory. Lookups are then the daemon's own: one search per user, the groups read once. The server
 * has the standard schema with AD's attributes, and equality indexes on {@code sAMAccountName} and
 * {@code memberOf}, so a user's search does not scan the 50,000 entries.
 *
 * <pre>{@code
 * try (FleetDirectory d = FleetDirectory.start(1000, 50, clock)) {
 *     new Sweeper(..., d.directory()::withGroups);
 * }
 * }</pre>
 */
final class FleetDirectory implements AutoCloseable {
    static final String BASE = "DC=bench,DC=local";
    static final int CLASSES = 20;

    /** AD's attributes and classes the fleet's entries use (OIDs as Active Directory's schema gives them). */
    static final Schema AD_SCHEMA = adSchema();

    private final InMemoryDirectoryServer server;
    private final Directory directory;
    private final long users;

    private FleetDirectory(InMemoryDirectoryServer server, Directory directory, long users) {
        this.server = server;
        this.directory = directory;
        this.users = users;
    }

    static FleetDirectory start(int servers, int sessions, Clock clock) throws LDAPException, com.unboundid.ldif.LDIFException {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        // An index needs a schema: the standard one and AD's attributes, so that a user's search is one
        // indexed look-up as on a domain controller, not a scan of every entry.
        config.setSchema(Schema.mergeSchemas(Schema.getDefaultStandardSchema(), AD_SCHEMA));
        config.setEqualityIndexAttributes("sAMAccountName", "memberOf");
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0,
                null));
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        server.add("dn: " + BASE, "objectClass: domain", "dc: bench");
        server.add("dn: OU=Groups," + BASE, "objectClass: organizationalUnit", "ou: Groups");
        server.add("dn: OU=People," + BASE, "objectClass: organizationalUnit", "ou: People");
        server.add(group("Everyone", null));
        server.add(group("Students", "Everyone"));
        for (int c = 1; c <= CLASSES; c++) {
            server.add(group(className(c), "Students"));
        }
        long n = 0;
        for (int s = 1; s <= servers; s++) {
            for (int id = 1; id <= sessions; id++) {
                String name = "u" + s + "-" + id;
                Entry e = new Entry("CN=" + name + ",OU=People," + BASE);
                e.addAttribute("objectClass", "user");
                e.addAttribute("cn", name);
                e.addAttribute("sAMAccountName", name);
                e.addAttribute("memberOf", "CN=" + className((int) (n % CLASSES) + 1) + ",OU=Groups," + BASE);
                server.add(e);
                n++;
            }
        }
        server.startListening();
        DirectoryConfig dc = new DirectoryConfig(List.of("ldap://127.0.0.1:" + server.getListenPort()), null, null,
                null, BASE, null, null, Duration.ofSeconds(5), "BENCH");
        return new FleetDirectory(server, Directory.open(dc, null, status -> { }, clock), n);
    }

    private static Schema adSchema() {
        try {
            return new Schema(new Entry("cn=schema",
                    new com.unboundid.ldap.sdk.Attribute("objectClass", "top", "ldapSubentry", "subschema"),
                    new com.unboundid.ldap.sdk.Attribute("attributeTypes",
                            "( 1.2.840.113556.1.4.221 NAME 'sAMAccountName' EQUALITY caseIgnoreMatch"
                                    + " SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )",
                            "( 1.2.840.113556.1.4.222 NAME 'memberOf' EQUALITY distinguishedNameMatch"
                                    + " SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 )",
                            "( 1.2.840.113556.1.4.64 NAME 'logonHours'"
                                    + " SYNTAX 1.3.6.1.4.1.1466.115.121.1.40 SINGLE-VALUE )"),
                    new com.unboundid.ldap.sdk.Attribute("objectClasses",
                            "( 1.2.840.113556.1.5.9 NAME 'user' SUP top STRUCTURAL MUST cn"
                                    + " MAY ( sAMAccountName $ memberOf $ logonHours ) )",
                            "( 1.2.840.113556.1.5.8 NAME 'group' SUP top STRUCTURAL MUST cn MAY memberOf )")));
        } catch (RuntimeException e) {
            throw new IllegalStateException("the bench's AD schema: " + e.getMessage(), e);
        }
    }

    private static String className(int c) {
        return String.format("Class %02d", c);
    }

    private static Entry group(String name, String parent) {
        Entry e = new Entry("CN=" + name + ",OU=Groups," + BASE);
        e.addAttribute("objectClass", "group");
        e.addAttribute("cn", name);
        if (parent != null) {
            e.addAttribute("memberOf", "CN=" + parent + ",OU=Groups," + BASE);
        }
        return e;
    }

    Directory directory() {
        return directory;
    }

    long users() {
        return users;
    }

    @Override
    public void close() {
        directory.close();
        server.shutDown(true);
    }
}
