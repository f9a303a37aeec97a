/*
 * A stand-in for the Service Control Manager's part of advapi32.dll, so curfew's Windows service code
 * runs on Linux in tests. The test build compiles every src/test/c/fake_advapi32*.c into one
 * target/native/libAdvapi32.so (see NativeFakes.java); JNA finds it there as "Advapi32". Other parts of
 * advapi32 (the event log, the registry) live in their own fake_advapi32_*.c files beside this one.
 *
 * It keeps a small table of services, checks the rights each handle was opened with as the SCM does,
 * fails with the Windows error in errno (where JNA reads the last error off Windows), and records what
 * the tests read back: CreateServiceW's arguments, the ChangeServiceConfig2W structures, the statuses a
 * service reports, and the handles opened against those closed.
 *
 * StartServiceCtrlDispatcherW runs ServiceMain on a thread of its own and calls the control handler on the
 * thread that called it, as the SCM does; the test says which control to send when the service reports a
 * given state (fake_dispatch_on).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))

typedef uint32_t DWORD;
typedef int32_t BOOL;
typedef uint16_t WCHAR;
typedef void *HANDLE;

/* winerror.h */
#define ERROR_ACCESS_DENIED 5
#define ERROR_INVALID_HANDLE 6
#define ERROR_INVALID_PARAMETER 87
#define ERROR_INSUFFICIENT_BUFFER 122
#define ERROR_INVALID_LEVEL 124
#define ERROR_SERVICE_ALREADY_RUNNING 1056
#define ERROR_SERVICE_DOES_NOT_EXIST 1060
#define ERROR_SERVICE_NOT_ACTIVE 1062
#define ERROR_FAILED_SERVICE_CONTROLLER_CONNECT 1063
#define ERROR_SERVICE_MARKED_FOR_DELETE 1072
#define ERROR_SERVICE_EXISTS 1073
#define ERROR_SERVICE_NOT_IN_EXE 1083
#define ERROR_DATABASE_DOES_NOT_EXIST 1065
#define ERROR_INVALID_NAME 123

/* winsvc.h */
#define SC_MANAGER_CONNECT 0x0001
#define SC_MANAGER_CREATE_SERVICE 0x0002
#define SC_MANAGER_ENUMERATE_SERVICE 0x0004
#define SERVICE_QUERY_CONFIG 0x0001
#define SERVICE_CHANGE_CONFIG 0x0002
#define SERVICE_QUERY_STATUS 0x0004
#define SERVICE_START 0x0010
#define SERVICE_STOP 0x0020
#define SERVICE_INTERROGATE 0x0080
#define DELETE 0x00010000
#define READ_CONTROL 0x00020000
#define GENERIC_READ 0x80000000u
#define SERVICE_STOPPED 1
#define SERVICE_RUNNING 4
#define SERVICE_CONTROL_STOP 1
#define SERVICE_CONFIG_DESCRIPTION 1
#define SERVICE_CONFIG_FAILURE_ACTIONS 2
#define SERVICE_CONFIG_DELAYED_AUTO_START_INFO 3
#define SC_STATUS_PROCESS_INFO 0
#define SERVICE_PID 4242u

typedef struct {
    DWORD dwServiceType;
    DWORD dwCurrentState;
    DWORD dwControlsAccepted;
    DWORD dwWin32ExitCode;
    DWORD dwServiceSpecificExitCode;
    DWORD dwCheckPoint;
    DWORD dwWaitHint;
} SERVICE_STATUS;

typedef struct {
    DWORD dwServiceType;
    DWORD dwCurrentState;
    DWORD dwControlsAccepted;
    DWORD dwWin32ExitCode;
    DWORD dwServiceSpecificExitCode;
    DWORD dwCheckPoint;
    DWORD dwWaitHint;
    DWORD dwProcessId;
    DWORD dwServiceFlags;
} SERVICE_STATUS_PROCESS;

typedef void (*SERVICE_MAIN)(DWORD argc, WCHAR **argv);
typedef DWORD (*HANDLER_EX)(DWORD control, DWORD event_type, void *event_data, void *context);

typedef struct {
    WCHAR *lpServiceName;
    SERVICE_MAIN lpServiceProc;
} SERVICE_TABLE_ENTRYW;

typedef struct {
    WCHAR *lpDescription;
} SERVICE_DESCRIPTIONW;

