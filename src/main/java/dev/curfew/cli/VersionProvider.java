package dev.curfew.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, or "development" when run from classes. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"curfew " + (v == null ? "development" : v),
            "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name")};
    }
}
