package dev.curfew.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class LogSetupTest {
    @Test
    void logbackFindsItAsTheFirstConfigurator() {
        assertThat(ServiceLoader.load(ch.qos.logback.classic.spi.Configurator.class).stream()
                .map(p -> p.type().getName())).contains(LogSetup.class.getName());
    }

    @Test
    void configuresOneConsoleLineAndTheQuietLoggersInsteadOfAnyXmlFile() {
        String given = System.clearProperty(ClassicConstants.CONFIG_FILE_PROPERTY);
        try {
            LoggerContext context = new LoggerContext();
            LogSetup setup = new LogSetup(Map.of("CURFEW_QUARTZ_LOG_LEVEL", "info")::get);
            setup.setContext(context);

            assertThat(setup.configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
            Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            assertThat(root.getLevel()).isEqualTo(Level.INFO);
            assertThat(root.getAppender("CONSOLE")).isInstanceOf(ConsoleAppender.class);
            assertThat(((ConsoleAppender<?>) root.getAppender("CONSOLE")).getTarget()).isEqualTo("System.err");
            assertThat(context.getLogger("org.drools.compiler.kie.builder.impl").getEffectiveLevel()).isEqualTo(Level.OFF);
            assertThat(context.getLogger("org.quartz.simpl.SimpleThreadPool").getEffectiveLevel()).isEqualTo(Level.WARN);
            assertThat(context.getLogger("org.quartz.impl.jdbcjobstore.JobStoreTX").getEffectiveLevel())
                    .isEqualTo(Level.INFO);
            assertThat(context.getLogger("dev.curfew.Daemon").getEffectiveLevel()).isEqualTo(Level.INFO);
        } finally {
            if (given != null) {
                System.setProperty(ClassicConstants.CONFIG_FILE_PROPERTY, given);
            }
        }
    }

    @Test
    void aConfigurationFileGivenWithMinusDIsReadInstead() {
        String given = System.setProperty(ClassicConstants.CONFIG_FILE_PROPERTY, "elsewhere.xml");
        try {
            LoggerContext context = new LoggerContext();
            LogSetup setup = new LogSetup(Map.<String, String>of()::get);
            setup.setContext(context);
            assertThat(setup.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE")).isNull();
        } finally {
            if (given == null) {
                System.clearProperty(ClassicConstants.CONFIG_FILE_PROPERTY);
            } else {
                System.setProperty(ClassicConstants.CONFIG_FILE_PROPERTY, given);
            }
        }
    }

    @Test
    void aLevelThatIsNoLevelIsSaidInOneLineAndTheDefaultKept() {
        PrintStream err = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
        try {
            var levels = new LogSetup(Map.of("CURFEW_LOG_LEVEL", "verbose", "CURFEW_QUARTZ_LOG_LEVEL", " debug ")::get)
                    .levels();
            assertThat(levels.get(Logger.ROOT_LOGGER_NAME)).isEqualTo(Level.INFO);
            assertThat(levels.get("org.quartz.impl.jdbcjobstore")).isEqualTo(Level.DEBUG);
        } finally {
            System.setErr(err);
        }
        assertThat(said.toString(StandardCharsets.UTF_8)).isEqualTo("curfew: CURFEW_LOG_LEVEL=\"verbose\" is not a log"
                + " level (use ERROR, WARN, INFO, DEBUG, TRACE or OFF): INFO is used" + System.lineSeparator());
    }
}