typedef struct {
    DWORD Type; /* SC_ACTION_TYPE, an int-sized enum */
    DWORD Delay;
} SC_ACTION;

typedef struct {
    DWORD dwResetPeriod;
    WCHAR *lpRebootMsg;
    WCHAR *lpCommand;
    DWORD cActions;
    SC_ACTION *lpsaActions;
} SERVICE_FAILURE_ACTIONSW;

typedef struct {
    BOOL fDelayedAutostart;
} SERVICE_DELAYED_AUTO_START_INFO;

_Static_assert(sizeof(SERVICE_STATUS) == 28, "SERVICE_STATUS is 28 bytes");
_Static_assert(sizeof(SERVICE_STATUS_PROCESS) == 36, "SERVICE_STATUS_PROCESS is 36 bytes");
_Static_assert(sizeof(SERVICE_TABLE_ENTRYW) == 16, "SERVICE_TABLE_ENTRYW is 16 bytes on x64");
_Static_assert(sizeof(SERVICE_DESCRIPTIONW) == 8, "SERVICE_DESCRIPTIONW is 8 bytes on x64");
_Static_assert(sizeof(SC_ACTION) == 8, "SC_ACTION is 8 bytes");
_Static_assert(sizeof(SERVICE_FAILURE_ACTIONSW) == 40, "SERVICE_FAILURE_ACTIONSW is 40 bytes on x64");
_Static_assert(offsetof(SERVICE_FAILURE_ACTIONSW, lpsaActions) == 32, "lpsaActions is at 32 on x64");
_Static_assert(sizeof(SERVICE_DELAYED_AUTO_START_INFO) == 4, "SERVICE_DELAYED_AUTO_START_INFO is 4 bytes");

#define TEXT_UNITS 4096
#define MAX_SERVICES 8
#define MAX_HANDLES 64
#define MAX_ACTIONS 8
#define MAX_STATUSES 256
#define MAX_TRIGGERS 4

typedef struct {
    int used;
    WCHAR name[TEXT_UNITS];
    WCHAR display_name[TEXT_UNITS];
    WCHAR binary_path[TEXT_UNITS];
    WCHAR account[TEXT_UNITS];
    WCHAR password[TEXT_UNITS];
    int has_account, has_password;
    DWORD desired_access, service_type, start_type, error_control;
    WCHAR description[TEXT_UNITS];
    int descriptions;
    DWORD reset_period, action_count, action_type[MAX_ACTIONS], action_delay[MAX_ACTIONS];
    int reboot_message, command; /* 1 when the failure actions named one */
    int failure_actions;
    int delayed, delayed_set;
    DWORD state, win32_exit, specific_exit;
} service_t;

typedef struct {
    int open;
    int service; /* -1: the SCM */
    DWORD access;
} handle_t;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static service_t services[MAX_SERVICES];
static handle_t handles[MAX_HANDLES];
static int opened, closed, bad_closes;
static int administrator = 1;

/* The dispatcher. */
static int no_scm;
static SERVICE_STATUS statuses[MAX_STATUSES];
static int status_count;
static int trigger_state[MAX_TRIGGERS], trigger_control[MAX_TRIGGERS], trigger_fired[MAX_TRIGGERS], triggers;
static int pending[MAX_TRIGGERS], pending_count;
static HANDLER_EX handler;
static void *handler_context;
static WCHAR dispatcher_name[TEXT_UNITS], handler_name[TEXT_UNITS];
static int handler_calls, handler_results[MAX_STATUSES], main_done, registrations;
static SERVICE_MAIN service_main;
static int status_handle_token;

static BOOL fail(DWORD error) {
    errno = (int) error;
    return 0;
}

static void *fail_null(DWORD error) {
    errno = (int) error;
    return NULL;
}

static size_t units(const WCHAR *s) {
    size_t n = 0;
    while (s[n] && n < TEXT_UNITS - 1) {
        n++;
    }
    return n;
}

static void copy(WCHAR *to, const WCHAR *from) {
    size_t n = from ? units(from) : 0;
    if (n) {
        memcpy(to, from, n * sizeof(WCHAR));
    }
    to[n] = 0;
}

static WCHAR lower(WCHAR c) { return c >= 'A' && c <= 'Z' ? (WCHAR) (c + 32) : c; }

