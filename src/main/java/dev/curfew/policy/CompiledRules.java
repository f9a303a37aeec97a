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
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.drools.model.Model;
import org.drools.modelcompiler.KieBaseBuilder;
import org.kie.api.KieBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rule sets compiled before, each the executable model's jar kept under a hash of the rule files,
 * curfew's own classes and the Drools version: a daemon restarted on unchanged rules loads their
 * classes in a fraction of a second instead of generating and compiling Java again. Two places are
 * looked in: the folder (the data folder's rules cache, written by every compilation) and, read only,
 * {@value #SHIPPED} of curfew's own class path, where the build puts the shipped rules compiled
 * ({@link ShipRules}), so that even a first start on the shipped rules compiles nothing. Anything
 * wrong with a kept jar makes it a miss, never an error.
 *
 * <pre>{@code
 * CompiledRules kept = new CompiledRules(Path.of("data/rules-cache"), CompiledRules.class.getClassLoader());
 * Optional<Loaded> set = kept.load(kept.key(texts));
 * }</pre>
 */
final class CompiledRules {
    private static final Logger log = LoggerFactory.getLogger(CompiledRules.class);
    private static final String MODEL_LIST = "/drools-model";
    private static final int KEPT = 8;
    /** Where on the class path the build puts the shipped rules compiled, as {@code <key>.jar}. */
    static final String SHIPPED = "curfew/rules-cache/";
    /** The Drools artifacts whose versions the generated classes depend on. */
    private static final List<String> DROOLS = List.of("org.kie/kie-api", "org.drools/drools-core",
            "org.drools/drools-model-codegen", "org.drools/drools-canonical-model");

    /** A set found compiled before, and whether it came from curfew's jar rather than the folder. */
    record Loaded(KieBase base, boolean shipped) {
    }

    /** The classes do not change while curfew runs: their stamp is taken once. */
    private static volatile String ownStamp;

    private final Path dir;
    private final ClassLoader shipped;

    /** With {@code shipped} null, only the folder is looked in. */
    CompiledRules(Path dir, ClassLoader shipped) {
        this.dir = dir;
        this.shipped = shipped;
    }

    Path dir() {
        return dir;
    }

    /**
     * The hash naming a rule set: its files' names and texts, curfew's classes and the Drools version.
     * Only contents count, never a file's time or place: the build's compilation of the shipped rules
     * (against target/classes) and a start from the jar made of them agree.
     */
    String key(Map<String, String> textsByResource) {
        MessageDigest sha = sha256();
        update(sha, "curfew rules cache 2");
        update(sha, codeStamp());
        for (String artifact : DROOLS) {
            update(sha, artifact + ":" + version(artifact));
        }
        update(sha, Runtime.version().feature() + "");
        textsByResource.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            update(sha, e.getKey());
            update(sha, e.getValue());
        });
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * The rules kept under {@code key} in the folder, else shipped in curfew's jar, as a new KieBase;
     * empty when neither has them or they cannot be used.
     */
    Optional<Loaded> load(String key) {
        Path jar = dir.resolve(key + ".jar");
        if (Files.isRegularFile(jar)) {
            try {
                KieBase base = base(Files.readAllBytes(jar));
                touch(jar);
                return Optional.of(new Loaded(base, false));
            } catch (IOException | ReflectiveOperationException | LinkageError | RuntimeException e) {
                log.warn("Rules cache: {} cannot be used ({}): compiling the rules instead", jar, e.toString());
                delete(jar);
            }
        }
        return shipped(key);
    }

    private Optional<Loaded> shipped(String key) {
        if (shipped == null) {
            return Optional.empty();
        }
        String resource = SHIPPED + key + ".jar";
        try (var in = shipped.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(new Loaded(base(in.readAllBytes()), true));
        } catch (IOException | ReflectiveOperationException | LinkageError | RuntimeException e) {
            log.warn("Rules cache: the shipped {} cannot be used ({}): compiling the rules instead", resource,
                    e.toString());
            return Optional.empty();
        }
    }

    private static KieBase base(byte[] jarBytes) throws IOException, ReflectiveOperationException {
        Map<String, byte[]> entries = unzip(jarBytes);
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
        return KieBaseBuilder.createKieBaseFromModel(models);
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
     * What identifies curfew's classes, which the rules are compiled against: a hash of every class
     * file below dev/curfew, from the jar or (tests, a development build) the classes folder.
     */
    static synchronized String codeStamp() {
        String s = ownStamp;
        if (s == null) {
            try {
                s = codeStamp(Path.of(CompiledRules.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
            } catch (URISyntaxException | RuntimeException e) {
                // An unknown origin gets a stamp of its own: no kept set can match it by mistake.
                s = "unknown:" + System.nanoTime();
            }
            ownStamp = s;
        }
        return s;
    }

    /** The stamp of the curfew classes in {@code code}, a jar or a classes folder. */
    static String codeStamp(Path code) {
        try {
            MessageDigest sha = sha256();
            if (Files.isRegularFile(code)) {
                try (ZipFile jar = new ZipFile(code.toFile())) {
                    List<? extends ZipEntry> classes = jar.stream().filter(e -> isOwnClass(e.getName()))
                            .sorted(Comparator.comparing(ZipEntry::getName)).toList();
                    for (ZipEntry e : classes) {
                        update(sha, e.getName());
                        try (var in = jar.getInputStream(e)) {
                            sha.update(in.readAllBytes());
                        }
                    }
                }
            } else {
                // Sorted by the names as a jar holds them (a Windows path sorts without case).
                Map<String, Path> classes = new TreeMap<>();
                try (Stream<Path> s = Files.walk(code)) {
                    s.forEach(p -> classes.put(code.relativize(p).toString().replace('\\', '/'), p));
                }
                for (Map.Entry<String, Path> e : classes.entrySet()) {
                    if (isOwnClass(e.getKey())) {
                        update(sha, e.getKey());
                        sha.update(Files.readAllBytes(e.getValue()));
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException | RuntimeException e) {
            return "unknown:" + System.nanoTime();
        }
    }

    private static boolean isOwnClass(String name) {
        return name.startsWith("dev/curfew/") && name.endsWith(".class");
    }

    /** An artifact's version from the pom.properties its jar carries (kept when curfew's jar is shaded). */
    private static String version(String artifact) {
        try (var in = CompiledRules.class.getResourceAsStream("/META-INF/maven/" + artifact + "/pom.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
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
