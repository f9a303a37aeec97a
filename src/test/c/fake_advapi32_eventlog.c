/*
 * The event log and registry part of the fake advapi32 (linked into the same library as
 * fake_advapi32.c): RegisterEventSourceW, ReportEventW, DeregisterEventSource, and the registry
 * calls of `service install` / `uninstall` on HKEY_LOCAL_MACHINE. Each event is recorded with its
 * type, category, id and strings (decoded from UTF-16LE into UTF-8 for the test), and each registry
 * value written is kept under its key, so tests read them back. ReportEventW can be held (it waits
 * until released, as a stuck event log would) or made to fail with an error (in errno, where JNA
 * reads the last error off Windows). Open event sources and registry keys are counted, so tests
 * assert that every handle is closed.
 *
 * Every exported control is named fake_eventlog_... or fake_registry_..., apart from the service
 * fake's controls in the same library.
 */
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))

typedef int BOOL;
typedef uint16_t WCHAR;
typedef uint16_t WORD;
typedef uint32_t DWORD;
typedef int32_t LONG;
typedef void *HANDLE;

#define ERROR_SUCCESS 0
#define ERROR_FILE_NOT_FOUND 2
#define ERROR_INVALID_HANDLE 6
#define ERROR_INVALID_PARAMETER 87

/* As windows.h has it: ((HKEY)(ULONG_PTR)((LONG)0x80000002)), sign-extended on x64. */
#define HKEY_LOCAL_MACHINE ((uintptr_t) (intptr_t) (int32_t) 0x80000002)

#define MAX_EVENTS 4096
#define MAX_SOURCES 16
#define MAX_KEYS 16
#define MAX_VALUES 64
#define TEXT 4096
#define NAME 512

struct event {
    WORD type;
    WORD category;
    DWORD id;
    WORD strings;
    char text[TEXT]; /* the strings, UTF-8, joined by '\n' */
};

