package dev.curfew.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;

/**
 * Compiles the {@code *.drl} files of a folder with Drools' executable model into a {@link RuleSet}:
 * the start, a reload and {@code rules check} all compile this way, so they accept and reject the
 * same rules with the same errors. Each compilation gets its own release id, so a new set is built
 * aside while the old one runs.
 *
 * <pre>{@code
 * RuleSet rules = new RuleCompiler(KieServices.get()).compile(Path.of("rules"));
 * }</pre>
 */
public final class RuleCompiler {
    /** What a rule writes to read the sessions' processes: {@code programs}, {@code cpuSeconds}, {@code runs(...)}. */
    private static final java.util.regex.Pattern PROCESS_FACTS =
            java.util.regex.Pattern.compile("\\b(programs|cpuSeconds|runs)\\b");

    private final KieServices kie;
    private final AtomicLong builds = new AtomicLong();

    public RuleCompiler(KieServices kie) {
        this.kie = kie;
    }

    /** Compiles every {@code .drl} in {@code dir}; throws {@link RulesException} with file and line on errors. */
    public RuleSet compile(Path dir) {
        long started = System.nanoTime();
        List<Path> files = drlFiles(dir);
        Map<String, Path> resources = new LinkedHashMap<>();
        Map<Path, String> texts = new HashMap<>();
        ReleaseId release = kie.newReleaseId("dev.curfew", "rules", "1." + builds.incrementAndGet());
        KieFileSystem kfs = kie.newKieFileSystem();
        kfs.generateAndWritePomXML(release);
        for (Path file : files) {
            String resource = resourceName(dir, file);
            String text = read(file);
            resources.put(resource, file);
            texts.put(file, text);
            kfs.write("src/main/resources/" + resource, text.getBytes(StandardCharsets.UTF_8));
        }
        KieBuilder builder;
        try {
            builder = kie.newKieBuilder(kfs).buildAll(ExecutableModelProject.class);
        } catch (RuntimeException e) {
            throw new RulesException(List.of(new RuleError(dir.toString(), 0,
                    "Drools failed: " + RuleErrorLocator.oneLine(e.getMessage()))));
        }
        List<Message> messages = builder.getResults().getMessages(Message.Level.ERROR);
        if (!messages.isEmpty()) {
            List<RuleError> errors = new RuleErrorLocator(resources, texts, dir).locate(messages);
            throw new RulesException(errors.isEmpty()
                    ? List.of(new RuleError(dir.toString(), 0, "the rules did not compile")) : errors);
        }
        KieBase base = kie.newKieContainer(release).getKieBase();
        // The container's classes stay with the base; the repository would otherwise hold every set ever built.
        kie.getRepository().removeKieModule(release);
        return new RuleSet(base, files, ruleNames(base), (System.nanoTime() - started) / 1_000_000,
                texts.values().stream().anyMatch(t -> PROCESS_FACTS.matcher(t).find()));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RulesException(file + ": cannot be read: " + e.getMessage());
        }
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
