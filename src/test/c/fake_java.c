/*
 * A stand-in for java.exe, for the tests of bin/curfew.cmd under wine (WindowsLauncherTest). Built with
 * mingw-w64 as a Windows program, so its arguments are split from its command line by the C runtime's
 * rules, as java.exe splits them.
 *
 *   java.exe -version   prints the first lines of a JDK's "java -version" to standard error, with the
 *                       version in FAKE_JAVA_VERSION (default 17.0.15), and exits 0;
 *   java.exe ARGS...    prints "fake java PATH-OF-THIS-EXE", then each argument as [ARG] on a line of its
 *                       own (UTF-8), and exits with FAKE_JAVA_EXIT (default 0).
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

static void line(HANDLE h, const wchar_t *text) {
    int n = WideCharToMultiByte(CP_UTF8, 0, text, -1, NULL, 0, NULL, NULL);
    char *utf8 = malloc(n);
    DWORD written;
    WideCharToMultiByte(CP_UTF8, 0, text, -1, utf8, n, NULL, NULL);
    WriteFile(h, utf8, (DWORD) n - 1, &written, NULL);
    WriteFile(h, "\n", 1, &written, NULL);
    free(utf8);
}

int wmain(int argc, wchar_t **argv) {
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
    HANDLE err = GetStdHandle(STD_ERROR_HANDLE);
    if (argc == 2 && wcscmp(argv[1], L"-version") == 0) {
        const wchar_t *version = _wgetenv(L"FAKE_JAVA_VERSION");
        wchar_t first[256];
        swprintf(first, 256, L"openjdk version \"%ls\" 2025-04-15", version ? version : L"17.0.15");
        line(err, first);
        line(err, L"OpenJDK Runtime Environment (a stand-in for the tests)");
        return 0;
    }
    wchar_t self[MAX_PATH];
    wchar_t head[MAX_PATH + 16];
    GetModuleFileNameW(NULL, self, MAX_PATH);
    swprintf(head, MAX_PATH + 16, L"fake java %ls", self);
    line(out, head);
    for (int i = 1; i < argc; i++) {
        size_t n = wcslen(argv[i]) + 3;
        wchar_t *quoted = malloc(n * sizeof(wchar_t));
        swprintf(quoted, n, L"[%ls]", argv[i]);
        line(out, quoted);
        free(quoted);
    }
    const wchar_t *code = _wgetenv(L"FAKE_JAVA_EXIT");
    return code ? _wtoi(code) : 0;
}
