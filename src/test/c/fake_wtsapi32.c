/*
 * A stand-in for wtsapi32.dll, so the WTS binding runs on Linux in tests. The test build compiles it
 * to target/native/libWtsapi32.so (see FakeWindows.java); JNA finds it there as "Wtsapi32".
 *
 * It exports the same functions with the Windows x64 layouts (WCHAR is uint16_t, UTF-16LE), keeps a
 * table of sessions the test fills through the fake_* functions, fails the calls the test names
 * with the error it names (in errno, where JNA reads the last error off Windows), records every
 * call, and counts the buffers it hands out against those given back to WTSFreeMemory (or, for the
 * WTS_SESSION_INFO_1W arrays of WTSEnumerateSessionsExW, to WTSFreeMemoryExW with their type and count).
 *
 * Opening and closing a server and the three actions (disconnect, logoff, message) may be called from
 * several threads at once, as a real server's RPC interface may: they hold a lock for the bookkeeping,
 * and take fake_set_latency_ms to answer outside it, counting the calls under way and any call made on a
 * handle another call is using at that moment.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <time.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))

typedef uint32_t DWORD;
typedef int32_t BOOL;
typedef uint16_t WCHAR;
typedef void *HANDLE;

/* wtsapi32.h */
typedef struct {
    DWORD SessionId;
    WCHAR *pWinStationName;
    DWORD State;
} WTS_SESSION_INFOW;

typedef struct {
    DWORD ExecEnvId;
    DWORD State; /* WTS_CONNECTSTATE_CLASS, an int-sized enum */
    DWORD SessionId;
    WCHAR *pSessionName;
    WCHAR *pHostName;
    WCHAR *pUserName;
    WCHAR *pDomainName;
    WCHAR *pFarmName;
} WTS_SESSION_INFO_1W;

typedef struct {
    DWORD State;
    DWORD SessionId;
    DWORD IncomingBytes;
    DWORD OutgoingBytes;
    DWORD IncomingFrames;
    DWORD OutgoingFrames;
    DWORD IncomingCompressedBytes;
    DWORD OutgoingCompressedBytes;
    WCHAR WinStationName[32];
    WCHAR Domain[17];
    WCHAR UserName[21];
    int64_t ConnectTime;
    int64_t DisconnectTime;
    int64_t LastInputTime;
    int64_t LogonTime;
    int64_t CurrentTime;
} WTSINFOW;

typedef struct {
    DWORD SessionId;
    DWORD ProcessId;
    WCHAR *pProcessName;
    void *pUserSid; /* PSID */
    DWORD NumberOfThreads;
    DWORD HandleCount;
    DWORD PagefileUsage;
    DWORD PeakPagefileUsage;
    DWORD WorkingSetSize;
    DWORD PeakWorkingSetSize;
    int64_t UserTime; /* LARGE_INTEGER, 100 ns */
    int64_t KernelTime;
} WTS_PROCESS_INFO_EXW;

typedef struct {
    DWORD AddressFamily;
    uint8_t Address[20];
} WTS_CLIENT_ADDRESS;

_Static_assert(sizeof(WTS_SESSION_INFOW) == 24, "WTS_SESSION_INFOW is 24 bytes on x64");
_Static_assert(sizeof(WTS_SESSION_INFO_1W) == 56, "WTS_SESSION_INFO_1W is 56 bytes on x64");
_Static_assert(offsetof(WTS_SESSION_INFO_1W, pSessionName) == 16, "WTS_SESSION_INFO_1W.pSessionName is at 16 on x64");
_Static_assert(sizeof(WTSINFOW) == 216, "WTSINFOW is 216 bytes on x64");
_Static_assert(offsetof(WTSINFOW, ConnectTime) == 176, "WTSINFOW.ConnectTime is at 176 on x64");
_Static_assert(sizeof(WTS_CLIENT_ADDRESS) == 24, "WTS_CLIENT_ADDRESS is 24 bytes");
_Static_assert(sizeof(WTS_PROCESS_INFO_EXW) == 64, "WTS_PROCESS_INFO_EXW is 64 bytes on x64");
_Static_assert(offsetof(WTS_PROCESS_INFO_EXW, UserTime) == 48, "WTS_PROCESS_INFO_EXW.UserTime is at 48 on x64");

