package dev.curfew.policy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.drools.model.Model;
import org.drools.modelcompiler.KieBaseBuilder;
import org.kie.api.KieBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder of rule sets compiled before, each the executable model's jar kept under a hash of the
 * rule files, curfew's own classes and the Drools version: a daemon restarted on unchanged rules
 * loads their classes in a fraction of a second instead of generating and compiling Java again.
 * Anything wrong with a kept jar makes it a miss, never an error.
 *
 * <pre>{@code
 * CompiledRules kept = new CompiledRules(Path.of("data/rules-cache"));
 * Optional<KieBase> base = kept.load(kept.key(texts));
 * }</pre>
 */
final class CompiledRules {
    private static final Logger log = LoggerFactory.getLogger(CompiledRules.class);
    private static final String MODEL_LIST = "/drools-model";
    private static final int KEPT = 8;

    private final Path dir;

    CompiledRules(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** The hash naming a rule set: its files' names and texts, curfew's classes and the Drools version. */
    String key(Map<String, String> textsByResource) {
        MessageDigest sha = sha256();
        update(sha, "curfew rules cache 1");
        update(sha, codeStamp());
        update(sha, String.valueOf(KieBase.class.getPackage().getImplementationVersion()));
        update(sha, String.valueOf(Model.class.getPackage().getImplementationVersion()));
        update(sha, Runtime.version().feature() + "");
        textsByResource.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            update(sha, e.getKey());
            update(sha, e.getValue());
        });
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The rules kept under {@code key}, as a new KieBase; empty when none are kept or they cannot be used. */
    Optional<KieBase> load(String key) {
        Path jar = dir.resolve(key + ".jar");
        if (!Files.isRegularFile(jar)) {
            return Optional.empty();
        }
        try {
            Map<String, byte[]> entries = unzip(Files.readAllBytes(jar));
            List<Model> models = new ArrayList<>();
            ClassLoader loader = new BytesClassLoader(entries, CompiledRules.class.getClassLoader());
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                if (e.getKey().endsWith(MODEL_LIST)) {
                    for (String line : new String(e.getValue(), StandardCharsets.UTF_8).split("\\R")) {
                        if (!line.isBlank() && !line.contains(":")) {
                            models.add((Model) loader.loadClass(line.strip()).getConstructor().newInstance());
                        }
                    }
                }
            }
            if (models.isEmpty()) {
                throw new IOException("no model listed");
            }
            touch(jar);
            return Optional.of(KieBaseBuilder.createKieBaseFromModel(models));
        } catch (IOException | ReflectiveOperationException | LinkageError | RuntimeException e) {
            log.warn("Rules cache: {} cannot be used ({}): compiling the rules instead", jar, e.toString());
            delete(jar);
            return Optional.empty();
        }
    }

    /** Keeps {@code jarBytes} under {@code key}; a folder that cannot be written only costs the next start its time. */
    void store(String key, byte[] jarBytes) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, key, ".tmp");
            Files.write(tmp, jarBytes);
            try {
                Files.move(tmp, dir.resolve(key + ".jar"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(key + ".jar"), StandardCopyOption.REPLACE_EXISTING);
            }
            prune();
        } catch (IOException | UncheckedIOException e) {
            log.warn("Rules cache: cannot keep the compiled rules in {} ({}): the next start compiles them again", dir,
                    e.toString());
        }
    }

    /** Only the most recently used sets are kept: rules edited all day would otherwise fill the folder. */
    private void prune() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> jars = s.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .sorted(Comparator.comparing(CompiledRules::modified).reversed()).toList();
            jars.stream().skip(KEPT).forEach(CompiledRules::delete);
        }
    }

    private static Map<String, byte[]> unzip(byte[] jar) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (!e.isDirectory()) {
                    entries.put(e.getName(), zip.readAllBytes());
                }
            }
        }
        return entries;
    }

    /**
     * What identifies curfew's classes, which the rules are compiled against: the jar's size and
     * time, or for a classes folder (tests, a development build) every class file's.
     */
    static String codeStamp() {
        try {
            Path code = Path.of(CompiledRules.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(code)) {
                return code.getFileName() + ":" + Files.size(code) + ":" + Files.getLastModifiedTime(code).toMillis();
            }
            try (Stream<Path> s = Files.walk(code)) {
                StringBuilder b = new StringBuilder();
                s.filter(p -> p.toString().endsWith(".class")).sorted().forEach(p -> b.append(code.relativize(p))
                        .append(':').append(modified(p)).append(';'));
                return b.toString();
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // An unknown origin gets a stamp of its own: no kept set can match it by mistake.
            return "unknown:" + System.nanoTime();
        }
    }

    private static void touch(Path jar) {
        try {
            Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            log.debug("Rules cache: cannot touch {}", jar, e);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            log.debug("Rules cache: cannot delete {}", p, e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static void update(MessageDigest sha, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) ':');
        sha.update(bytes);
    }

    /** Defines the kept jar's classes from memory, so no file stays open (a Windows file in use cannot be deleted). */
    private static final class BytesClassLoader extends ClassLoader {
        private final Map<String, byte[]> entries;

        BytesClassLoader(Map<String, byte[]> entries, ClassLoader parent) {
            super("curfew-rules", parent);
            this.entries = entries;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = entries.get(name.replace('.', '/') + ".class");
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
