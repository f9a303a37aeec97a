package dev.curfew;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until a condition holds, with a deadline: how tests wait for background work, never by fixed sleeps. */
public final class Await {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private Await() {
    }

    /** The first value of {@code probe} that satisfies {@code done}; fails after 30 s naming the last value. */
    public static <T> T until(Supplier<T> probe, Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        T value = probe.get();
        while (!done.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + DEADLINE.toSeconds() + " s; last value: " + value);
            }
            Thread.sleep(20);
            value = probe.get();
        }
        return value;
    }

    /** Returns once {@code done} holds; fails after {@code limit} saying what was awaited. */
    public static void until(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit.toSeconds() + " s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
