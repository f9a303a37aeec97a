package dev.curfew.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles the {@code *.drl} files of a folder with Drools' executable model into a {@link RuleSet}.
 * Each compilation gets its own release id, so a new set is built aside while the old one runs. A
 * start takes the classic builder's set when nothing is kept, and keeps the model in the background.
 *
 * <pre>{@code
 * RuleSet rules = new RuleCompiler(KieServices.get()).compile(Path.of("rules"));
 * }</pre>
 */
public final class RuleCompiler {
    private static final Logger log = LoggerFactory.getLogger(RuleCompiler.class);
    private final KieServices kie;
    private final CompiledRules kept;
    private final AtomicLong builds = new AtomicLong();
    /** Built by the classic builder at a start, its executable model not yet kept. */
    private Sources unkept;
    private boolean closed;

    public RuleCompiler(KieServices kie) {
        this(kie, null);
    }

    /**
     * With {@code cacheDir}, a rule set compiled before (same files, same curfew, same Drools) is
     * loaded from there instead of compiled again, and each new compilation is kept there.
     */
    public RuleCompiler(KieServices kie, Path cacheDir) {
        this(kie, cacheDir, false);
    }

    /**
     * As {@link #RuleCompiler(KieServices, Path)}; with {@code shipped}, also the shipped rules compiled
     * when curfew was built (on its class path) are loaded when the folder's files are the same.
     */
    public RuleCompiler(KieServices kie, Path cacheDir, boolean shipped) {
        this(kie, cacheDir, shipped ? RuleCompiler.class.getClassLoader() : null);
    }

    /** With the shipped sets looked up through {@code shipped} (tests give their own). */
    RuleCompiler(KieServices kie, Path cacheDir, ClassLoader shipped) {
        this.kie = kie;
        this.kept = cacheDir == null ? null : new CompiledRules(cacheDir, shipped);
    }

    /**
     * Takes the stamp of curfew's own classes that names kept rule sets (a fifth of a second: every class
     * read from the jar) on a thread of its own, so a start that needs it soon finds it taken.
     */
    public static void stampInBackground() {
        Thread stamp = new Thread(CompiledRules::codeStamp, "curfew-code-stamp");
        stamp.setDaemon(true);
        stamp.start();
    }

    /** Compiles every {@code .drl} in {@code dir}; throws {@link RulesException} with file and line on errors. */
    public RuleSet compile(Path dir) {
        Sources sources = read(dir);
        return kept(sources).orElseGet(() -> compileModel(sources));
    }

    /**
     * As {@link #compile}, for a start, where the first sweep waits for the rules: a set that was not kept
     * before is built by Drools' classic builder, in about half the time of the executable model. The
     * executable model of the same files is compiled and kept by {@link #keepInBackground}, so the next
     * start loads it. Rules the classic builder rejects are compiled as {@link #compile} does, for the same
     * errors.
     */
    public RuleSet compileForStart(Path dir) {
        Sources sources = read(dir);
        Optional<RuleSet> loaded = kept(sources);
        if (loaded.isPresent()) {
            return loaded.get();
        }
        long started = System.nanoTime();
        ReleaseId release = nextRelease();
        KieBase base = null;
        try {
            KieBuilder builder = kie.newKieBuilder(fileSystem(sources, release)).buildAll();
            if (builder.getResults().getMessages(Message.Level.ERROR).isEmpty()) {
                base = kie.newKieContainer(release).getKieBase();
            }
        } catch (RuntimeException e) {
            log.debug("Rules: the classic builder failed, compiling the executable model for its errors", e);
        } finally {
            kie.getRepository().removeKieModule(release);
        }
        if (base == null) {
            return compileModel(sources);
        }
        synchronized (this) {
            unkept = sources.key == null ? null : sources;
        }
        return new RuleSet(base, sources.files, ruleNames(base), (System.nanoTime() - started) / 1_000_000,
                RuleSet.Made.CLASSIC);
    }

    /**
     * Compiles the executable model of the rules the last {@link #compileForStart} built with the classic
     * builder, on a thread of its own after {@code pause} (a start's first sweeps go first), and keeps it in
     * the rules cache. The future gives that set; null when there was nothing to keep or it could not be
     * kept (said in the log); or fails with the {@link RulesException} of rules the executable model rejects
     * (stricter about types than the classic builder: a number compared with text, an enum with a string).
     */
    public CompletableFuture<RuleSet> keepInBackground(Duration pause) {
        Sources sources;
        synchronized (this) {
            sources = unkept;
            unkept = null;
        }
        CompletableFuture<RuleSet> done = new CompletableFuture<>();
        if (sources == null) {
            done.complete(null);
            return done;
        }
        Thread keeper = new Thread(() -> {
            try {
                Thread.sleep(pause.toMillis());
                RuleSet set = compileModel(sources);
                if (isClosed()) {
                    done.complete(null);
                    return;
                }
                log.info("Rules: the executable model {}, kept in {} for the next start", set.howMade(), kept.dir());
                done.complete(set);
            } catch (RulesException e) {
                done.completeExceptionally(e);
            } catch (RuntimeException | LinkageError e) {
                log.warn("Rules: the executable model could not be compiled for the rules cache: {}", e.toString());
                done.complete(null);
            } catch (InterruptedException e) {
                done.complete(null);
            }
        }, "curfew-rules-keeper");
        keeper.setDaemon(true);
        keeper.start();
        return done;
    }