/* Service names are case-insensitive to the SCM. */
static int same_name(const WCHAR *a, const WCHAR *b) {
    size_t i = 0;
    for (; a[i] && b[i]; i++) {
        if (lower(a[i]) != lower(b[i])) {
            return 0;
        }
    }
    return a[i] == b[i];
}

static int find(const WCHAR *name) {
    for (int i = 0; i < MAX_SERVICES; i++) {
        if (services[i].used && same_name(services[i].name, name)) {
            return i;
        }
    }
    return -1;
}

static HANDLE new_handle(int service, DWORD access) {
    for (int i = 0; i < MAX_HANDLES; i++) {
        if (!handles[i].open) {
            handles[i].open = 1;
            handles[i].service = service;
            handles[i].access = access;
            opened++;
            return &handles[i];
        }
    }
    return fail_null(ERROR_INVALID_HANDLE);
}

/* The open handle h, of the SCM (service -1) or of a service still in the table; NULL otherwise. */
static handle_t *handle_of(HANDLE h, int want_scm) {
    handle_t *handle = h;
    if (handle < handles || handle >= handles + MAX_HANDLES || !handle->open) {
        return NULL;
    }
    if (want_scm != (handle->service < 0)) {
        return NULL;
    }
    return handle;
}

/* What a user who is not an administrator may ask of the SCM and of a service. */
static int allowed(DWORD access, int scm) {
    if (administrator) {
        return 1;
    }
    DWORD reading = scm ? (SC_MANAGER_CONNECT | SC_MANAGER_ENUMERATE_SERVICE | GENERIC_READ)
                        : (SERVICE_QUERY_CONFIG | SERVICE_QUERY_STATUS | SERVICE_INTERROGATE | READ_CONTROL | GENERIC_READ);
    return (access & ~reading) == 0;
}

/* ---- The test's controls ---- */

static void utf8_to_16(WCHAR *to, const char *from) {
    const unsigned char *s = (const unsigned char *) from;
    size_t n = 0;
    while (*s && n < TEXT_UNITS - 2) {
        uint32_t c;
        if (*s < 0x80) {
            c = *s++;
        } else if ((*s & 0xE0) == 0xC0) {
            c = (uint32_t) (*s++ & 0x1F) << 6;
            c |= *s++ & 0x3F;
        } else if ((*s & 0xF0) == 0xE0) {
            c = (uint32_t) (*s++ & 0x0F) << 12;
            c |= (uint32_t) (*s++ & 0x3F) << 6;
            c |= *s++ & 0x3F;
        } else {
            c = (uint32_t) (*s++ & 0x07) << 18;
            c |= (uint32_t) (*s++ & 0x3F) << 12;
            c |= (uint32_t) (*s++ & 0x3F) << 6;
            c |= *s++ & 0x3F;
        }
        if (c >= 0x10000) {
            c -= 0x10000;
            to[n++] = (WCHAR) (0xD800 + (c >> 10));
            to[n++] = (WCHAR) (0xDC00 + (c & 0x3FF));
        } else {
            to[n++] = (WCHAR) c;
        }
    }
    to[n] = 0;
}

static char text_out[4 * TEXT_UNITS];

