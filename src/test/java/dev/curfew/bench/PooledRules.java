package dev.curfew.bench;

import dev.curfew.policy.RuleCompiler;
import dev.curfew.policy.RuleSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieContainerSessionsPool;

/**
 * The rules compiled as RuleCompiler does, in a RuleSet whose KieBase hands out stateless sessions
 * from a KieContainer's session pool (a session is reset instead of built anew per call). Measured
 * through an unchanged PolicyEngine, as a proposal: RuleSet keeps only the KieBase today.
 */
final class PooledRules {
    private static final AtomicLong BUILDS = new AtomicLong();

    private PooledRules() {
    }

    static RuleSet compile(Path rulesDir, int poolSize) {
        KieServices kie = KieServices.get();
        var kfs = kie.newKieFileSystem();
        ReleaseId release = kie.newReleaseId("dev.curfew.bench", "rules", "1." + BUILDS.incrementAndGet());
        kfs.generateAndWritePomXML(release);
        List<Path> files = RuleCompiler.drlFiles(rulesDir);
        for (Path file : files) {
            try {
                kfs.write("src/main/resources/curfew/" + file.getFileName(), Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": " + e.getMessage(), e);
            }
        }
        kie.newKieBuilder(kfs).buildAll(ExecutableModelProject.class);
        KieContainer container = kie.newKieContainer(release);
        kie.getRepository().removeKieModule(release);
        KieBase base = container.getKieBase();
        KieContainerSessionsPool pool = container.newKieSessionsPool(poolSize);
        KieBase pooled = (KieBase) Proxy.newProxyInstance(KieBase.class.getClassLoader(), new Class<?>[] {KieBase.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("newStatelessKieSession") && method.getParameterCount() == 0) {
                        return pool.newStatelessKieSession();
                    }
                    try {
                        return method.invoke(base, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return new RuleSet(pooled, files, List.of(), 0);
    }
}