#define ERROR_INVALID_HANDLE 6
#define ERROR_NOT_ENOUGH_MEMORY 8
#define ERROR_INVALID_PARAMETER 87
#define ERROR_CTX_WINSTATION_NOT_FOUND 7022
#define WTS_DISCONNECTED 4
#define IDASYNC 32001
#define WTS_CLIENT_NAME 10
#define WTS_CLIENT_ADDRESS_CLASS 14
#define WTS_SESSION_INFO 24
#define WTS_TYPE_SESSION_INFO_LEVEL1 2 /* WTS_TYPE_CLASS.WTSTypeSessionInfoLevel1 */
#define WTS_TYPE_PROCESS_INFO_LEVEL1 1 /* WTS_TYPE_CLASS.WTSTypeProcessInfoLevel1 */
#define WTS_ANY_SESSION 0xFFFFFFFEu
#define MB_YESNO 0x4u
#define IDTIMEOUT 32000
#define MAX_PROCESSES 64

#define MAX_SESSIONS 32
#define MAX_RULES 32
#define MAX_CALLS 32
#define MAX_BUFFERS 512
#define MAX_HANDLES 1024
#define NAME 64
#define TEXT 512

struct session {
    DWORD id;
    DWORD state;
    WCHAR station[NAME];
    WCHAR user[NAME];
    WCHAR domain[NAME];
    WCHAR client[NAME];
    DWORD family;
    uint8_t address[20];
    int64_t logon, connect, disconnect, last_input, current;
    DWORD answer; /* what a Yes/No question gets (IDYES 6, IDNO 7, IDTIMEOUT 32000) */
    int answer_ms; /* how long the user takes to give it */
};

struct process {
    DWORD session;
    DWORD pid;
    WCHAR name[NAME];
    int64_t user, kernel;
};

struct rule {
    char function[NAME];
    int any_session;
    DWORD session;
    int info_class; /* -1: any */
    DWORD error;
};

struct call {
    char function[NAME];
    int count;
    DWORD last_session;
    BOOL last_wait;
    int last_on_current_server;
};

static struct session sessions[MAX_SESSIONS];
static int session_count;
static struct rule rules[MAX_RULES];
static int rule_count;
static struct call calls[MAX_CALLS];
static int call_count;
static void *buffers[MAX_BUFFERS];
static int buffer_entries[MAX_BUFFERS]; /* -1: for WTSFreeMemory; n: an array of n for WTSFreeMemoryExW */
static int buffer_types[MAX_BUFFERS]; /* the WTS_TYPE_CLASS WTSFreeMemoryExW must be given for the array */
static struct process processes[MAX_PROCESSES];
static int process_count;
static int questions; /* Yes/No questions answered */
static int bad_frees;
static int handles[MAX_HANDLES]; /* 1 while open; a handle is &handles[i] */
static int handles_used;
static int bad_closes;
static DWORD stale_error;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int latency_ms;
static int in_flight, max_in_flight, shared_handle_calls;
static int handle_busy[MAX_HANDLES];
static char last_server_name[TEXT];
static char last_title[TEXT];
static char last_text[TEXT];
static DWORD last_title_bytes, last_text_bytes, last_style, last_timeout;

/* ---- UTF-8 <-> UTF-16 (the test speaks UTF-8, Windows speaks UTF-16LE) ---- */

static void utf8_to_utf16(const char *in, WCHAR *out, size_t max_units) {
    const unsigned char *s = (const unsigned char *) (in ? in : "");
    size_t n = 0;
    while (*s && n + 1 < max_units) {
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
            if (n + 2 >= max_units) {
                break;
            }
            c -= 0x10000;
            out[n++] = (WCHAR) (0xD800 | (c >> 10));
            out[n++] = (WCHAR) (0xDC00 | (c & 0x3FF));
        } else {
            out[n++] = (WCHAR) c;
        }
    }
    out[n] = 0;
}

