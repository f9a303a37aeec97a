package dev.curfew.windows;

import com.sun.jna.Pointer;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;

/**
 * {@code curfew run --service}: what the Service Control Manager starts. {@link #run} hands the process to
 * {@code StartServiceCtrlDispatcherW}, whose ServiceMain starts the daemon and reports to the SCM:
 * {@code START_PENDING} with a wait hint and rising checkpoints, {@code RUNNING}, then on STOP or SHUTDOWN
 * {@code STOP_PENDING} (a checkpoint per step of the ordered close), and {@code STOPPED}. A start that
 * fails ends {@code STOPPED} with {@code ERROR_SERVICE_SPECIFIC_ERROR} and the code its exception maps to.
 * ServiceMain and the handler run on threads the SCM makes, which JNA attaches without a context class
 * loader (Drools needs one): the start and the close each run on a Java thread of their own.
 */
public final class ServiceRunner {
    /** Starts the service; returns the steps of its ordered close, first to last. */
    @FunctionalInterface
    public interface Start {
        List<AutoCloseable> start() throws Exception;
    }

    static final int WAIT_HINT_MS = 30_000;
    /** How often a pending start or stop tells the SCM it is still going. */
    static final long PROGRESS_MS = 5_000;

    private final ServiceApi api;
    private final String name;
    private final Start start;
    private final ToIntFunction<Throwable> specificCode;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicInteger exitCode = new AtomicInteger();
    private final AtomicInteger checkPoint = new AtomicInteger();
    // Kept in fields: the SCM calls them after the calls that passed them returned; JNA must not free them.
    private final ServiceApi.ServiceMain main = (argc, argv) -> serviceMain(argc > 0 && argv != null ? wide(argv.getPointer(0)) : null);
    private final ServiceApi.HandlerEx handler = this::control;
    private volatile Pointer statusHandle;

    ServiceRunner(ServiceApi api, String name, Start start, ToIntFunction<Throwable> specificCode) {
        this.api = api;
        this.name = name;
        this.start = start;
        this.specificCode = specificCode;
    }

    /**
     * Runs the service {@code name} until the SCM stops it; returns 0 after a clean stop, else the
     * service-specific code of the failed start. {@code specificCode} maps a start's failure to its code.
     */
    public static int run(String name, Start start, ToIntFunction<Throwable> specificCode) {
        return new ServiceRunner(Advapi32.load(ServiceApi.class), name, start, specificCode).dispatch();
    }

    int dispatch() {
        if (!api.StartServiceCtrlDispatcherW(ServiceTableEntry.table(Wide.of(name), main))) {
            throw WindowsException.last("run --service", code -> code == Win32Error.ERROR_FAILED_SERVICE_CONTROLLER_CONNECT
                    ? "not started by the Service Control Manager (curfew service start, or curfew run without --service)"
                    : "");
        }
        return exitCode.get();
    }

    /** {@code serviceName} is the SCM's for it (argv[0]), the name it was installed with. */
    private void serviceMain(String serviceName) {
        statusHandle = api.RegisterServiceCtrlHandlerExW(Wide.of(serviceName == null ? name : serviceName), handler,
                null);
        if (statusHandle == null) {
            exitCode.set(1);
            return;
        }
        FutureTask<List<AutoCloseable>> starting = new FutureTask<>(start::start);
        report(ServiceApi.SERVICE_START_PENDING, 0, 0);
        List<AutoCloseable> steps;
        try {
            steps = waitReporting(starting, "curfew-service-start", ServiceApi.SERVICE_START_PENDING);
        } catch (ExecutionException e) {
            int code = specificCode.applyAsInt(e.getCause());
            exitCode.set(code);
            report(ServiceApi.SERVICE_STOPPED, Win32Error.ERROR_SERVICE_SPECIFIC_ERROR, code);
            return;
        }
        report(ServiceApi.SERVICE_RUNNING, 0, 0);
        awaitStopRequest();
        checkPoint.set(0);
        report(ServiceApi.SERVICE_STOP_PENDING, 0, 0);
        for (AutoCloseable step : steps) {
            try {
                waitReporting(new FutureTask<>(() -> {
                    step.close();
                    return null;
                }), "curfew-service-stop", ServiceApi.SERVICE_STOP_PENDING);
            } catch (ExecutionException e) {
                // The next steps still run: a stop goes to its end.
                exitCode.set(1);
            }
            report(ServiceApi.SERVICE_STOP_PENDING, 0, 0);
        }
        report(ServiceApi.SERVICE_STOPPED, 0, 0);
    }

    /** Runs {@code task} on a Java thread, telling the SCM every few seconds that {@code pending} goes on. */
    private <T> T waitReporting(FutureTask<T> task, String threadName, int pending) throws ExecutionException {
        Thread thread = new Thread(task, threadName);
        thread.setContextClassLoader(ServiceRunner.class.getClassLoader());
        thread.start();
        while (true) {
            try {
                return task.get(PROGRESS_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                report(pending, 0, 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExecutionException(e);
            }
        }
    }

    private void awaitStopRequest() {
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int control(int control, int eventType, Pointer eventData, Pointer context) {
        switch (control) {
            case ServiceApi.SERVICE_CONTROL_STOP, ServiceApi.SERVICE_CONTROL_SHUTDOWN -> {
                stopRequested.countDown();
                return Win32Error.ERROR_SUCCESS;
            }
            case ServiceApi.SERVICE_CONTROL_INTERROGATE -> {
                return Win32Error.ERROR_SUCCESS;
            }
            default -> {
                return Win32Error.ERROR_CALL_NOT_IMPLEMENTED;
            }
        }
    }

    /** Reports {@code newState}; a pending state carries the next checkpoint and the wait hint. */
    private synchronized void report(int newState, int win32ExitCode, int specific) {
        ServiceStatus status = new ServiceStatus();
        status.dwServiceType = ServiceApi.SERVICE_WIN32_OWN_PROCESS;
        status.dwCurrentState = newState;
        status.dwControlsAccepted = newState == ServiceApi.SERVICE_RUNNING
                ? ServiceApi.SERVICE_ACCEPT_STOP | ServiceApi.SERVICE_ACCEPT_SHUTDOWN : 0;
        status.dwWin32ExitCode = win32ExitCode;
        status.dwServiceSpecificExitCode = specific;
        boolean pending = newState == ServiceApi.SERVICE_START_PENDING || newState == ServiceApi.SERVICE_STOP_PENDING;
        status.dwCheckPoint = pending ? checkPoint.incrementAndGet() : 0;
        status.dwWaitHint = pending ? WAIT_HINT_MS : 0;
        api.SetServiceStatus(statusHandle, status);
    }

    /** A NUL-terminated UTF-16 string (read by units: wchar_t is not 2 bytes everywhere JNA runs). */
    private static String wide(Pointer p) {
        if (p == null) {
            return null;
        }
        StringBuilder s = new StringBuilder();
        for (long at = 0; ; at += 2) {
            char c = (char) p.getShort(at);
            if (c == 0) {
                return s.toString();
            }
            s.append(c);
        }
    }
}
