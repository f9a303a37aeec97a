package dev.curfew.windows;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;

/**
 * The Service Control Manager's functions in advapi32 that curfew calls (winsvc.h), bound by
 * {@link Advapi32#load}. Strings are UTF-16LE memory; handles are pointers (NULL on failure, with the
 * last error set); BOOL results are false on failure.
 */
interface ServiceApi extends Library {
    int SC_MANAGER_CONNECT = 0x0001;
    int SC_MANAGER_CREATE_SERVICE = 0x0002;

    int SERVICE_QUERY_STATUS = 0x0004;
    int SERVICE_START = 0x0010;
    int SERVICE_STOP = 0x0020;
    int SERVICE_CHANGE_CONFIG = 0x0002;
    int DELETE = 0x0001_0000;

    int SERVICE_WIN32_OWN_PROCESS = 0x10;
    int SERVICE_AUTO_START = 2;
    int SERVICE_DEMAND_START = 3;
    int SERVICE_ERROR_NORMAL = 1;

    int SERVICE_CONFIG_DESCRIPTION = 1;
    int SERVICE_CONFIG_FAILURE_ACTIONS = 2;
    int SERVICE_CONFIG_DELAYED_AUTO_START_INFO = 3;

    int SC_ACTION_NONE = 0;
    int SC_ACTION_RESTART = 1;

    int SC_STATUS_PROCESS_INFO = 0;

    int SERVICE_STOPPED = 1;
    int SERVICE_START_PENDING = 2;
    int SERVICE_STOP_PENDING = 3;
    int SERVICE_RUNNING = 4;
    int SERVICE_CONTINUE_PENDING = 5;
    int SERVICE_PAUSE_PENDING = 6;
    int SERVICE_PAUSED = 7;

    int SERVICE_ACCEPT_STOP = 0x1;
    int SERVICE_ACCEPT_SHUTDOWN = 0x4;

    int SERVICE_CONTROL_STOP = 1;
    int SERVICE_CONTROL_INTERROGATE = 4;
    int SERVICE_CONTROL_SHUTDOWN = 5;

    /** {@code LPSERVICE_MAIN_FUNCTIONW}: runs on a thread the SCM makes, with the service's arguments. */
    interface ServiceMain extends Callback {
        void callback(int argc, Pointer argv);
    }

    /** {@code LPHANDLER_FUNCTION_EX}: runs on the dispatcher's thread; returns NO_ERROR or an error. */
    interface HandlerEx extends Callback {
        int callback(int control, int eventType, Pointer eventData, Pointer context);
    }

    Pointer OpenSCManagerW(Pointer machine, Pointer database, int access);

    Pointer OpenServiceW(Pointer manager, Pointer name, int access);

    Pointer CreateServiceW(Pointer manager, Pointer name, Pointer displayName, int access, int serviceType,
            int startType, int errorControl, Pointer binaryPath, Pointer loadOrderGroup, Pointer tagId,
            Pointer dependencies, Pointer account, Pointer password);

    boolean ChangeServiceConfig2W(Pointer service, int infoLevel, Structure info);

    boolean StartServiceW(Pointer service, int argc, Pointer argv);

    boolean ControlService(Pointer service, int control, ServiceStatus status);

    boolean QueryServiceStatusEx(Pointer service, int level, ServiceStatusProcess buffer, int size,
            IntByReference needed);

    boolean DeleteService(Pointer service);

    boolean CloseServiceHandle(Pointer handle);

    /** Blocks until every service of the table has stopped; {@code table} is the first of its entries. */
    boolean StartServiceCtrlDispatcherW(ServiceTableEntry table);

    Pointer RegisterServiceCtrlHandlerExW(Pointer name, HandlerEx handler, Pointer context);

    boolean SetServiceStatus(Pointer statusHandle, ServiceStatus status);
}
