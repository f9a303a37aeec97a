@echo off
rem curfew's launcher in the release archive, for Windows: runs lib\curfew.jar with the installation's
rem folder as curfew.home, so config\, rules\ and data\ are found from any current folder (README,
rem "Install from the release archive"). Java: JAVA_HOME's bin\java.exe, else java.exe on the PATH; 17
rem or newer. CURFEW_JAVA_OPTS: JVM options of your own. Exits with curfew's exit code, or 2 when no
rem usable java is found. The arguments go to java as they were given, so quoted ones keep their
rem spaces, percent signs, ampersands, carets and any other character. (No percent sign in these
rem comments: cmd expands them even here.)
setlocal DisableDelayedExpansion

rem The installation: the folder above bin\, without a trailing backslash (it would escape the quote
rem that follows it on java's command line).
for %%i in ("%~dp0..") do set "CURFEW_HOME=%%~fi"
if "%CURFEW_HOME:~-1%"=="\" set "CURFEW_HOME=%CURFEW_HOME%."

if defined JAVA_HOME goto javaHome
set "CURFEW_JAVA="
for %%j in (java.exe) do set "CURFEW_JAVA=%%~$PATH:j"
if defined CURFEW_JAVA goto version
>&2 echo curfew: no java found (JAVA_HOME is not set and there is no java.exe on the PATH); install a Java 17 (or newer) runtime
exit /b 2

:javaHome
set "CURFEW_JAVA=%JAVA_HOME%\bin\java.exe"
if exist "%CURFEW_JAVA%" goto version
setlocal EnableDelayedExpansion
>&2 echo curfew: JAVA_HOME is !JAVA_HOME!, which has no bin\java.exe; set it to a Java 17 (or newer) runtime, or unset it to use the java.exe on the PATH
exit /b 2

:version
rem The line of "java -version" that says: openjdk version "17.0.9" 2023-10-17, or java version "1.8.0_392".
set "CURFEW_JAVA_VERSION="
for /f "tokens=1-3" %%a in ('^""%CURFEW_JAVA%" -version 2^>^&1^"') do (
  if "%%b"=="version" if not defined CURFEW_JAVA_VERSION set "CURFEW_JAVA_VERSION=%%~c"
)
set "CURFEW_JAVA_MAJOR="
if defined CURFEW_JAVA_VERSION for /f "tokens=1,2 delims=.-+_" %%a in ("%CURFEW_JAVA_VERSION%") do (
  if "%%a"=="1" (set "CURFEW_JAVA_MAJOR=%%b") else set "CURFEW_JAVA_MAJOR=%%a"
)
if not defined CURFEW_JAVA_MAJOR goto tooOld
if %CURFEW_JAVA_MAJOR% LSS 17 goto tooOld

rem An idle daemon collects its heap every 10 s and gives back what the rules' compilation took, as with bin/curfew;
rem CURFEW_JAVA_OPTS comes after and can override them.
"%CURFEW_JAVA%" -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:G1PeriodicGCInterval=10000 %CURFEW_JAVA_OPTS% "-Dcurfew.home=%CURFEW_HOME%" -jar "%CURFEW_HOME%\lib\curfew.jar" %*
exit /b %ERRORLEVEL%

:tooOld
if not defined CURFEW_JAVA_VERSION set "CURFEW_JAVA_VERSION=of an unknown version"
setlocal EnableDelayedExpansion
>&2 echo curfew: !CURFEW_JAVA! is Java !CURFEW_JAVA_VERSION!; curfew needs Java 17 or newer (set JAVA_HOME to one)
exit /b 2
