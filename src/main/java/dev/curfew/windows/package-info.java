/**
 * curfew on Windows through advapi32: the Windows service (install, start, stop, {@code run --service})
 * and the event log. Each binding is a plain JNA {@link com.sun.jna.Library} in the C calling convention
 * (the only one on Windows x64), so it loads on Linux against the fakes the tests compile from
 * {@code src/test/c}. Strings go in as UTF-16LE memory ({@link dev.curfew.session.wts.Utf16}).
 */
package dev.curfew.windows;
