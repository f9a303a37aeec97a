package dev.curfew.cli;

import java.nio.file.Path;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The defaults of {@code --config} and {@code --rules}: the installation's {@code config/} and {@code rules/}
 * when the launcher of a release archive names the installation ({@code -Dcurfew.home=DIR}), so that
 * {@code bin/curfew run} works from any folder; else {@code config} and {@code rules} in the current folder,
 * as in a clone of the repository.
 */
final class InstallationDefaults implements IDefaultValueProvider {
    static final String HOME_PROPERTY = "curfew.home";

    private final Path home;

    /** {@code home} is the installation's folder, or null or blank for none. */
    InstallationDefaults(String home) {
        this.home = home == null || home.isBlank() ? null : Path.of(home);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (home == null || !(arg instanceof OptionSpec option)) {
            return null;
        }
        return switch (option.longestName()) {
            case "--config" -> home.resolve("config").toString();
            case "--rules" -> home.resolve("rules").toString();
            default -> null;
        };
    }
}