static const char *utf16_to_8(const WCHAR *from) {
    size_t n = 0;
    for (size_t i = 0; from[i] && n < sizeof text_out - 5; i++) {
        uint32_t c = from[i];
        if (c >= 0xD800 && c < 0xDC00 && from[i + 1] >= 0xDC00 && from[i + 1] < 0xE000) {
            c = 0x10000 + ((c - 0xD800) << 10) + (from[++i] - 0xDC00);
        }
        if (c < 0x80) {
            text_out[n++] = (char) c;
        } else if (c < 0x800) {
            text_out[n++] = (char) (0xC0 | (c >> 6));
            text_out[n++] = (char) (0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            text_out[n++] = (char) (0xE0 | (c >> 12));
            text_out[n++] = (char) (0x80 | ((c >> 6) & 0x3F));
            text_out[n++] = (char) (0x80 | (c & 0x3F));
        } else {
            text_out[n++] = (char) (0xF0 | (c >> 18));
            text_out[n++] = (char) (0x80 | ((c >> 12) & 0x3F));
            text_out[n++] = (char) (0x80 | ((c >> 6) & 0x3F));
            text_out[n++] = (char) (0x80 | (c & 0x3F));
        }
    }
    text_out[n] = 0;
    return text_out;
}

EXPORT void fake_service_reset(void) {
    pthread_mutex_lock(&lock);
    memset(services, 0, sizeof services);
    memset(handles, 0, sizeof handles);
    opened = closed = bad_closes = 0;
    administrator = 1;
    no_scm = 0;
    status_count = triggers = pending_count = handler_calls = main_done = registrations = 0;
    handler = NULL;
    service_main = NULL;
    dispatcher_name[0] = handler_name[0] = 0;
    pthread_mutex_unlock(&lock);
}

/* 0: the caller is not an administrator (the SCM refuses it all but connecting and reading). */
EXPORT void fake_service_administrator(int yes) { administrator = yes; }

/* A service that exists before the test, in the given state. */
EXPORT int fake_service_add(const char *name, DWORD state) {
    WCHAR wide[TEXT_UNITS];
    utf8_to_16(wide, name);
    for (int i = 0; i < MAX_SERVICES; i++) {
        if (!services[i].used) {
            memset(&services[i], 0, sizeof services[i]);
            services[i].used = 1;
            copy(services[i].name, wide);
            services[i].state = state;
            return 0;
        }
    }
    return -1;
}

EXPORT int fake_service_exists(const char *name) {
    WCHAR wide[TEXT_UNITS];
    utf8_to_16(wide, name);
    return find(wide) >= 0;
}

/* A text CreateServiceW or ChangeServiceConfig2W was given, as UTF-8; "" for NULL or no such service. */
EXPORT const char *fake_service_text(const char *name, const char *field) {
    WCHAR wide[TEXT_UNITS];
    utf8_to_16(wide, name);
    int i = find(wide);
    if (i < 0) {
        return "";
    }
    service_t *s = &services[i];
    if (!strcmp(field, "displayName")) return utf16_to_8(s->display_name);
    if (!strcmp(field, "binaryPath")) return utf16_to_8(s->binary_path);
    if (!strcmp(field, "account")) return s->has_account ? utf16_to_8(s->account) : "(null)";
    if (!strcmp(field, "password")) return s->has_password ? utf16_to_8(s->password) : "(null)";
    if (!strcmp(field, "description")) return utf16_to_8(s->description);
    return "";
}

/* A number CreateServiceW or ChangeServiceConfig2W was given, or the service's state; -1 when unknown. */
EXPORT int fake_service_int(const char *name, const char *field, int index) {
    WCHAR wide[TEXT_UNITS];
    utf8_to_16(wide, name);
    int i = find(wide);
    if (i < 0) {
        return -1;
    }
    service_t *s = &services[i];
    if (!strcmp(field, "access")) return (int) s->desired_access;
    if (!strcmp(field, "serviceType")) return (int) s->service_type;
    if (!strcmp(field, "startType")) return (int) s->start_type;
    if (!strcmp(field, "errorControl")) return (int) s->error_control;
    if (!strcmp(field, "descriptions")) return s->descriptions;
    if (!strcmp(field, "failureActions")) return s->failure_actions;
    if (!strcmp(field, "resetPeriod")) return (int) s->reset_period;
    if (!strcmp(field, "actions")) return (int) s->action_count;
    if (!strcmp(field, "actionType")) return index < MAX_ACTIONS ? (int) s->action_type[index] : -1;
    if (!strcmp(field, "actionDelay")) return index < MAX_ACTIONS ? (int) s->action_delay[index] : -1;
    if (!strcmp(field, "rebootMessage")) return s->reboot_message;
    if (!strcmp(field, "command")) return s->command;
    if (!strcmp(field, "delayedSet")) return s->delayed_set;
    if (!strcmp(field, "delayed")) return s->delayed;
    if (!strcmp(field, "state")) return (int) s->state;
    return -1;
}

EXPORT int fake_service_open_handles(void) { return opened - closed; }
EXPORT int fake_service_opened_handles(void) { return opened; }
EXPORT int fake_service_bad_closes(void) { return bad_closes; }

/* StartServiceCtrlDispatcherW fails as it does in a process the SCM did not start. */
EXPORT void fake_dispatch_no_scm(int yes) { no_scm = yes; }

/* When the service first reports `state`, the dispatcher sends it `control`. */
EXPORT void fake_dispatch_on(int state, int control) {
    pthread_mutex_lock(&lock);
    if (triggers < MAX_TRIGGERS) {
        trigger_state[triggers] = state;
        trigger_control[triggers] = control;
        trigger_fired[triggers] = 0;
        triggers++;
    }
    pthread_mutex_unlock(&lock);
}

EXPORT int fake_status_count(void) { return status_count; }

/* One field of the i-th status the service reported, by its winsvc.h name without the prefix. */
EXPORT int fake_status(int i, const char *field) {
    if (i < 0 || i >= status_count) {
        return -1;
    }
    SERVICE_STATUS *s = &statuses[i];
    if (!strcmp(field, "ServiceType")) return (int) s->dwServiceType;
    if (!strcmp(field, "CurrentState")) return (int) s->dwCurrentState;
    if (!strcmp(field, "ControlsAccepted")) return (int) s->dwControlsAccepted;
    if (!strcmp(field, "Win32ExitCode")) return (int) s->dwWin32ExitCode;
    if (!strcmp(field, "ServiceSpecificExitCode")) return (int) s->dwServiceSpecificExitCode;
    if (!strcmp(field, "CheckPoint")) return (int) s->dwCheckPoint;
    if (!strcmp(field, "WaitHint")) return (int) s->dwWaitHint;
    return -1;
}

EXPORT int fake_handler_calls(void) { return handler_calls; }
EXPORT int fake_handler_result(int i) { return i >= 0 && i < handler_calls ? handler_results[i] : -1; }
EXPORT int fake_handler_registrations(void) { return registrations; }
EXPORT const char *fake_handler_name(void) { return utf16_to_8(handler_name); }

EXPORT int fake_service_offset_of(const char *field) {
    if (!strcmp(field, "SERVICE_STATUS")) return sizeof(SERVICE_STATUS);
    if (!strcmp(field, "SERVICE_STATUS_PROCESS")) return sizeof(SERVICE_STATUS_PROCESS);
    if (!strcmp(field, "SERVICE_STATUS_PROCESS.dwProcessId")) return offsetof(SERVICE_STATUS_PROCESS, dwProcessId);
    if (!strcmp(field, "SERVICE_STATUS_PROCESS.dwServiceFlags")) return offsetof(SERVICE_STATUS_PROCESS, dwServiceFlags);
    if (!strcmp(field, "SERVICE_TABLE_ENTRYW")) return sizeof(SERVICE_TABLE_ENTRYW);
    if (!strcmp(field, "SERVICE_TABLE_ENTRYW.lpServiceProc")) return offsetof(SERVICE_TABLE_ENTRYW, lpServiceProc);
    if (!strcmp(field, "SERVICE_DESCRIPTIONW")) return sizeof(SERVICE_DESCRIPTIONW);
    if (!strcmp(field, "SC_ACTION")) return sizeof(SC_ACTION);
    if (!strcmp(field, "SC_ACTION.Delay")) return offsetof(SC_ACTION, Delay);
    if (!strcmp(field, "SERVICE_FAILURE_ACTIONSW")) return sizeof(SERVICE_FAILURE_ACTIONSW);
    if (!strcmp(field, "SERVICE_FAILURE_ACTIONSW.lpRebootMsg")) return offsetof(SERVICE_FAILURE_ACTIONSW, lpRebootMsg);
    if (!strcmp(field, "SERVICE_FAILURE_ACTIONSW.lpCommand")) return offsetof(SERVICE_FAILURE_ACTIONSW, lpCommand);
    if (!strcmp(field, "SERVICE_FAILURE_ACTIONSW.cActions")) return offsetof(SERVICE_FAILURE_ACTIONSW, cActions);
    if (!strcmp(field, "SERVICE_FAILURE_ACTIONSW.lpsaActions")) return offsetof(SERVICE_FAILURE_ACTIONSW, lpsaActions);
    if (!strcmp(field, "SERVICE_DELAYED_AUTO_START_INFO")) return sizeof(SERVICE_DELAYED_AUTO_START_INFO);
    return -1;
}

/* ---- The SCM's functions ---- */

EXPORT HANDLE OpenSCManagerW(const WCHAR *machine, const WCHAR *database, DWORD access) {
    static const WCHAR active[] = {'S', 'e', 'r', 'v', 'i', 'c', 'e', 's', 'A', 'c', 't', 'i', 'v', 'e', 0};
    if (machine && machine[0]) {
        return fail_null(ERROR_INVALID_NAME);   /* the fake has no other machine */
    }
    if (database && !same_name(database, active)) {
        return fail_null(ERROR_DATABASE_DOES_NOT_EXIST);
    }
    if (!allowed(access, 1)) {
        return fail_null(ERROR_ACCESS_DENIED);
    }
    pthread_mutex_lock(&lock);
    HANDLE h = new_handle(-1, access);
    pthread_mutex_unlock(&lock);
    return h;
}

EXPORT HANDLE OpenServiceW(HANDLE manager, const WCHAR *name, DWORD access) {
    pthread_mutex_lock(&lock);
    HANDLE result = NULL;
    DWORD error = 0;
    int i;
    if (!handle_of(manager, 1)) {
        error = ERROR_INVALID_HANDLE;
    } else if (!name) {
        error = ERROR_INVALID_NAME;
    } else if ((i = find(name)) < 0) {
        error = ERROR_SERVICE_DOES_NOT_EXIST;
    } else if (!allowed(access, 0)) {
        error = ERROR_ACCESS_DENIED;
    } else {
        result = new_handle(i, access);
    }
    pthread_mutex_unlock(&lock);
    return error ? fail_null(error) : result;
}

EXPORT HANDLE CreateServiceW(HANDLE manager, const WCHAR *name, const WCHAR *display_name, DWORD access,
        DWORD service_type, DWORD start_type, DWORD error_control, const WCHAR *binary_path,
        const WCHAR *load_order_group, DWORD *tag_id, const WCHAR *dependencies, const WCHAR *account,
        const WCHAR *password) {
    (void) load_order_group;
    (void) tag_id;
    (void) dependencies;
    pthread_mutex_lock(&lock);
    handle_t *scm = handle_of(manager, 1);
    HANDLE result = NULL;
    DWORD error = 0;
    if (!scm) {
        error = ERROR_INVALID_HANDLE;
    } else if (!(scm->access & SC_MANAGER_CREATE_SERVICE)) {
        error = ERROR_ACCESS_DENIED;
    } else if (!name || !name[0] || !binary_path || !binary_path[0]) {
        error = ERROR_INVALID_PARAMETER;
    } else if (find(name) >= 0) {
        error = ERROR_SERVICE_EXISTS;
    } else {
        int i = 0;
        while (i < MAX_SERVICES && services[i].used) {
            i++;
        }
        if (i == MAX_SERVICES) {
            error = ERROR_INVALID_PARAMETER;
        } else {
            service_t *s = &services[i];
            memset(s, 0, sizeof *s);
            s->used = 1;
            copy(s->name, name);
            copy(s->display_name, display_name);
            copy(s->binary_path, binary_path);
            s->has_account = account != NULL;
            copy(s->account, account);
            s->has_password = password != NULL;
            copy(s->password, password);
            s->desired_access = access;
            s->service_type = service_type;
            s->start_type = start_type;
            s->error_control = error_control;
            s->state = SERVICE_STOPPED;
            result = new_handle(i, access);
        }
    }
    pthread_mutex_unlock(&lock);
    return error ? fail_null(error) : result;
}

/* The service of an open handle that was given `right`, or -1 with the error in *error. */
static int service_with(HANDLE h, DWORD right, DWORD *error) {
    handle_t *handle = handle_of(h, 0);
    if (!handle || !services[handle->service].used) {
        *error = ERROR_INVALID_HANDLE;
        return -1;
    }
    if (!(handle->access & right)) {
        *error = ERROR_ACCESS_DENIED;
        return -1;
    }
    return handle->service;
}

EXPORT BOOL ChangeServiceConfig2W(HANDLE service, DWORD level, void *info) {
    pthread_mutex_lock(&lock);
    DWORD error = 0;
    int i = service_with(service, SERVICE_CHANGE_CONFIG, &error);
    if (i >= 0 && !info) {
        error = ERROR_INVALID_PARAMETER;
    } else if (i >= 0) {
        service_t *s = &services[i];
        if (level == SERVICE_CONFIG_DESCRIPTION) {
            copy(s->description, ((SERVICE_DESCRIPTIONW *) info)->lpDescription);
            s->descriptions++;
        } else if (level == SERVICE_CONFIG_FAILURE_ACTIONS) {
            SERVICE_FAILURE_ACTIONSW *f = info;
            if (f->cActions > MAX_ACTIONS || (f->cActions && !f->lpsaActions)) {
                error = ERROR_INVALID_PARAMETER;
            } else {
                s->reset_period = f->dwResetPeriod;
                s->reboot_message = f->lpRebootMsg != NULL;
                s->command = f->lpCommand != NULL;
                s->action_count = f->cActions;
                for (DWORD a = 0; a < f->cActions; a++) {
                    s->action_type[a] = f->lpsaActions[a].Type;
                    s->action_delay[a] = f->lpsaActions[a].Delay;
                }
                s->failure_actions++;
            }
        } else if (level == SERVICE_CONFIG_DELAYED_AUTO_START_INFO) {
            s->delayed = ((SERVICE_DELAYED_AUTO_START_INFO *) info)->fDelayedAutostart;
            s->delayed_set++;
        } else {
            error = ERROR_INVALID_LEVEL;
        }
    }
    pthread_mutex_unlock(&lock);
    return error ? fail(error) : 1;
}

EXPORT BOOL StartServiceW(HANDLE service, DWORD argc, const WCHAR **argv) {
    (void) argc;
    (void) argv;
    pthread_mutex_lock(&lock);
    DWORD error = 0;
    int i = service_with(service, SERVICE_START, &error);
    if (i >= 0 && services[i].state != SERVICE_STOPPED) {
        error = ERROR_SERVICE_ALREADY_RUNNING;
    } else if (i >= 0) {
        /* The fake starts no process: the service is running at once. */
        services[i].state = SERVICE_RUNNING;
        services[i].win32_exit = services[i].specific_exit = 0;
    }
    pthread_mutex_unlock(&lock);
    return error ? fail(error) : 1;
}

static void fill(const service_t *s, SERVICE_STATUS *status) {
    memset(status, 0, sizeof *status);
    status->dwServiceType = 0x10;
    status->dwCurrentState = s->state;
    status->dwControlsAccepted = s->state == SERVICE_RUNNING ? 0x5 : 0;
    status->dwWin32ExitCode = s->win32_exit;
    status->dwServiceSpecificExitCode = s->specific_exit;
}

EXPORT BOOL ControlService(HANDLE service, DWORD control, SERVICE_STATUS *status) {
    pthread_mutex_lock(&lock);
    DWORD error = 0;
    int i = service_with(service, control == SERVICE_CONTROL_STOP ? SERVICE_STOP : SERVICE_INTERROGATE, &error);
    if (i >= 0 && !status) {
        error = ERROR_INVALID_PARAMETER;
    } else if (i >= 0 && services[i].state == SERVICE_STOPPED) {
        error = ERROR_SERVICE_NOT_ACTIVE;
    } else if (i >= 0) {
        if (control == SERVICE_CONTROL_STOP) {
            services[i].state = SERVICE_STOPPED;
        }
        fill(&services[i], status);
    }
    pthread_mutex_unlock(&lock);
    return error ? fail(error) : 1;
}

EXPORT BOOL QueryServiceStatusEx(HANDLE service, DWORD level, uint8_t *buffer, DWORD size, DWORD *needed) {
    pthread_mutex_lock(&lock);
    DWORD error = 0;
    int i = service_with(service, SERVICE_QUERY_STATUS, &error);
    if (i >= 0 && level != SC_STATUS_PROCESS_INFO) {
        error = ERROR_INVALID_LEVEL;
    } else if (i >= 0 && !needed) {
        error = ERROR_INVALID_PARAMETER;
    } else if (i >= 0 && (size < sizeof(SERVICE_STATUS_PROCESS) || !buffer)) {
        *needed = sizeof(SERVICE_STATUS_PROCESS);
        error = ERROR_INSUFFICIENT_BUFFER;
    } else if (i >= 0) {
        SERVICE_STATUS_PROCESS *p = (SERVICE_STATUS_PROCESS *) buffer;
        memset(p, 0, sizeof *p);
        fill(&services[i], (SERVICE_STATUS *) p);
        p->dwProcessId = services[i].state == SERVICE_STOPPED ? 0 : SERVICE_PID;
        *needed = sizeof(SERVICE_STATUS_PROCESS);
    }
    pthread_mutex_unlock(&lock);
    return error ? fail(error) : 1;
}

EXPORT BOOL DeleteService(HANDLE service) {
    pthread_mutex_lock(&lock);
    DWORD error = 0;
    int i = service_with(service, DELETE, &error);
    if (i >= 0) {
        /* The SCM deletes a running service once it stops; the fake at once. */
        services[i].used = 0;
    }
    pthread_mutex_unlock(&lock);
    return error ? fail(error) : 1;
}

EXPORT BOOL CloseServiceHandle(HANDLE h) {
    pthread_mutex_lock(&lock);
    handle_t *handle = h;
    int ok = handle >= handles && handle < handles + MAX_HANDLES && handle->open;
    if (ok) {
        handle->open = 0;
        closed++;
    } else {
        bad_closes++;
    }
    pthread_mutex_unlock(&lock);
    return ok ? 1 : fail(ERROR_INVALID_HANDLE);
}

/* ---- The service's side: the dispatcher ---- */

static void *run_service_main(void *arg) {
    (void) arg;
    WCHAR *argv[2] = {dispatcher_name, NULL};
    service_main(1, argv);
    pthread_mutex_lock(&lock);
    main_done = 1;
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&lock);
    return NULL;
}

