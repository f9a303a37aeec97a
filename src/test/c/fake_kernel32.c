/*
 * A stand-in for the two kernel32.dll functions the WTS binding calls, compiled by the test build
 * to target/native/libKernel32.so. The test sets which session the "process" runs in, or an error.
 */
#include <errno.h>
#include <stdint.h>

#define EXPORT __attribute__((visibility("default")))
#define ERROR_INVALID_PARAMETER 87
#define PROCESS_ID 4242u

typedef uint32_t DWORD;
typedef int32_t BOOL;

static DWORD own_session = 1;
static DWORD failure;

EXPORT void fake_kernel32_reset(void) {
    own_session = 1;
    failure = 0;
}

EXPORT void fake_kernel32_set_session(DWORD session) { own_session = session; }

EXPORT void fake_kernel32_fail(DWORD error) { failure = error; }

EXPORT DWORD GetCurrentProcessId(void) { return PROCESS_ID; }

EXPORT BOOL ProcessIdToSessionId(DWORD process_id, DWORD *session) {
    if (failure) {
        errno = (int) failure;
        return 0;
    }
    if (process_id != PROCESS_ID || session == 0) {
        errno = ERROR_INVALID_PARAMETER;
        return 0;
    }
    *session = own_session;
    return 1;
}
