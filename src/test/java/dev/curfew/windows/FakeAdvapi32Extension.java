package dev.curfew.windows;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.sun.jna.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test a {@link FakeAdvapi32}: compiled once per JVM (kept in the root store), reset before each
 * test, and checked after each test for handles not closed. Not on Windows, where "Advapi32" would be
 * the real one and the tests would install real services.
 */
final class FakeAdvapi32Extension implements ParameterResolver, BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FakeAdvapi32.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FakeAdvapi32.class;
    }

    @Override
    public FakeAdvapi32 resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return fake(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        fake(context).reset();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (context.getExecutionException().isEmpty()) {
            fake(context).assertNoLeaks();
        }
    }

    static FakeAdvapi32 fake(ExtensionContext context) {
        assumeFalse(Platform.isWindows(), "the fake advapi32 replaces the real one only off Windows");
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(FakeAdvapi32.class, key -> {
            try {
                return FakeAdvapi32.build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, FakeAdvapi32.class);
    }
}