EXPORT BOOL StartServiceCtrlDispatcherW(const SERVICE_TABLE_ENTRYW *table) {
    if (no_scm) {
        return fail(ERROR_FAILED_SERVICE_CONTROLLER_CONNECT);
    }
    if (!table || !table[0].lpServiceName || !table[0].lpServiceProc || table[1].lpServiceName
            || table[1].lpServiceProc) {
        return fail(ERROR_INVALID_PARAMETER);   /* the fake runs one service, and the table ends with NULLs */
    }
    copy(dispatcher_name, table[0].lpServiceName);
    service_main = table[0].lpServiceProc;
    main_done = 0;
    pthread_t thread;
    if (pthread_create(&thread, NULL, run_service_main, NULL) != 0) {
        return fail(ERROR_INVALID_PARAMETER);
    }
    pthread_mutex_lock(&lock);
    for (;;) {
        while (!main_done && pending_count == 0) {
            pthread_cond_wait(&changed, &lock);
        }
        if (pending_count == 0) {
            break;
        }
        int control = pending[0];
        memmove(pending, pending + 1, (size_t) (--pending_count) * sizeof pending[0]);
        HANDLER_EX h = handler;
        void *context = handler_context;
        pthread_mutex_unlock(&lock);
        DWORD result = h ? h((DWORD) control, 0, NULL, context) : ERROR_SERVICE_NOT_IN_EXE;
        pthread_mutex_lock(&lock);
        if (handler_calls < MAX_STATUSES) {
            handler_results[handler_calls++] = (int) result;
        }
    }
    pthread_mutex_unlock(&lock);
    pthread_join(thread, NULL);
    return 1;
}

