package dev.curfew.directory;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.LDAPException;
import dev.curfew.config.DirectoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real LDAP server for the tests, in-process on a loopback port (UnboundID's in-memory server),
 * holding a small school: nested groups three deep, a cycle of groups, a user in no group, and
 * names beyond ASCII. Its listener can be stopped and started again on the same port, and its
 * searches delayed, as a directory that goes down or answers slowly.
 */
public final class TestLdap implements AutoCloseable {
    public static final String BASE = "DC=school,DC=local";
    public static final String BIND_DN = "CN=curfew,OU=Service,DC=school,DC=local";
    public static final String PASSWORD = "s3cret-Pa55";

    private final InMemoryDirectoryServer server;
    private final int port;
    private final AtomicInteger searches = new AtomicInteger();
    private volatile long delayMillis;

    public TestLdap() throws Exception {
        port = freePort();
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        // No schema: AD's attributes (sAMAccountName, memberOf) are not in the standard one.
        config.setSchema(null);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), port,
                null));
        config.addInMemoryOperationInterceptor(new InMemoryOperationInterceptor() {
            @Override
            public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
                searches.incrementAndGet();
                long delay = delayMillis;
                if (delay > 0) {
                    try {
                        Thread.sleep(delay);   // a slow directory, not a wait for a result
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        });
        server = new InMemoryDirectoryServer(config);
        server.add("dn: " + BASE, "objectClass: domain", "dc: school");
        for (String ou : List.of("Service", "Groups", "People")) {
            server.add("dn: OU=" + ou + "," + BASE, "objectClass: organizationalUnit", "ou: " + ou);
        }
        server.add("dn: " + BIND_DN, "objectClass: person", "cn: curfew", "sn: curfew", "userPassword: " + PASSWORD);
        group("Everyone");
        group("Pupils", "Everyone");
        group("Students", "Pupils");
        group("Ring A", "Ring B");
        group("Ring B", "Ring A");
        group("Schüler");
        group("学生", "Schüler");
        group("Élèves");
        user("alice", "Students");
        user("bob", "Ring A");
        user("carol");
        user("jürgen", "学生");
        user("renée", "Élèves");
        server.startListening();
    }

    private void group(String name, String... parents) throws Exception {
        String[] lines = new String[3 + parents.length];
        lines[0] = "dn: CN=" + name + ",OU=Groups," + BASE;
        lines[1] = "objectClass: group";
        lines[2] = "cn: " + name;
        for (int i = 0; i < parents.length; i++) {
            lines[3 + i] = "memberOf: CN=" + parents[i] + ",OU=Groups," + BASE;
        }
        server.add(lines);
    }

    /** A user more, in {@code groups} directly. */
    public void user(String name, String... groups) throws Exception {
        String[] lines = new String[4 + groups.length];
        lines[0] = "dn: CN=" + name + ",OU=People," + BASE;
        lines[1] = "objectClass: user";
        lines[2] = "cn: " + name;
        lines[3] = "sAMAccountName: " + name;
        for (int i = 0; i < groups.length; i++) {
            lines[4 + i] = "memberOf: CN=" + groups[i] + ",OU=Groups," + BASE;
        }
        server.add(lines);
    }

    /** A user more, in {@code groups} directly, with AD's {@code logonHours} (21 bytes). */
    public void userWithHours(String name, byte[] logonHours, String... groups) throws Exception {
        user(name, groups);
        logonHours(name, logonHours);
    }

    /** Gives the user {@code name} AD's {@code logonHours} (21 bytes). */
    public void logonHours(String name, byte[] logonHours) throws Exception {
        server.modify("CN=" + name + ",OU=People," + BASE,
                new com.unboundid.ldap.sdk.Modification(com.unboundid.ldap.sdk.ModificationType.ADD, "logonHours",
                        logonHours));
    }

    /** The configuration of a directory on this server, with its password in {@code passwordFile}. */
    public DirectoryConfig config(java.nio.file.Path passwordFile, String domain, Duration timeout) {
        return new DirectoryConfig(List.of(url()), BIND_DN, passwordFile, null, BASE, null, null, timeout, domain);
    }

    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    public int searches() {
        return searches.get();
    }

    /** Each search answered {@code delay} late from now on. */
    public void delay(Duration delay) {
        delayMillis = delay.toMillis();
    }

    /** The server stops listening and drops its connections, as a domain controller that goes away. */
    public void stop() {
        server.shutDown("ldap", true);
    }

    public void start() throws LDAPException {
        server.startListening("ldap");
    }

    @Override
    public void close() {
        delayMillis = 0;
        server.shutDown(true);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
