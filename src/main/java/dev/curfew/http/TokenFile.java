package dev.curfew.http;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * The files in the data folder through which the commands reach the running daemon: {@code
 * http.token}, the bearer token made at each start, readable by the daemon's account alone (POSIX
 * 600; on Windows an ACL granting full control to the owner, Administrators and SYSTEM only, with
 * inheritance cut), and {@code http.endpoint}, the URL the daemon listens on. Both are removed
 * when the daemon stops.
 */
public final class TokenFile {
    public static final String TOKEN = "http.token";
    public static final String ENDPOINT = "http.endpoint";

    private TokenFile() {
    }

    /** A new random token written to {@code dir/http.token}, readable by this account only. */
    static String create(Path dir) throws IOException {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        write(dir, TOKEN, token);
        return token;
    }

    static void writeEndpoint(Path dir, String url) throws IOException {
        write(dir, ENDPOINT, url);
    }

    /** The daemon's URL and token from {@code dir}, when a daemon wrote them and this account may read them. */
    public static Optional<String[]> read(Path dir) {
        try {
            Path url = dir.resolve(ENDPOINT);
            Path token = dir.resolve(TOKEN);
            if (!Files.isRegularFile(url) || !Files.isRegularFile(token)) {
                return Optional.empty();
            }
            return Optional.of(new String[] {Files.readString(url).trim(), Files.readString(token).trim()});
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static void remove(Path dir) {
        for (String name : List.of(ENDPOINT, TOKEN)) {
            try {
                Files.deleteIfExists(dir.resolve(name));
            } catch (IOException e) {
                // A stale file is harmless: the next start replaces it, and a command finds no daemon behind it.
            }
        }
    }

    /** Written aside with its permissions set before any content, then moved in place. */
    private static void write(Path dir, String name, String text) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(name + ".tmp");
        Files.deleteIfExists(tmp);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
            ownerOnly(tmp);
        }
        Files.writeString(tmp, text + System.lineSeparator());
        Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Windows: full control for the owner, Administrators and SYSTEM; the inherited entries are replaced. */
    private static void ownerOnly(Path file) throws IOException {
        AclFileAttributeView view = Files.getFileAttributeView(file, AclFileAttributeView.class);
        if (view == null) {
            return;
        }
        UserPrincipalLookupService lookup = file.getFileSystem().getUserPrincipalLookupService();
        List<UserPrincipal> who = new ArrayList<>(List.of(view.getOwner()));
        for (String group : List.of("BUILTIN\\Administrators", "NT AUTHORITY\\SYSTEM")) {
            try {
                who.add(lookup.lookupPrincipalByName(group));
            } catch (IOException e) {
                // Not on this machine (not Windows): the owner alone.
            }
        }
        List<AclEntry> acl = new ArrayList<>();
        for (UserPrincipal p : who) {
            acl.add(AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(p)
                    .setPermissions(EnumSet.allOf(AclEntryPermission.class)).build());
        }
        view.setAcl(acl);
    }
}
