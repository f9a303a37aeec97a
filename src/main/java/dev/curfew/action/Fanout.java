package dev.curfew.action;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs the server calls of one batch side by side: at most {@code perServer} of one batch at a time,
 * taken up in the batch's order, and at most {@code inFlight} of all batches together. The threads
 * are made when a batch needs them and end after a minute without work, so an idle daemon has none.
 * With {@code perServer} 1 the calls are made one after another on the caller's thread.
 *
 * <pre>{@code
 * Fanout fanout = new Fanout(8, 256);
 * fanout.run(decisions.size(), k -> results[k] = carryOut(decisions.get(k)));   // returns when all have
 * }</pre>
 */
final class Fanout implements AutoCloseable {
    private static final long IDLE_SECONDS = 60;

    private final int perServer;
    private final ThreadPoolExecutor pool;

    Fanout(int perServer, int inFlight) {
        if (perServer < 1 || inFlight < 1) {
            throw new IllegalArgumentException("actions per server and in flight must be at least 1, not "
                    + perServer + " and " + inFlight);
        }
        this.perServer = perServer;
        // Core = max with core threads timing out: a thread per worker up to inFlight, the rest queue.
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(inFlight, inFlight, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "curfew-action-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
    }

    /**
     * Calls {@code task} for 0 to {@code n - 1}, each index once and taken up in that order, with at
     * most {@code perServer} running at once; returns when all have returned. What a task throws is
     * rethrown after the others have run.
     */
    void run(int n, IntConsumer task) {
        int workers = Math.min(perServer, n);
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Runnable worker = () -> {
            for (int k = next.getAndIncrement(); k < n; k = next.getAndIncrement()) {
                try {
                    task.accept(k);
                } catch (RuntimeException | Error e) {
                    thrown.compareAndSet(null, e);
                }
            }
        };
        if (workers <= 1) {
            worker.run();
        } else {
            CountDownLatch done = new CountDownLatch(workers);
            int started = 0;
            try {
                for (; started < workers; started++) {
                    pool.execute(() -> {
                        try {
                            worker.run();
                        } finally {
                            done.countDown();
                        }
                    });
                }
            } catch (RejectedExecutionException closed) {
                // Closed while a batch still came: its calls are made here rather than not at all.
                for (; started < workers; started++) {
                    done.countDown();
                }
                worker.run();
            }
            awaitUninterruptibly(done);
        }
        Throwable t = thrown.get();
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    /** The calls under way finish whatever happens: their outcomes are recorded after them. */
    private static void awaitUninterruptibly(CountDownLatch done) {
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many action threads there are now (0 when idle for a minute). */
    int threads() {
        return pool.getPoolSize();
    }

    /** Lets the calls under way and queued finish, within 10 s; idempotent. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