    /** From now on nothing is kept in the rules cache: its folder may be going away (a stop, a test's end). */
    public synchronized void close() {
        closed = true;
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** The rule files of {@code dir}, read, and the cache key of their texts. */
    private record Sources(Path dir, List<Path> files, Map<String, Path> resources, Map<Path, String> texts,
            Map<String, String> textsByResource, String key) {
    }

    private Sources read(Path dir) {
        List<Path> files = drlFiles(dir);
        Map<String, Path> resources = new LinkedHashMap<>();
        Map<Path, String> texts = new HashMap<>();
        Map<String, String> textsByResource = new HashMap<>();
        for (Path file : files) {
            String resource = resourceName(dir, file);
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                texts.put(file, text);
                resources.put(resource, file);
                textsByResource.put(resource, text);
            } catch (IOException e) {
                throw new RulesException(file + ": cannot be read: " + e.getMessage());
            }
        }
        return new Sources(dir, files, resources, texts, textsByResource,
                kept == null ? null : kept.key(textsByResource));
    }

    private Optional<RuleSet> kept(Sources sources) {
        if (sources.key == null) {
            return Optional.empty();
        }
        long started = System.nanoTime();
        return kept.load(sources.key).map(loaded -> new RuleSet(loaded.base(), sources.files, ruleNames(loaded.base()),
                (System.nanoTime() - started) / 1_000_000, loaded.shipped() ? RuleSet.Made.SHIPPED : RuleSet.Made.KEPT));
    }

    private ReleaseId nextRelease() {
        return kie.newReleaseId("dev.curfew", "rules", "1." + builds.incrementAndGet());
    }

    private KieFileSystem fileSystem(Sources sources, ReleaseId release) {
        KieFileSystem kfs = kie.newKieFileSystem();
        kfs.generateAndWritePomXML(release);
        sources.resources.keySet().forEach(resource -> kfs.write("src/main/resources/" + resource,
                sources.textsByResource.get(resource).getBytes(StandardCharsets.UTF_8)));
        return kfs;
    }

    /** The executable model: Java generated and compiled; kept in the cache when there is one. */
    private RuleSet compileModel(Sources sources) {
        long started = System.nanoTime();
        ReleaseId release = nextRelease();
        KieBuilder builder;
        try {
            builder = kie.newKieBuilder(fileSystem(sources, release)).buildAll(ExecutableModelProject.class);
        } catch (RuntimeException e) {
            throw new RulesException(List.of(new RuleError(sources.dir.toString(), 0,
                    "Drools failed: " + RuleErrorLocator.oneLine(e.getMessage()))));
        }
        List<Message> messages = builder.getResults().getMessages(Message.Level.ERROR);
        if (!messages.isEmpty()) {
            List<RuleError> errors = new RuleErrorLocator(sources.resources, sources.texts, sources.dir).locate(messages);
            throw new RulesException(errors.isEmpty()
                    ? List.of(new RuleError(sources.dir.toString(), 0, "the rules did not compile")) : errors);
        }
        KieContainer container = kie.newKieContainer(release);
        KieBase base = container.getKieBase();
        kie.getRepository().removeKieModule(release);
        if (sources.key != null) {
            byte[] jar = ((InternalKieModule) builder.getKieModule()).getBytes();
            synchronized (this) {
                if (!closed) {
                    kept.store(sources.key, jar);
                }
            }
        }
        return new RuleSet(base, sources.files, ruleNames(base), (System.nanoTime() - started) / 1_000_000,
                RuleSet.Made.COMPILED);
    }

    private static List<String> ruleNames(KieBase base) {
        List<String> names = new ArrayList<>();
        for (KiePackage p : base.getKiePackages()) {
            for (Rule r : p.getRules()) {
                names.add(r.getName());
            }
        }
        names.sort(String::compareTo);
        return names;
    }

    /** The rule files of {@code dir}, sorted; a missing or empty folder is an error naming it. */
    public static List<Path> drlFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new RulesException(dir + ": rules folder not found (give it with --rules DIR)");
        }
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(".drl"))
                    .filter(Files::isRegularFile).sorted().toList();
            if (files.isEmpty()) {
                throw new RulesException(dir + ": no .drl files in the rules folder");
            }
            return files;
        } catch (IOException e) {
            throw new RulesException(dir + ": cannot be read: " + e.getMessage());
        }
    }

    /** The file's path below the rules folder, so two files of one name in subfolders stay apart. */
    private static String resourceName(Path dir, Path file) {
        return "curfew/" + dir.relativize(file).toString().replace('\\', '/');
    }
}