EXPORT HANDLE RegisterServiceCtrlHandlerExW(const WCHAR *name, HANDLER_EX function, void *context) {
    pthread_mutex_lock(&lock);
    DWORD error = 0;
    if (!name || !function) {
        error = ERROR_INVALID_PARAMETER;
    } else if (!same_name(name, dispatcher_name)) {
        error = ERROR_SERVICE_NOT_IN_EXE;
    } else {
        copy(handler_name, name);
        handler = function;
        handler_context = context;
        registrations++;
    }
    pthread_mutex_unlock(&lock);
    return error ? fail_null(error) : (HANDLE) &status_handle_token;
}

EXPORT BOOL SetServiceStatus(HANDLE status_handle, SERVICE_STATUS *status) {
    if (status_handle != &status_handle_token) {
        return fail(ERROR_INVALID_HANDLE);
    }
    if (!status || status->dwCurrentState < 1 || status->dwCurrentState > 7) {
        return fail(ERROR_INVALID_PARAMETER);
    }
    pthread_mutex_lock(&lock);
    if (status_count < MAX_STATUSES) {
        statuses[status_count++] = *status;
    }
    for (int t = 0; t < triggers; t++) {
        if (!trigger_fired[t] && trigger_state[t] == (int) status->dwCurrentState && pending_count < MAX_TRIGGERS) {
            trigger_fired[t] = 1;
            pending[pending_count++] = trigger_control[t];
        }
    }
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&lock);
    return 1;
}