struct value {
    char key[NAME];
    char name[NAME];
    DWORD type;
    char text[NAME]; /* REG_SZ / REG_EXPAND_SZ decoded, REG_DWORD as decimal */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;

static struct event *events; /* MAX_EVENTS, allocated on first use */
static int event_count;
static int held, waiting;
static DWORD report_error;
static DWORD register_error;
static char source_name[NAME];
static int source_open[MAX_SOURCES];
static int bad_deregisters;

static char key_path[MAX_KEYS][NAME];
static int key_open[MAX_KEYS];
static int bad_key_closes;
static DWORD registry_error;
static struct value values[MAX_VALUES];
static int value_count;
static char existing[MAX_KEYS][NAME]; /* the keys created and not deleted */
static int existing_count;
static int last_sam;

static void to_utf8(const WCHAR *in, size_t max_units, char *out, size_t max_bytes) {
    size_t n = 0;
    for (size_t i = 0; in && i < max_units && in[i]; i++) {
        uint32_t c = in[i];
        if (c >= 0xD800 && c < 0xDC00 && i + 1 < max_units && in[i + 1] >= 0xDC00 && in[i + 1] < 0xE000) {
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

static BOOL fail(DWORD error) {
    errno = (int) error;
    return 0;
}

/* ---- controls ---- */

EXPORT void fake_eventlog_reset(void) {
    pthread_mutex_lock(&lock);
    event_count = 0;
    held = 0;
    report_error = 0;
    register_error = 0;
    source_name[0] = 0;
    memset(source_open, 0, sizeof source_open);
    bad_deregisters = 0;
    memset(key_open, 0, sizeof key_open);
    bad_key_closes = 0;
    registry_error = 0;
    value_count = 0;
    existing_count = 0;
    last_sam = 0;
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&lock);
}

/* While held, ReportEventW waits (outside no lock the test needs) until released. */
EXPORT void fake_eventlog_hold(int on) {
    pthread_mutex_lock(&lock);
    held = on;
    pthread_cond_broadcast(&changed);
    pthread_mutex_unlock(&lock);
}

/* The ReportEventW calls waiting in a hold now. */
EXPORT int fake_eventlog_waiting(void) {
    pthread_mutex_lock(&lock);
    int n = waiting;
    pthread_mutex_unlock(&lock);
    return n;
}

EXPORT void fake_eventlog_fail_reports(DWORD error) { report_error = error; }
EXPORT void fake_eventlog_fail_register(DWORD error) { register_error = error; }
EXPORT void fake_registry_fail(DWORD error) { registry_error = error; }

EXPORT int fake_eventlog_count(void) {
    pthread_mutex_lock(&lock);
    int n = event_count;
    pthread_mutex_unlock(&lock);
    return n;
}

EXPORT int fake_eventlog_type(int i) { return i < event_count ? events[i].type : -1; }
EXPORT int fake_eventlog_category(int i) { return i < event_count ? events[i].category : -1; }
EXPORT int fake_eventlog_id(int i) { return i < event_count ? (int) events[i].id : -1; }
EXPORT int fake_eventlog_strings(int i) { return i < event_count ? events[i].strings : -1; }
EXPORT const char *fake_eventlog_text(int i) { return i < event_count ? events[i].text : ""; }
EXPORT const char *fake_eventlog_source_name(void) { return source_name; }

EXPORT int fake_eventlog_open_sources(void) {
    int n = 0;
    for (int i = 0; i < MAX_SOURCES; i++) {
        n += source_open[i];
    }
    return n;
}

EXPORT int fake_eventlog_bad_deregisters(void) { return bad_deregisters; }

/* The value named `name` of `key` (below HKEY_LOCAL_MACHINE) as text, or NULL when there is none. */
EXPORT const char *fake_registry_value(const char *key, const char *name) {
    for (int i = 0; i < value_count; i++) {
        if (strcmp(values[i].key, key) == 0 && strcmp(values[i].name, name) == 0) {
            return values[i].text;
        }
    }
    return NULL;
}

EXPORT int fake_registry_value_type(const char *key, const char *name) {
    for (int i = 0; i < value_count; i++) {
        if (strcmp(values[i].key, key) == 0 && strcmp(values[i].name, name) == 0) {
            return (int) values[i].type;
        }
    }
    return -1;
}

EXPORT int fake_registry_values(void) { return value_count; }

EXPORT int fake_registry_key_exists(const char *key) {
    for (int i = 0; i < existing_count; i++) {
        if (strcmp(existing[i], key) == 0) {
            return 1;
        }
    }
    return 0;
}
EXPORT int fake_registry_last_sam(void) { return last_sam; }

EXPORT int fake_registry_open_keys(void) {
    int n = 0;
    for (int i = 0; i < MAX_KEYS; i++) {
        n += key_open[i];
    }
    return n;
}

EXPORT int fake_registry_bad_closes(void) { return bad_key_closes; }

/* ---- the event log ---- */

static HANDLE source_handle(int slot) { return (HANDLE) (uintptr_t) (0xE7000 + slot); }

static int source_slot(HANDLE h) {
    uintptr_t v = (uintptr_t) h;
    if (v < 0xE7000 || v >= 0xE7000 + MAX_SOURCES || !source_open[v - 0xE7000]) {
        return -1;
    }
    return (int) (v - 0xE7000);
}

EXPORT HANDLE RegisterEventSourceW(const WCHAR *server, const WCHAR *source) {
    if (register_error) {
        fail(register_error);
        return NULL;
    }
    if (server != NULL || source == NULL) {
        fail(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    pthread_mutex_lock(&lock);
    int slot = -1;
    for (int i = 0; i < MAX_SOURCES && slot < 0; i++) {
        if (!source_open[i]) {
            slot = i;
        }
    }
    if (slot >= 0) {
        source_open[slot] = 1;
        to_utf8(source, NAME, source_name, sizeof source_name);
    }
    pthread_mutex_unlock(&lock);
    if (slot < 0) {
        fail(ERROR_INVALID_HANDLE);
        return NULL;
    }
    return source_handle(slot);
}

EXPORT BOOL ReportEventW(HANDLE source, WORD type, WORD category, DWORD id, void *user_sid, WORD count,
        DWORD data_size, const WCHAR **strings, void *data) {
    (void) user_sid;
    (void) data;
    pthread_mutex_lock(&lock);
    waiting++;
    while (held) {
        pthread_cond_wait(&changed, &lock);
    }
    waiting--;
    DWORD error = report_error;
    if (!error && source_slot(source) < 0) {
        error = ERROR_INVALID_HANDLE;
    }
    if (!error && (data_size != 0 || (count > 0 && strings == NULL))) {
        error = ERROR_INVALID_PARAMETER;
    }
    if (error) {
        pthread_mutex_unlock(&lock);
        return fail(error);
    }
    if (events == NULL) {
        events = calloc(MAX_EVENTS, sizeof *events);
    }
    if (events != NULL && event_count < MAX_EVENTS) {
        struct event *e = &events[event_count++];
        e->type = type;
        e->category = category;
        e->id = id;
        e->strings = count;
        size_t n = 0;
        e->text[0] = 0;
        for (WORD i = 0; i < count && n + 1 < TEXT; i++) {
            if (i > 0) {
                e->text[n++] = '\n';
            }
            to_utf8(strings[i], 32768, e->text + n, TEXT - n);
            n = strlen(e->text);
        }
    }
    pthread_mutex_unlock(&lock);
    errno = 0;
    return 1;
}

EXPORT BOOL DeregisterEventSource(HANDLE source) {
    pthread_mutex_lock(&lock);
    int slot = source_slot(source);
    if (slot < 0) {
        bad_deregisters++;
    } else {
        source_open[slot] = 0;
    }
    pthread_mutex_unlock(&lock);
    return slot < 0 ? fail(ERROR_INVALID_HANDLE) : 1;
}

/* ---- the registry ---- */

static uintptr_t key_handle(int slot) { return 0xA6000 + (uintptr_t) slot; }

static int key_slot(uintptr_t h) {
    if (h < 0xA6000 || h >= 0xA6000 + MAX_KEYS || !key_open[h - 0xA6000]) {
        return -1;
    }
    return (int) (h - 0xA6000);
}

EXPORT LONG RegCreateKeyExW(uintptr_t key, const WCHAR *sub_key, DWORD reserved, WCHAR *class_name, DWORD options,
        DWORD sam, void *security, uintptr_t *result, DWORD *disposition) {
    (void) class_name;
    (void) security;
    if (registry_error) {
        return (LONG) registry_error;
    }
    if (key != HKEY_LOCAL_MACHINE) {
        return ERROR_INVALID_HANDLE;
    }
    if (sub_key == NULL || reserved != 0 || options != 0 || result == NULL) {
        return ERROR_INVALID_PARAMETER;
    }
    pthread_mutex_lock(&lock);
    int slot = -1;
    for (int i = 0; i < MAX_KEYS && slot < 0; i++) {
        if (!key_open[i]) {
            slot = i;
        }
    }
    if (slot >= 0) {
        key_open[slot] = 1;
        to_utf8(sub_key, NAME, key_path[slot], NAME);
        last_sam = (int) sam;
        int known = 0;
        for (int i = 0; i < existing_count; i++) {
            known |= strcmp(existing[i], key_path[slot]) == 0;
        }
        if (!known && existing_count < MAX_KEYS) {
            snprintf(existing[existing_count++], NAME, "%s", key_path[slot]);
        }
    }
    pthread_mutex_unlock(&lock);
    if (slot < 0) {
        return ERROR_INVALID_HANDLE;
    }
    *result = key_handle(slot);
    if (disposition != NULL) {
        *disposition = 1; /* REG_CREATED_NEW_KEY */
    }
    return ERROR_SUCCESS;
}

EXPORT LONG RegSetValueExW(uintptr_t key, const WCHAR *name, DWORD reserved, DWORD type, const uint8_t *data,
        DWORD size) {
    if (registry_error) {
        return (LONG) registry_error;
    }
    pthread_mutex_lock(&lock);
    int slot = key_slot(key);
    LONG status = ERROR_SUCCESS;
    if (slot < 0) {
        status = ERROR_INVALID_HANDLE;
    } else if (reserved != 0 || name == NULL || data == NULL || value_count >= MAX_VALUES) {
        status = ERROR_INVALID_PARAMETER;
    } else if ((type == 1 || type == 2) && (size < 2 || size % 2 != 0 || data[size - 1] != 0 || data[size - 2] != 0)) {
        status = ERROR_INVALID_PARAMETER; /* a string's size counts its terminating NUL */
    } else if (type == 4 && size != 4) {
        status = ERROR_INVALID_PARAMETER;
    } else {
        struct value *v = &values[value_count++];
        snprintf(v->key, NAME, "%s", key_path[slot]);
        to_utf8(name, NAME, v->name, NAME);
        v->type = type;
        if (type == 4) {
            DWORD d = (DWORD) data[0] | (DWORD) data[1] << 8 | (DWORD) data[2] << 16 | (DWORD) data[3] << 24;
            snprintf(v->text, NAME, "%u", d);
        } else {
            WCHAR units[NAME];
            size_t n = size / 2 < NAME ? size / 2 : NAME - 1;
            memcpy(units, data, n * 2);
            units[n < NAME ? n : NAME - 1] = 0;
            to_utf8(units, NAME, v->text, NAME);
        }
    }
    pthread_mutex_unlock(&lock);
    return status;
}

EXPORT LONG RegDeleteTreeW(uintptr_t key, const WCHAR *sub_key) {
    if (registry_error) {
        return (LONG) registry_error;
    }
    if (key != HKEY_LOCAL_MACHINE) {
        return ERROR_INVALID_HANDLE;
    }
    if (sub_key == NULL) {
        return ERROR_INVALID_PARAMETER; /* curfew never deletes below HKEY_LOCAL_MACHINE itself */
    }
    char path[NAME];
    to_utf8(sub_key, NAME, path, NAME);
    size_t len = strlen(path);
    pthread_mutex_lock(&lock);
    int kept = 0, removed = 0;
    for (int i = 0; i < value_count; i++) {
        const char *k = values[i].key;
        if (strncmp(k, path, len) == 0 && (k[len] == 0 || k[len] == '\\')) {
            removed++;
        } else {
            values[kept++] = values[i];
        }
    }
    value_count = kept;
    kept = 0;
    for (int i = 0; i < existing_count; i++) {
        const char *k = existing[i];
        if (strncmp(k, path, len) == 0 && (k[len] == 0 || k[len] == '\\')) {
            removed++;
        } else {
            memmove(existing[kept++], k, NAME);
        }
    }
    existing_count = kept;
    pthread_mutex_unlock(&lock);
    return removed > 0 ? ERROR_SUCCESS : ERROR_FILE_NOT_FOUND;
}

EXPORT LONG RegCloseKey(uintptr_t key) {
    pthread_mutex_lock(&lock);
    int slot = key_slot(key);
    if (slot < 0) {
        bad_key_closes++;
    } else {
        key_open[slot] = 0;
    }
    pthread_mutex_unlock(&lock);
    return slot < 0 ? ERROR_INVALID_HANDLE : ERROR_SUCCESS;
}
