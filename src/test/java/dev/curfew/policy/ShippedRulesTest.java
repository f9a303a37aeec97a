package dev.curfew.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kie.api.KieServices;

/**
 * The shipped rules compiled by the build (ShipRules) are loaded on a first start with an empty data
 * folder, decide as the compiled rules do, and are passed over for edited rules or a damaged set.
 */
class ShippedRulesTest {
    @TempDir
    Path tmp;

    /** What the build does: ShipRules into {@code root}/curfew/rules-cache; a class loader seeing {@code root}. */
    ClassLoader shipped(Path root) throws IOException {
        ShipRules.main(new String[] {"rules", root.resolve(CompiledRules.SHIPPED).toString()});
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
    }

    List<Path> jars(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".jar")).toList();
        }
    }

    @Test
    void aFirstStartOnTheShippedRulesLoadsTheBuildsSetAndDecidesTheSame() throws IOException {
        ClassLoader jar = shipped(tmp.resolve("jar"));
        Path rules = new CompiledRulesTest().copyOfShippedRulesInto(tmp);
        Path emptyData = tmp.resolve("data/rules-cache");

        RuleSet loaded = new RuleCompiler(KieServices.get(), emptyData, jar).compile(rules);
        RuleSet compiled = new RuleCompiler(KieServices.get()).compile(rules);

        assertThat(loaded.made()).isEqualTo(RuleSet.Made.SHIPPED);
        assertThat(loaded.howMade()).startsWith("loaded in ").endsWith("(the shipped rules, compiled when curfew was built)");
        assertThat(compiled.made()).isEqualTo(RuleSet.Made.COMPILED);
        assertThat(loaded.ruleNames()).isEqualTo(compiled.ruleNames()).contains("idle limit");
        List<String> fresh = CompiledRulesTest.decisions(compiled, null);
        assertThat(fresh).hasSizeGreaterThanOrEqualTo(4);
        assertThat(CompiledRulesTest.decisions(loaded, null)).isEqualTo(fresh);
        Closing closing = Closing.now(CompiledRulesTest.NOW.plusSeconds(60));
        assertThat(CompiledRulesTest.decisions(loaded, closing)).isEqualTo(CompiledRulesTest.decisions(compiled, closing));
    }

    @Test
    void anEditedRuleIsCompiledAndKeptInTheDataFolderNotTakenFromTheJar() throws IOException {
        ClassLoader jar = shipped(tmp.resolve("jar"));
        Path rules = new CompiledRulesTest().copyOfShippedRulesInto(tmp);
        Path idle = rules.resolve("idle.drl");
        Files.writeString(idle, Files.readString(idle) + "\n// edited\n");
        Path data = tmp.resolve("data/rules-cache");

        RuleSet edited = new RuleCompiler(KieServices.get(), data, jar).compile(rules);

        assertThat(edited.made()).isEqualTo(RuleSet.Made.COMPILED);
        assertThat(jars(data)).hasSize(1);
        assertThat(new RuleCompiler(KieServices.get(), data, jar).compile(rules).made()).isEqualTo(RuleSet.Made.KEPT);
    }

    @Test
    void aDamagedShippedSetIsCompiledInstead() throws IOException {
        Path root = tmp.resolve("jar");
        ClassLoader jar = shipped(root);
        Path set = jars(root.resolve(CompiledRules.SHIPPED)).get(0);
        Files.write(set, new byte[] {'P', 'K', 3, 4, 1, 2, 3});
        Path rules = new CompiledRulesTest().copyOfShippedRulesInto(tmp);

        RuleSet again = new RuleCompiler(KieServices.get(), tmp.resolve("data/rules-cache"), jar).compile(rules);

        assertThat(again.made()).isEqualTo(RuleSet.Made.COMPILED);
        assertThat(again.ruleNames()).contains("idle limit");
    }

    @Test
    void theBuildKeepsOnlyTheSetOfItsOwnRules() throws IOException {
        Path out = tmp.resolve("jar").resolve(CompiledRules.SHIPPED);
        Files.createDirectories(out);
        Files.write(out.resolve("0123.jar"), new byte[] {1, 2, 3});

        shipped(tmp.resolve("jar"));

        assertThat(jars(out)).singleElement()
                .satisfies(p -> assertThat(p.getFileName().toString()).hasSize(64 + ".jar".length()));
    }

    @Test
    void rulesThatDoNotCompileAreNotShippedAndTheBuildGoesOn() throws IOException {
        Path rules = new CompiledRulesTest().copyOfShippedRulesInto(tmp);
        Files.writeString(rules.resolve("broken.drl"), "package curfew.rules;\nrule \"broken\" when then nonsense( end\n");
        Path out = tmp.resolve("jar").resolve(CompiledRules.SHIPPED);

        ShipRules.main(new String[] {rules.toString(), out.toString()});

        assertThat(Files.exists(out) ? jars(out) : List.of()).isEmpty();
    }

    /** The build compiles against the classes folder, a start runs from the jar: their stamps must agree. */
    @Test
    void curfewsClassesStampTheSameFromTheirFolderAndFromAJarOfThemAndNoOtherWay() throws IOException {
        Path classes = Path.of(CompiledRules.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        assertThat(classes.resolve("dev/curfew/policy/CompiledRules.class")).exists();
        Path jar = tmp.resolve("curfew.jar");
        List<Path> own;
        try (Stream<Path> s = Files.walk(classes.resolve("dev/curfew"))) {
            own = s.filter(p -> p.toString().endsWith(".class")).toList();
        }
        writeJar(jar, classes, own, null);
        Path changed = tmp.resolve("changed.jar");
        writeJar(changed, classes, own, "dev/curfew/policy/RuleSet.class");

        String folder = CompiledRules.codeStamp(classes);

        assertThat(folder).hasSize(64);
        assertThat(CompiledRules.codeStamp(jar)).isEqualTo(folder);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(0));
        assertThat(CompiledRules.codeStamp(jar)).isEqualTo(folder);
        assertThat(CompiledRules.codeStamp(changed)).isNotEqualTo(folder);
    }

    /** A jar of {@code files} (in reverse order, with other entries around), one byte added to {@code alter}. */
    static void writeJar(Path jar, Path root, List<Path> files, String alter) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("META-INF/maven/other/pom.properties"));
            zip.write("version=1\n".getBytes());
            List<Path> reversed = new ArrayList<>(files);
            Collections.reverse(reversed);
            for (Path f : reversed) {
                String name = root.relativize(f).toString().replace('\\', '/');
                zip.putNextEntry(new ZipEntry(name));
                zip.write(Files.readAllBytes(f));
                if (name.equals(alter)) {
                    zip.write(0);
                }
            }
            zip.putNextEntry(new ZipEntry("org/other/Thing.class"));
            zip.write(new byte[] {1});
        }
    }
}
