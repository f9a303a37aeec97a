package dev.curfew.windows;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code curfew service install|uninstall|start|stop|status} through the Service Control Manager. Each
 * handle is closed before the call returns; a refusal is a {@link WindowsException} naming the Windows
 * error. Rights are the SCM's to check: without administrator rights {@code OpenSCManagerW} refuses with
 * {@code ERROR_ACCESS_DENIED}.
 */
public final class ServiceManager {
    /** When the SCM starts the service. */
    public enum Start { AUTO, DELAYED, MANUAL }

    /** What {@code install} registers: the account is null for LocalSystem, the password null for none. */
    public record Installation(String name, String binaryPath, String account, String password, Start start) {
    }

    static final String DISPLAY_NAME = "curfew";
    static final String DESCRIPTION = "Warns, disconnects or logs off Remote Desktop sessions by rules,"
            + " and records what it did.";
    /** Restart after a minute, twice, then nothing; the count of failures is forgotten after a day. */
    static final int RESTARTS = 2;
    static final int RESTART_DELAY_MS = 60_000;
    static final int RESET_SECONDS = 86_400;

    private static final Map<Integer, String> STATES = Map.of(
            ServiceApi.SERVICE_STOPPED, "stopped",
            ServiceApi.SERVICE_START_PENDING, "starting",
            ServiceApi.SERVICE_STOP_PENDING, "stopping",
            ServiceApi.SERVICE_RUNNING, "running",
            ServiceApi.SERVICE_CONTINUE_PENDING, "continuing",
            ServiceApi.SERVICE_PAUSE_PENDING, "pausing",
            ServiceApi.SERVICE_PAUSED, "paused");

    private final ServiceApi api;
    private final RegistryApi registry;

    ServiceManager(ServiceApi api, RegistryApi registry) {
        this.api = api;
        this.registry = registry;
    }

    /** Bound to advapi32 wherever it loads (the tests' fake off Windows). */
    public static ServiceManager load() {
        return new ServiceManager(Advapi32.load(ServiceApi.class), RegistryApi.load(Advapi32.NAME));
    }

    /** Creates the service, its description, failure actions and start, and the event log's source. */
    public void install(Installation service) {
        String what = "service install";
        Pointer manager = openManager(what, ServiceApi.SC_MANAGER_CONNECT | ServiceApi.SC_MANAGER_CREATE_SERVICE);
        try {
            Pointer handle = api.CreateServiceW(manager, Wide.of(service.name()), Wide.of(DISPLAY_NAME),
                    ServiceApi.SERVICE_CHANGE_CONFIG | ServiceApi.SERVICE_QUERY_STATUS,
                    ServiceApi.SERVICE_WIN32_OWN_PROCESS,
                    service.start() == Start.MANUAL ? ServiceApi.SERVICE_DEMAND_START : ServiceApi.SERVICE_AUTO_START,
                    ServiceApi.SERVICE_ERROR_NORMAL, Wide.of(service.binaryPath()), null, null, null,
                    service.account() == null ? null : Wide.of(service.account()),
                    service.password() == null ? null : Wide.of(service.password()));
            if (handle == null) {
                throw WindowsException.last(what, code -> switch (code) {
                    case Win32Error.ERROR_SERVICE_EXISTS, Win32Error.ERROR_DUPLICATE_SERVICE_NAME ->
                        "a service named " + service.name() + " exists already (curfew service uninstall first,"
                                + " or --name another)";
                    case Win32Error.ERROR_SERVICE_MARKED_FOR_DELETE ->
                        "the service " + service.name() + " is still being deleted (close services.msc and retry)";
                    case Win32Error.ERROR_INVALID_SERVICE_ACCOUNT -> "no such account: " + service.account();
                    default -> "the SCM refused to create " + service.name();
                });
            }
            try {
                configure(what, handle, service);
            } finally {
                api.CloseServiceHandle(handle);
            }
        } finally {
            api.CloseServiceHandle(manager);
        }
        EventSource.register(registry);
    }

    private void configure(String what, Pointer handle, Installation service) {
        if (!api.ChangeServiceConfig2W(handle, ServiceApi.SERVICE_CONFIG_DESCRIPTION,
                new ServiceDescription(Wide.of(DESCRIPTION)))) {
            throw WindowsException.last(what, code -> "the description was refused");
        }
        if (!api.ChangeServiceConfig2W(handle, ServiceApi.SERVICE_CONFIG_FAILURE_ACTIONS,
                FailureActions.restart(RESTARTS, RESTART_DELAY_MS, RESET_SECONDS))) {
            throw WindowsException.last(what, code -> "the failure actions were refused");
        }
        if (service.start() == Start.DELAYED && !api.ChangeServiceConfig2W(handle,
                ServiceApi.SERVICE_CONFIG_DELAYED_AUTO_START_INFO, new DelayedAutoStart(true))) {
            throw WindowsException.last(what, code -> "the delayed start was refused");
        }
    }

