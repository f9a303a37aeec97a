package dev.curfew.cli;

import dev.curfew.windows.ServiceManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code curfew service ...}: the Windows service, through the Service Control Manager. */
@Command(name = "service", mixinStandardHelpOptions = true,
        description = {
            "Installs, removes, starts, stops or shows curfew as a Windows service.",
            "Needs administrator rights (the Service Control Manager checks them)."},
        subcommands = {ServiceCommand.Install.class, ServiceCommand.Uninstall.class, ServiceCommand.Start.class,
            ServiceCommand.Stop.class, ServiceCommand.Status.class})
final class ServiceCommand {

    @ParentCommand
    CurfewCommand root;

    /** The options every service command has. */
    abstract static class Verb implements Callable<Integer> {
        @ParentCommand
        ServiceCommand service;

        @Spec
        CommandSpec spec;

        @Option(names = "--name", paramLabel = "NAME", defaultValue = "curfew",
                description = "The service's name (default: ${DEFAULT-VALUE}).")
        String name;

        void print(String line) {
            spec.commandLine().getOut().println(line);
            spec.commandLine().getOut().flush();
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = {
                "Creates the service: it runs `curfew --config DIR --rules DIR run --service` with this",
                "installation's java and jar, restarts after a failure (after 1 minute, twice, then not),",
                "and registers the event log's source `curfew`.",
                "The account: LocalSystem (the default) is enough for localhost; remote servers need",
                "a domain account or a gMSA (DOMAIN\\name$, no password) given Remote Desktop",
                "\"Full Control\" on each server."})
    static final class Install extends Verb {
        @Option(names = "--account", paramLabel = "ACCOUNT",
                description = "The account the service runs as: DOMAIN\\user, DOMAIN\\gmsa$ (default: LocalSystem).")
        String account;

        @Option(names = "--password-file", paramLabel = "FILE",
                description = "A file whose first line is the account's password (not for LocalSystem or a gMSA).")
        Path passwordFile;

        @Option(names = "--start", paramLabel = "auto|delayed|manual", defaultValue = "auto",
                description = "When Windows starts it: auto (at boot), delayed (shortly after boot), manual "
                        + "(default: ${DEFAULT-VALUE}).")
        ServiceManager.Start start;

        @Option(names = "--home", paramLabel = "DIR",
                description = "The installation folder, holding lib\\curfew.jar (default: the one running).")
        Path home;

        @Override
        public Integer call() {
            if (passwordFile != null && account == null) {
                throw new UsageException("service install: --password-file needs --account");
            }
            String password = passwordFile == null ? null : password(passwordFile);
            Path installation = home != null ? home : installation();
            CurfewCommand root = service.root;
            String binary = ServiceManager.binaryPath(System.getProperty("java.home"),
                    installation.toAbsolutePath().toString(), root.configDir.toAbsolutePath().toString(),
                    root.rulesDir.toAbsolutePath().toString());
            boolean localSystem = account == null || account.equalsIgnoreCase("LocalSystem");
            ServiceManager.load().install(new ServiceManager.Installation(name, binary,
                    localSystem ? null : account, password, start));
            print("installed the service " + name + " (" + start.name().toLowerCase(java.util.Locale.ROOT)
                    + " start, " + (localSystem ? "LocalSystem" : account) + "): curfew service start --name "
                    + name);
            return Main.DONE;
        }

        private static String password(Path file) {
            try {
                return Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("");
            } catch (IOException e) {
                throw new UsageException("service install: cannot read --password-file " + file + ": " + e.getMessage());
            }
        }

        private static Path installation() {
            String property = System.getProperty(InstallationDefaults.HOME_PROPERTY);
            if (property != null && !property.isBlank()) {
                return Path.of(property);
            }
            try {
                Path jar = Path.of(ServiceCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (jar.toString().endsWith(".jar") && jar.getParent() != null && jar.getParent().getParent() != null) {
                    return jar.getParent().getParent();
                }
            } catch (java.net.URISyntaxException | SecurityException e) {
                // falls through to the usage error
            }
            throw new UsageException("service install: the installation folder is unknown (run bin\\curfew.cmd of "
                    + "the release archive, or give --home DIR)");
        }
    }

    @Command(name = "uninstall", mixinStandardHelpOptions = true,
            description = "Deletes the service (once it has stopped) and the event log's source.")
    static final class Uninstall extends Verb {
        @Override
        public Integer call() {
            ServiceManager.load().uninstall(name);
            print("uninstalled the service " + name);
            return Main.DONE;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Starts the service.")
    static final class Start extends Verb {
        @Override
        public Integer call() {
            ServiceManager.load().start(name);
            print("started the service " + name);
            return Main.DONE;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Asks the service to stop.")
    static final class Stop extends Verb {
        @Override
        public Integer call() {
            print(name + ": " + ServiceManager.load().stop(name));
            return Main.DONE;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Shows the service's state: running, stopped, starting, stopping...")
    static final class Status extends Verb {
        @Override
        public Integer call() {
            print(name + ": " + ServiceManager.load().status(name));
            return Main.DONE;
        }
    }
}
