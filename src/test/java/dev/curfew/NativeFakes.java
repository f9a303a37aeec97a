package dev.curfew;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The fake Windows libraries of {@code src/test/c}, compiled with {@code $CC} (default gcc) into
 * {@code target/native}, which is put first on {@code jna.library.path}: JNA then finds them by their
 * Windows names ("Wtsapi32", "Advapi32", ...) as it would the real DLLs.
 */
public final class NativeFakes {
    private NativeFakes() {
    }

    /** The C sources of {@code src/test/c} whose names start with {@code prefix}, sorted. */
    public static List<Path> sources(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(sourceDirectory())) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix) && f.toString().endsWith(".c"))
                    .sorted().toList();
        }
    }

    /** Compiles {@code sources} into one shared library named {@code library} (e.g. "Advapi32") on the path. */
    public static void compile(String library, List<Path> sources) throws IOException, InterruptedException {
        Path out = Files.createDirectories(targetDirectory().resolve("native"));
        String cc = System.getenv().getOrDefault("CC", "gcc");
        List<String> command = new ArrayList<>(List.of(cc, "-shared", "-fPIC", "-std=c11", "-O1", "-pthread",
                "-Wall", "-Wextra", "-Werror", "-o", out.resolve(System.mapLibraryName(library)).toString()));
        sources.forEach(source -> command.add(source.toString()));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("the Windows binding tests compile fake DLLs with a C compiler, but \""
                    + cc + "\" cannot be run (install gcc or set CC): " + e.getMessage(), e);
        }
        boolean done = process.waitFor(2, TimeUnit.MINUTES);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        String path = System.getProperty("jna.library.path");
        if (path == null || path.isEmpty()) {
            System.setProperty("jna.library.path", out.toString());
        } else if (!List.of(path.split(File.pathSeparator)).contains(out.toString())) {
            System.setProperty("jna.library.path", out + File.pathSeparator + path);
        }
    }

    private static Path sourceDirectory() {
        return targetDirectory().getParent().resolve("src/test/c");
    }

    private static Path targetDirectory() {
        try {
            // target/test-classes -> target
            Path classes = Path.of(NativeFakes.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