static void utf16_to_utf8(const WCHAR *in, size_t units, char *out, size_t max_bytes) {
    size_t n = 0;
    for (size_t i = 0; in && i < units; i++) {
        uint32_t c = in[i];
        if (c >= 0xD800 && c < 0xDC00 && i + 1 < units) {
            c = 0x10000 + ((c - 0xD800) << 10) + (in[++i] - 0xDC00);
        }
        if (n + 5 >= max_bytes) {
            break;
        }
        if (c < 0x80) {
            out[n++] = (char) c;
        } else if (c < 0x800) {
            out[n++] = (char) (0xC0 | (c >> 6));
            out[n++] = (char) (0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out[n++] = (char) (0xE0 | (c >> 12));
            out[n++] = (char) (0x80 | ((c >> 6) & 0x3F));
            out[n++] = (char) (0x80 | (c & 0x3F));
        } else {
            out[n++] = (char) (0xF0 | (c >> 18));
            out[n++] = (char) (0x80 | ((c >> 12) & 0x3F));
            out[n++] = (char) (0x80 | ((c >> 6) & 0x3F));
            out[n++] = (char) (0x80 | (c & 0x3F));
        }
    }
    out[n] = 0;
}

static size_t units_of(const WCHAR *s) {
    size_t n = 0;
    while (s[n]) {
        n++;
    }
    return n;
}

static void copy_units(WCHAR *to, const WCHAR *from, size_t max_units) {
    size_t n = units_of(from);
    if (n > max_units - 1) {
        n = max_units - 1; /* Windows truncates names to the field */
    }
    memcpy(to, from, n * sizeof(WCHAR));
    to[n] = 0;
}

/* ---- bookkeeping ---- */

static struct call *call_named(const char *function, int create) {
    for (int i = 0; i < call_count; i++) {
        if (strcmp(calls[i].function, function) == 0) {
            return &calls[i];
        }
    }
    if (!create || call_count == MAX_CALLS) {
        return NULL;
    }
    struct call *c = &calls[call_count++];
    memset(c, 0, sizeof *c);
    strncpy(c->function, function, NAME - 1);
    return c;
}

static void record(const char *function, HANDLE server, DWORD session, BOOL wait) {
    struct call *c = call_named(function, 1);
    if (c) {
        c->count++;
        c->last_session = session;
        c->last_wait = wait;
        c->last_on_current_server = server == NULL;
    }
}

static DWORD failure_of(const char *function, DWORD session, int info_class) {
    for (int i = 0; i < rule_count; i++) {
        struct rule *r = &rules[i];
        if (strcmp(r->function, function) == 0 && (r->any_session || r->session == session)
                && (r->info_class < 0 || r->info_class == info_class)) {
            return r->error;
        }
    }
    return 0;
}

static BOOL fail(DWORD error) {
    errno = (int) error;
    return 0;
}

static BOOL succeed(void) {
    errno = (int) stale_error; /* Windows may leave a last error behind on success too */
    return 1;
}

static int allocate_slot(size_t size, int entries, int type) {
    for (int i = 0; i < MAX_BUFFERS; i++) {
        if (buffers[i] == NULL) {
            buffers[i] = calloc(1, size);
            buffer_entries[i] = entries;
            buffer_types[i] = type;
            return i;
        }
    }
    return -1;
}

/** A buffer to be given back to WTSFreeMemory. */
static void *allocate(size_t size) {
    int i = allocate_slot(size, -1, -1);
    return i < 0 ? NULL : buffers[i];
}

static int slot_of(void *memory) {
    for (int i = 0; memory && i < MAX_BUFFERS; i++) {
        if (buffers[i] == memory) {
            return i;
        }
    }
    return -1;
}

static void release(int slot) {
    free(buffers[slot]);
    buffers[slot] = NULL;
}

static int valid_server(HANDLE server) {
    if (server == NULL) {
        return 1;
    }
    for (int i = 0; i < handles_used; i++) {
        if (server == &handles[i]) {
            return handles[i];
        }
    }
    return 0;
}

static struct session *session_with(DWORD id) {
    for (int i = 0; i < session_count; i++) {
        if (sessions[i].id == id) {
            return &sessions[i];
        }
    }
    return NULL;
}

/* ---- the test's controls ---- */

EXPORT void fake_reset(void) {
    for (int i = 0; i < MAX_BUFFERS; i++) {
        free(buffers[i]);
        buffers[i] = NULL;
        buffer_entries[i] = -1;
    }
    memset(sessions, 0, sizeof sessions);
    session_count = rule_count = call_count = handles_used = bad_frees = bad_closes = 0;
    process_count = questions = 0;
    latency_ms = in_flight = max_in_flight = shared_handle_calls = 0;
    memset(handle_busy, 0, sizeof handle_busy);
    stale_error = 0;
    last_server_name[0] = last_title[0] = last_text[0] = 0;
    last_title_bytes = last_text_bytes = last_style = last_timeout = 0;
}

EXPORT int fake_add_session(DWORD id, DWORD state, const char *station, const char *user, const char *domain) {
    if (session_count == MAX_SESSIONS) {
        return -1;
    }
    struct session *s = &sessions[session_count++];
    memset(s, 0, sizeof *s);
    s->id = id;
    s->state = state;
    s->answer = IDTIMEOUT;
    utf8_to_utf16(station, s->station, NAME);
    utf8_to_utf16(user, s->user, NAME);
    utf8_to_utf16(domain, s->domain, NAME);
    return 0;
}

EXPORT int fake_set_times(DWORD id, int64_t logon, int64_t connect, int64_t disconnect, int64_t last_input,
        int64_t current) {
    struct session *s = session_with(id);
    if (!s) {
        return -1;
    }
    s->logon = logon;
    s->connect = connect;
    s->disconnect = disconnect;
    s->last_input = last_input;
    s->current = current;
    return 0;
}

EXPORT int fake_set_client(DWORD id, const char *name, DWORD family, const uint8_t *address) {
    struct session *s = session_with(id);
    if (!s) {
        return -1;
    }
    utf8_to_utf16(name, s->client, NAME);
    s->family = family;
    memcpy(s->address, address, sizeof s->address);
    return 0;
}

/** A process of session id named name (UTF-8) that has used user and kernel time (100 ns units). */
EXPORT int fake_add_process(DWORD session, DWORD pid, const char *name, int64_t user, int64_t kernel) {
    if (process_count == MAX_PROCESSES) {
        return -1;
    }
    struct process *p = &processes[process_count++];
    p->session = session;
    p->pid = pid;
    utf8_to_utf16(name, p->name, NAME);
    p->user = user;
    p->kernel = kernel;
    return 0;
}

EXPORT int fake_set_process_times(DWORD pid, int64_t user, int64_t kernel) {
    for (int i = 0; i < process_count; i++) {
        if (processes[i].pid == pid) {
            processes[i].user = user;
            processes[i].kernel = kernel;
            return 0;
        }
    }
    return -1;
}

EXPORT int fake_remove_process(DWORD pid) {
    for (int i = 0; i < process_count; i++) {
        if (processes[i].pid == pid) {
            processes[i] = processes[--process_count];
            return 0;
        }
    }
    return -1;
}

/** What a Yes/No question to session id gets, after ms (answered outside the lock). */
EXPORT int fake_set_answer(DWORD id, DWORD answer, int ms) {
    struct session *s = session_with(id);
    if (!s) {
        return -1;
    }
    s->answer = answer;
    s->answer_ms = ms;
    return 0;
}

EXPORT int fake_questions(void) { return questions; }

/** Every later call of function fails with error (for WTSQuerySessionInformationW: every class). */
EXPORT void fake_fail(const char *function, DWORD error) {
    if (rule_count < MAX_RULES) {
        struct rule *r = &rules[rule_count++];
        strncpy(r->function, function, NAME - 1);
        r->any_session = 1;
        r->info_class = -1;
        r->error = error;
    }
}

/** WTSQuerySessionInformationW fails for this session and info class (-1: all classes). */
EXPORT void fake_fail_query(DWORD session, int info_class, DWORD error) {
    if (rule_count < MAX_RULES) {
        struct rule *r = &rules[rule_count++];
        strncpy(r->function, "WTSQuerySessionInformationW", NAME - 1);
        r->any_session = 0;
        r->session = session;
        r->info_class = info_class;
        r->error = error;
    }
}

EXPORT void fake_set_stale_error(DWORD error) { stale_error = error; }

EXPORT int fake_call_count(const char *function) {
    struct call *c = call_named(function, 0);
    return c ? c->count : 0;
}

EXPORT DWORD fake_last_session(const char *function) {
    struct call *c = call_named(function, 0);
    return c ? c->last_session : 0xFFFFFFFFu;
}

EXPORT int fake_last_wait(const char *function) {
    struct call *c = call_named(function, 0);
    return c ? c->last_wait : -1;
}

/** 1 when the last call of function used WTS_CURRENT_SERVER_HANDLE, 0 for an opened handle, -1 never called. */
EXPORT int fake_last_on_current_server(const char *function) {
    struct call *c = call_named(function, 0);
    return c ? c->last_on_current_server : -1;
}

EXPORT void fake_set_latency_ms(int ms) { latency_ms = ms; }
EXPORT int fake_max_in_flight(void) { return max_in_flight; }
EXPORT int fake_shared_handle_calls(void) { return shared_handle_calls; }

EXPORT int fake_open_handles(void) {
    int open = 0;
    for (int i = 0; i < handles_used; i++) {
        open += handles[i];
    }
    return open;
}

EXPORT int fake_bad_closes(void) { return bad_closes; }

EXPORT int fake_outstanding_allocations(void) {
    int n = 0;
    for (int i = 0; i < MAX_BUFFERS; i++) {
        n += buffers[i] != NULL;
    }
    return n;
}

EXPORT int fake_bad_frees(void) { return bad_frees; }
EXPORT const char *fake_last_server_name(void) { return last_server_name; }
EXPORT const char *fake_last_title(void) { return last_title; }
EXPORT const char *fake_last_text(void) { return last_text; }
EXPORT DWORD fake_last_title_bytes(void) { return last_title_bytes; }
EXPORT DWORD fake_last_text_bytes(void) { return last_text_bytes; }
EXPORT DWORD fake_last_style(void) { return last_style; }
EXPORT DWORD fake_last_timeout(void) { return last_timeout; }

/** The layout this compiler gives the SDK structures, to check the Java declarations against. */
EXPORT int fake_offset_of(const char *field) {
#define FIELD(type, name) if (strcmp(field, #type "." #name) == 0) return (int) offsetof(type, name);
    FIELD(WTS_SESSION_INFOW, SessionId) FIELD(WTS_SESSION_INFOW, pWinStationName) FIELD(WTS_SESSION_INFOW, State)
    FIELD(WTSINFOW, State) FIELD(WTSINFOW, SessionId) FIELD(WTSINFOW, IncomingBytes) FIELD(WTSINFOW, OutgoingBytes)
    FIELD(WTSINFOW, IncomingFrames) FIELD(WTSINFOW, OutgoingFrames) FIELD(WTSINFOW, IncomingCompressedBytes)
    FIELD(WTSINFOW, OutgoingCompressedBytes) FIELD(WTSINFOW, WinStationName) FIELD(WTSINFOW, Domain)
    FIELD(WTSINFOW, UserName) FIELD(WTSINFOW, ConnectTime) FIELD(WTSINFOW, DisconnectTime)
    FIELD(WTSINFOW, LastInputTime) FIELD(WTSINFOW, LogonTime) FIELD(WTSINFOW, CurrentTime)
    FIELD(WTS_CLIENT_ADDRESS, AddressFamily) FIELD(WTS_CLIENT_ADDRESS, Address)
    FIELD(WTS_SESSION_INFO_1W, ExecEnvId) FIELD(WTS_SESSION_INFO_1W, State) FIELD(WTS_SESSION_INFO_1W, SessionId)
    FIELD(WTS_SESSION_INFO_1W, pSessionName) FIELD(WTS_SESSION_INFO_1W, pHostName)
    FIELD(WTS_SESSION_INFO_1W, pUserName) FIELD(WTS_SESSION_INFO_1W, pDomainName)
    FIELD(WTS_SESSION_INFO_1W, pFarmName)
    FIELD(WTS_PROCESS_INFO_EXW, SessionId) FIELD(WTS_PROCESS_INFO_EXW, ProcessId)
    FIELD(WTS_PROCESS_INFO_EXW, pProcessName) FIELD(WTS_PROCESS_INFO_EXW, pUserSid)
    FIELD(WTS_PROCESS_INFO_EXW, NumberOfThreads) FIELD(WTS_PROCESS_INFO_EXW, HandleCount)
    FIELD(WTS_PROCESS_INFO_EXW, PagefileUsage) FIELD(WTS_PROCESS_INFO_EXW, PeakPagefileUsage)
    FIELD(WTS_PROCESS_INFO_EXW, WorkingSetSize) FIELD(WTS_PROCESS_INFO_EXW, PeakWorkingSetSize)
    FIELD(WTS_PROCESS_INFO_EXW, UserTime) FIELD(WTS_PROCESS_INFO_EXW, KernelTime)
#undef FIELD
    if (strcmp(field, "WTS_PROCESS_INFO_EXW") == 0) return (int) sizeof(WTS_PROCESS_INFO_EXW);
    if (strcmp(field, "WTS_SESSION_INFOW") == 0) return (int) sizeof(WTS_SESSION_INFOW);
    if (strcmp(field, "WTSINFOW") == 0) return (int) sizeof(WTSINFOW);
    if (strcmp(field, "WTS_CLIENT_ADDRESS") == 0) return (int) sizeof(WTS_CLIENT_ADDRESS);
    if (strcmp(field, "WTS_SESSION_INFO_1W") == 0) return (int) sizeof(WTS_SESSION_INFO_1W);
    return -1;
}

/* ---- wtsapi32 ---- */

static HANDLE open_server(WCHAR *server_name) {
    record("WTSOpenServerExW", NULL, 0, 0);
    utf16_to_utf8(server_name, server_name ? units_of(server_name) : 0, last_server_name, TEXT);
    DWORD error = failure_of("WTSOpenServerExW", 0, -1);
    if (error || handles_used == MAX_HANDLES) {
        fail(error ? error : ERROR_INVALID_PARAMETER);
        return NULL;
    }
    handles[handles_used] = 1;
    HANDLE handle = &handles[handles_used++];
    succeed();
    return handle;
}

static void close_server(HANDLE server) {
    record("WTSCloseServer", server, 0, 0);
    if (server == NULL || !valid_server(server)) {
        bad_closes++;
        return;
    }
    *(int *) server = 0;
    errno = (int) stale_error; /* like any later call: the error of an earlier failure is gone */
}

EXPORT BOOL WTSEnumerateSessionsW(HANDLE server, DWORD reserved, DWORD version, WTS_SESSION_INFOW **out,
        DWORD *count) {
    record("WTSEnumerateSessionsW", server, 0, 0);
    if (!valid_server(server)) {
        return fail(ERROR_INVALID_HANDLE);
    }
    if (reserved != 0 || version != 1 || out == NULL || count == NULL) {
        return fail(ERROR_INVALID_PARAMETER);
    }
    DWORD error = failure_of("WTSEnumerateSessionsW", 0, -1);
    if (error) {
        return fail(error);
    }
    /* One block, as Windows does: the array, then the station names it points to. */
    size_t size = session_count * sizeof(WTS_SESSION_INFOW) + session_count * NAME * sizeof(WCHAR) + 1;
    WTS_SESSION_INFOW *array = allocate(size);
    WCHAR *names = (WCHAR *) (array + session_count);
    for (int i = 0; i < session_count; i++) {
        array[i].SessionId = sessions[i].id;
        array[i].State = sessions[i].state;
        array[i].pWinStationName = names + i * NAME;
        copy_units(array[i].pWinStationName, sessions[i].station, NAME);
    }
    *out = array;
    *count = (DWORD) session_count;
    return succeed();
}

EXPORT BOOL WTSQuerySessionInformationW(HANDLE server, DWORD id, int info_class, WCHAR **out, DWORD *bytes) {
    record("WTSQuerySessionInformationW", server, id, 0);
    if (!valid_server(server)) {
        return fail(ERROR_INVALID_HANDLE);
    }
    DWORD error = failure_of("WTSQuerySessionInformationW", id, info_class);
    if (error) {
        return fail(error);
    }
    struct session *s = session_with(id);
    if (!s) {
        return fail(ERROR_CTX_WINSTATION_NOT_FOUND);
    }
    if (info_class == WTS_SESSION_INFO) {
        WTSINFOW *info = allocate(sizeof *info);
        info->State = s->state;
        info->SessionId = s->id;
        copy_units(info->WinStationName, s->station, 32);
        copy_units(info->Domain, s->domain, 17);
        copy_units(info->UserName, s->user, 21);
        info->ConnectTime = s->connect;
        info->DisconnectTime = s->disconnect;
        info->LastInputTime = s->last_input;
        info->LogonTime = s->logon;
        info->CurrentTime = s->current;
        *out = (WCHAR *) info;
        *bytes = sizeof *info;
    } else if (info_class == WTS_CLIENT_NAME) {
        size_t units = units_of(s->client) + 1;
        WCHAR *name = allocate(units * sizeof(WCHAR));
        memcpy(name, s->client, units * sizeof(WCHAR));
        *out = name;
        *bytes = (DWORD) (units * sizeof(WCHAR));
    } else if (info_class == WTS_CLIENT_ADDRESS_CLASS) {
        WTS_CLIENT_ADDRESS *address = allocate(sizeof *address);
        address->AddressFamily = s->family;
        memcpy(address->Address, s->address, sizeof address->Address);
        *out = (WCHAR *) address;
        *bytes = sizeof *address;
    } else {
        return fail(ERROR_INVALID_PARAMETER);
    }
    return succeed();
}

/* A copy of name in block at *next, or NULL for an empty name (as Windows gives for "no user"). */
static WCHAR *put_string(WCHAR **next, const WCHAR *name) {
    if (!name[0]) {
        return NULL;
    }
    WCHAR *out = *next;
    size_t units = units_of(name) + 1;
    memcpy(out, name, units * sizeof(WCHAR));
    *next += units;
    return out;
}

EXPORT BOOL WTSEnumerateSessionsExW(HANDLE server, DWORD *level, DWORD filter, WTS_SESSION_INFO_1W **out,
        DWORD *count) {
    record("WTSEnumerateSessionsExW", server, 0, 0);
    if (!valid_server(server)) {
        return fail(ERROR_INVALID_HANDLE);
    }
    if (level == NULL || *level != 1 || filter != 0 || out == NULL || count == NULL) {
        return fail(ERROR_INVALID_PARAMETER);
    }
    DWORD error = failure_of("WTSEnumerateSessionsExW", 0, -1);
    if (error) {
        return fail(error);
    }
    /* One block: the array, then the strings it points to (session, user and domain name each). */
    size_t size = session_count * sizeof(WTS_SESSION_INFO_1W) + session_count * 3 * NAME * sizeof(WCHAR) + 1;
    int slot = allocate_slot(size, session_count, WTS_TYPE_SESSION_INFO_LEVEL1);
    if (slot < 0) {
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    }
    WTS_SESSION_INFO_1W *array = buffers[slot];
    WCHAR *next = (WCHAR *) (array + session_count);
    for (int i = 0; i < session_count; i++) {
        array[i].ExecEnvId = (DWORD) i + 1;
        array[i].State = sessions[i].state;
        array[i].SessionId = sessions[i].id;
        array[i].pSessionName = put_string(&next, sessions[i].station);
        array[i].pHostName = NULL; /* not on a virtual machine */
        array[i].pUserName = put_string(&next, sessions[i].user);
        array[i].pDomainName = sessions[i].user[0] ? put_string(&next, sessions[i].domain) : NULL;
        array[i].pFarmName = NULL;
    }
    *out = array;
    *count = (DWORD) session_count;
    return succeed();
}

/*
 * All processes of all sessions (or of one), level 1. One block, as Windows does: the array, then the
 * names and a SID per process it points to.
 */
EXPORT BOOL WTSEnumerateProcessesExW(HANDLE server, DWORD *level, DWORD session, WTS_PROCESS_INFO_EXW **out,
        DWORD *count) {
    pthread_mutex_lock(&lock);
    record("WTSEnumerateProcessesExW", server, session, 0);
    BOOL ok;
    if (!valid_server(server)) {
        ok = fail(ERROR_INVALID_HANDLE);
    } else if (level == NULL || *level != 1 || out == NULL || count == NULL) {
        ok = fail(ERROR_INVALID_PARAMETER);
    } else if (failure_of("WTSEnumerateProcessesExW", 0, -1)) {
        ok = fail(failure_of("WTSEnumerateProcessesExW", 0, -1));
    } else {
        int n = 0;
        for (int i = 0; i < process_count; i++) {
            n += session == WTS_ANY_SESSION || processes[i].session == session;
        }
        static const uint8_t sid[12] = {1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0}; /* S-1-5-18 */
        size_t size = n * sizeof(WTS_PROCESS_INFO_EXW) + n * (NAME * sizeof(WCHAR) + sizeof sid) + 1;
        int slot = allocate_slot(size, n, WTS_TYPE_PROCESS_INFO_LEVEL1);
        if (slot < 0) {
            ok = fail(ERROR_NOT_ENOUGH_MEMORY);
        } else {
            WTS_PROCESS_INFO_EXW *array = buffers[slot];
            uint8_t *sids = (uint8_t *) (array + n);
            WCHAR *next = (WCHAR *) (sids + n * sizeof sid);
            int k = 0;
            for (int i = 0; i < process_count; i++) {
                struct process *p = &processes[i];
                if (session != WTS_ANY_SESSION && p->session != session) {
                    continue;
                }
                array[k].SessionId = p->session;
                array[k].ProcessId = p->pid;
                array[k].pProcessName = put_string(&next, p->name);
                memcpy(sids + k * sizeof sid, sid, sizeof sid);
                array[k].pUserSid = sids + k * sizeof sid;
                array[k].NumberOfThreads = 4;
                array[k].HandleCount = 100;
                array[k].WorkingSetSize = 1 << 20;
                array[k].UserTime = p->user;
                array[k].KernelTime = p->kernel;
                k++;
            }
            *out = array;
            *count = (DWORD) n;
            ok = succeed();
        }
    }
    int error = errno;
    pthread_mutex_unlock(&lock);
    errno = error;
    return ok;
}

/* Arrays of WTSEnumerateSessionsExW and WTSEnumerateProcessesExW come back here with their type and count. */
EXPORT BOOL WTSFreeMemoryExW(int type_class, void *memory, DWORD entries) {
    record("WTSFreeMemoryExW", NULL, entries, 0); /* fake_last_session gives the count passed */
    int slot = slot_of(memory);
    if (slot < 0 || buffer_entries[slot] < 0 || type_class != buffer_types[slot]
            || buffer_entries[slot] != (int) entries) {
        bad_frees++;
        return fail(ERROR_INVALID_PARAMETER);
    }
    release(slot);
    return succeed();
}

EXPORT void WTSFreeMemory(void *memory) {
    record("WTSFreeMemory", NULL, 0, 0);
    int slot = slot_of(memory);
    if (slot < 0 || buffer_entries[slot] >= 0) {
        bad_frees++; /* a WTS_SESSION_INFO_1W array must go to WTSFreeMemoryExW */
        return;
    }
    release(slot);
    errno = (int) stale_error;
}

static BOOL disconnect_session(HANDLE server, DWORD id, BOOL wait) {
    record("WTSDisconnectSession", server, id, wait);
    if (!valid_server(server)) {
        return fail(ERROR_INVALID_HANDLE);
    }
    DWORD error = failure_of("WTSDisconnectSession", id, -1);
    if (error) {
        return fail(error);
    }
    struct session *s = session_with(id);
    if (!s) {
        return fail(ERROR_CTX_WINSTATION_NOT_FOUND);
    }
    s->state = WTS_DISCONNECTED;
    return succeed();
}

static BOOL logoff_session(HANDLE server, DWORD id, BOOL wait) {
    record("WTSLogoffSession", server, id, wait);
    if (!valid_server(server)) {
        return fail(ERROR_INVALID_HANDLE);
    }
    DWORD error = failure_of("WTSLogoffSession", id, -1);
    if (error) {
        return fail(error);
    }
    struct session *s = session_with(id);
    if (!s) {
        return fail(ERROR_CTX_WINSTATION_NOT_FOUND);
    }
    *s = sessions[--session_count];
    return succeed();
}

static BOOL send_message(HANDLE server, DWORD id, WCHAR *title, DWORD title_bytes, WCHAR *text,
        DWORD text_bytes, DWORD style, DWORD timeout, DWORD *response, BOOL wait, int *answer_ms) {
    record("WTSSendMessageW", server, id, wait);
    if (!valid_server(server)) {
        return fail(ERROR_INVALID_HANDLE);
    }
    /* Decode exactly the given byte lengths: a wrong length shows up as a wrong text. */
    utf16_to_utf8(title, title_bytes / 2, last_title, TEXT);
    utf16_to_utf8(text, text_bytes / 2, last_text, TEXT);
    last_title_bytes = title_bytes;
    last_text_bytes = text_bytes;
    last_style = style;
    last_timeout = timeout;
    DWORD error = failure_of("WTSSendMessageW", id, -1);
    if (error) {
        return fail(error);
    }
    if (!session_with(id)) {
        return fail(ERROR_CTX_WINSTATION_NOT_FOUND);
    }
    if (response == NULL) {
        return fail(ERROR_INVALID_PARAMETER);
    }
    if (wait && (style & MB_YESNO)) {
        struct session *s = session_with(id);
        *response = s->answer;
        *answer_ms = s->answer_ms;
        questions++;
    } else {
        *response = wait ? 1 : IDASYNC;
    }
    return succeed();
}

/* ---- the exported functions that may be called concurrently ---- */

static int handle_index(HANDLE server) {
    for (int i = 0; server && i < handles_used; i++) {
        if (server == &handles[i]) {
            return i;
        }
    }
    return -1;
}

/** A call arrives: counted under way (and on its handle) for the latency, which passes outside the lock. */
static void arrive(HANDLE server) {
    pthread_mutex_lock(&lock);
    if (++in_flight > max_in_flight) {
        max_in_flight = in_flight;
    }
    int i = handle_index(server);
    if (i >= 0 && handle_busy[i]++ > 0) {
        shared_handle_calls++;
    }
    int ms = latency_ms;
    pthread_mutex_unlock(&lock);
    if (ms > 0) {
        struct timespec wait = { ms / 1000, (long) (ms % 1000) * 1000000L };
        nanosleep(&wait, NULL);
    }
}

static void depart(HANDLE server) {
    pthread_mutex_lock(&lock);
    in_flight--;
    int i = handle_index(server);
    if (i >= 0) {
        handle_busy[i]--;
    }
    pthread_mutex_unlock(&lock);
}

EXPORT HANDLE WTSOpenServerExW(WCHAR *server_name) {
    pthread_mutex_lock(&lock);
    HANDLE handle = open_server(server_name);
    int error = errno;
    pthread_mutex_unlock(&lock);
    errno = error;
    return handle;
}

EXPORT void WTSCloseServer(HANDLE server) {
    pthread_mutex_lock(&lock);
    close_server(server);
    int error = errno;
    pthread_mutex_unlock(&lock);
    errno = error;
}

EXPORT BOOL WTSDisconnectSession(HANDLE server, DWORD id, BOOL wait) {
    arrive(server);
    pthread_mutex_lock(&lock);
    BOOL ok = disconnect_session(server, id, wait);
    int error = errno;
    pthread_mutex_unlock(&lock);
    depart(server);
    errno = error;
    return ok;
}

EXPORT BOOL WTSLogoffSession(HANDLE server, DWORD id, BOOL wait) {
    arrive(server);
    pthread_mutex_lock(&lock);
    BOOL ok = logoff_session(server, id, wait);
    int error = errno;
    pthread_mutex_unlock(&lock);
    depart(server);
    errno = error;
    return ok;
}

EXPORT BOOL WTSSendMessageW(HANDLE server, DWORD id, WCHAR *title, DWORD title_bytes, WCHAR *text,
        DWORD text_bytes, DWORD style, DWORD timeout, DWORD *response, BOOL wait) {
    arrive(server);
    pthread_mutex_lock(&lock);
    int answer_ms = 0;
    BOOL ok = send_message(server, id, title, title_bytes, text, text_bytes, style, timeout, response, wait,
            &answer_ms);
    int error = errno;
    pthread_mutex_unlock(&lock);
    if (answer_ms > 0) { /* the user reads the question: the call blocks, as with bWait TRUE */
        struct timespec w = { answer_ms / 1000, (long) (answer_ms % 1000) * 1000000L };
        nanosleep(&w, NULL);
    }
    depart(server);
    errno = error;
    return ok;
}
