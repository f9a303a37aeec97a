package dev.curfew.windows;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test the {@link FakeEventLog}: the fake advapi32 compiled once per JVM (by
 * {@link FakeAdvapi32Extension}, kept in the root store), reset and released before each test, and
 * checked after each passing test for event sources and registry keys left open. Not on Windows,
 * where "advapi32" is the real one.
 */
public final class FakeEventLogExtension implements ParameterResolver, BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FakeEventLog.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FakeEventLog.class;
    }

    @Override
    public FakeEventLog resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return fake(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        fake(context).reset();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        FakeEventLog fake = fake(context);
        fake.release();
        if (context.getExecutionException().isEmpty()) {
            fake.assertAllClosed();
        }
    }

    private static FakeEventLog fake(ExtensionContext context) {
        FakeAdvapi32Extension.fake(context);   // compiles the one fake advapi32, once per JVM
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(FakeEventLog.class,
                key -> FakeEventLog.build(), FakeEventLog.class);
    }
}