    /** Deletes the service (the SCM once it has stopped) and the event log's source. */
    public void uninstall(String name) {
        withService("service uninstall", name, ServiceApi.DELETE, handle -> api.DeleteService(handle),
                code -> code == Win32Error.ERROR_SERVICE_MARKED_FOR_DELETE ? "it is being deleted already" : "");
        EventSource.remove(registry);
    }

    public void start(String name) {
        withService("service start", name, ServiceApi.SERVICE_START, handle -> api.StartServiceW(handle, 0, null),
                code -> code == Win32Error.ERROR_SERVICE_ALREADY_RUNNING ? name + " is running already" : "");
    }

    /** Asks the service to stop; returns the state it then reports ("stopping" or "stopped"). */
    public String stop(String name) {
        ServiceStatus status = new ServiceStatus();
        withService("service stop", name, ServiceApi.SERVICE_STOP,
                handle -> api.ControlService(handle, ServiceApi.SERVICE_CONTROL_STOP, status),
                code -> code == Win32Error.ERROR_SERVICE_NOT_ACTIVE ? name + " is not running" : "");
        return state(status.dwCurrentState);
    }

    /** The service's state ("running", "stopped"...), and its exit codes when it stopped with an error. */
    public String status(String name) {
        ServiceStatusProcess status = new ServiceStatusProcess();
        withService("service status", name, ServiceApi.SERVICE_QUERY_STATUS,
                handle -> api.QueryServiceStatusEx(handle, ServiceApi.SC_STATUS_PROCESS_INFO, status, status.size(),
                        new IntByReference()), code -> "");
        String state = state(status.dwCurrentState);
        if (status.dwCurrentState == ServiceApi.SERVICE_RUNNING && status.dwProcessId != 0) {
            return state + " (process " + status.dwProcessId + ")";
        }
        if (status.dwWin32ExitCode == Win32Error.ERROR_SERVICE_SPECIFIC_ERROR) {
            return state + " (service-specific exit code " + status.dwServiceSpecificExitCode + ")";
        }
        if (status.dwWin32ExitCode != 0) {
            return state + " (" + Win32Error.describe(status.dwWin32ExitCode) + ")";
        }
        return state;
    }

    private interface Call {
        boolean on(Pointer service);
    }

    private void withService(String what, String name, int access, Call call,
            java.util.function.IntFunction<String> meaning) {
        Pointer manager = openManager(what, ServiceApi.SC_MANAGER_CONNECT);
        try {
            Pointer handle = api.OpenServiceW(manager, Wide.of(name), access);
            if (handle == null) {
                throw WindowsException.last(what, code -> code == Win32Error.ERROR_SERVICE_DOES_NOT_EXIST
                        ? "no service named " + name + " (curfew service install first)" : deniedOr(code, ""));
            }
            try {
                if (!call.on(handle)) {
                    throw WindowsException.last(what, code -> deniedOr(code, meaning.apply(code)));
                }
            } finally {
                api.CloseServiceHandle(handle);
            }
        } finally {
            api.CloseServiceHandle(manager);
        }
    }

    private Pointer openManager(String what, int access) {
        Pointer manager = api.OpenSCManagerW(null, null, access);
        if (manager == null) {
            throw WindowsException.last(what, code -> deniedOr(code, "the Service Control Manager refused"));
        }
        return manager;
    }

    private static String deniedOr(int code, String meaning) {
        return code == Win32Error.ERROR_ACCESS_DENIED ? "run it as an administrator" : meaning;
    }

    static String state(int state) {
        return STATES.getOrDefault(state, "state " + state);
    }

    /**
     * The command line the SCM runs: java, the JVM options, the jar, the config and rules folders, then
     * {@code run --service}. Windows paths, joined with backslashes whatever the platform.
     */
    public static String binaryPath(String javaHome, String home, String config, String rules) {
        return commandLine(List.of(javaHome + "\\bin\\java.exe", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
                "-XX:G1PeriodicGCInterval=10000", "-Dcurfew.home=" + home, "-jar", home + "\\lib\\curfew.jar",
                "--config", config, "--rules", rules, "run", "--service"));
    }

    /** {@code args} joined so that CommandLineToArgvW (and the C runtime) gives them back unchanged. */
    static String commandLine(List<String> args) {
        return args.stream().map(ServiceManager::quote).collect(Collectors.joining(" "));
    }

    /** One argument, quoted when it needs to be; backslashes before a quote or the closing quote doubled. */
    static String quote(String arg) {
        if (!arg.isEmpty() && arg.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '"')) {
            return arg;
        }
        StringBuilder quoted = new StringBuilder("\"");
        int backslashes = 0;
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c == '\\') {
                backslashes++;
                continue;
            }
            quoted.append("\\".repeat(c == '"' ? backslashes * 2 + 1 : backslashes)).append(c);
            backslashes = 0;
        }
        return quoted.append("\\".repeat(backslashes * 2)).append('"').toString();
    }
}
