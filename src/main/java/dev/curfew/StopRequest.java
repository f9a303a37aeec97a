package dev.curfew;

/**
 * A stop (Ctrl-C, SIGTERM) that may be asked for while the daemon is still starting. The start schedules
 * its sweeps through {@link #schedule}, under the same lock as {@link #ask}: a stop asked before that point
 * makes the start give up with {@link Abandoned} before any sweep runs; one asked after it finds a daemon
 * that sweeps, which is then stopped in order, as a stop of a running daemon is.
 */
public final class StopRequest {
    private boolean asked;
    private boolean scheduled;

    /** Asks for the stop; true if nothing was scheduled yet, so the start will give up. */
    public synchronized boolean ask() {
        asked = true;
        return !scheduled;
    }

    /** Runs {@code startScheduler} unless the stop was asked first; then throws {@link Abandoned}. */
    synchronized void schedule(Runnable startScheduler) {
        if (asked) {
            throw new Abandoned();
        }
        startScheduler.run();
        scheduled = true;
    }

    /** Throws {@link Abandoned} if the stop was asked: a step of the start need not run. */
    synchronized void check() {
        if (asked) {
            throw new Abandoned();
        }
    }

    /** The start gave up because a stop was asked: nothing was scheduled, what it opened is to be closed. */
    public static final class Abandoned extends CurfewException {
        private static final long serialVersionUID = 1L;

        Abandoned() {
            super("stopped while starting, before any sweep");
        }
    }
}
