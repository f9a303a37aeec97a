package dev.curfew.session.wts;

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
 * Gives a test a {@link FakeWindows}: compiled once per JVM (kept in the root store), reset before
 * each test, and checked after each test for buffers not freed and servers not closed.
 * Not on Windows, where "Wtsapi32" would be the real one and the tests would log real users off.
 */
final class FakeWindowsExtension implements ParameterResolver, BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FakeWindows.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FakeWindows.class;
    }

    @Override
    public FakeWindows resolveParameter(ParameterContext parameter, ExtensionContext context) {
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

    private static FakeWindows fake(ExtensionContext context) {
        assumeFalse(Platform.isWindows(), "the fake wtsapi32 replaces the real one only off Windows");
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(FakeWindows.class, key -> {
            try {
                return FakeWindows.build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, FakeWindows.class);
    }
}
