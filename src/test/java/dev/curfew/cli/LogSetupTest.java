package dev.curfew.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** curfew's logback.xml: one console line per event, the quiet loggers, and the levels from the environment. */
class LogSetupTest {

    /** A fresh logging context configured by the jar's logback.xml, with {@code variables} as its properties. */
    static LoggerContext configured(Map<String, String> variables) throws JoranException {
        URL shipped = LogSetupTest.class.getClassLoader().getResource("logback.xml");
        assertThat(shipped).as("logback.xml on the class path").isNotNull();
        LoggerContext context = new LoggerContext();
        variables.forEach(context::putProperty);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(shipped);
        return context;
    }

    @Test
    void configuresOneConsoleLineAndTheQuietLoggers() throws JoranException {
        LoggerContext context = configured(Map.of("CURFEW_QUARTZ_LOG_LEVEL", "info"));

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(root.getAppender("CONSOLE")).isInstanceOf(ConsoleAppender.class);
        assertThat(((ConsoleAppender<?>) root.getAppender("CONSOLE")).getTarget()).isEqualTo("System.err");
        assertThat(context.getLogger("org.drools.compiler.kie.builder.impl").getEffectiveLevel()).isEqualTo(Level.OFF);
        assertThat(context.getLogger("org.quartz.simpl.SimpleThreadPool").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.quartz.impl.jdbcjobstore.JobStoreTX").getEffectiveLevel())
                .isEqualTo(Level.INFO);
        assertThat(context.getLogger("dev.curfew.Daemon").getEffectiveLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void curfewsLevelAndTheQuartzStoresFollowTheirVariables() throws JoranException {
        LoggerContext quiet = configured(Map.of());
        assertThat(quiet.getLogger("org.quartz.impl.jdbcjobstore.JobStoreTX").getEffectiveLevel()).isEqualTo(Level.OFF);
        assertThat(quiet.getLogger("org.quartz.core.ErrorLogger").getEffectiveLevel()).isEqualTo(Level.OFF);

        LoggerContext debug = configured(Map.of("CURFEW_LOG_LEVEL", "debug"));
        assertThat(debug.getLogger("dev.curfew.Daemon").getEffectiveLevel()).isEqualTo(Level.DEBUG);
        assertThat(debug.getLogger("org.quartz.simpl.SimpleThreadPool").getEffectiveLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void aConfigurationFileGivenWithMinusDIsReadInstead(@TempDir Path dir) throws IOException, JoranException {
        Path mine = Files.writeString(dir.resolve("mine.xml"), """
                <configuration>
                  <appender name="MINE" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%msg%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="MINE"/></root>
                </configuration>
                """);
        String given = System.setProperty(ClassicConstants.CONFIG_FILE_PROPERTY, mine.toString());
        try {
            LoggerContext context = new LoggerContext();
            new ContextInitializer(context).autoConfig();
            Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            assertThat(root.getAppender("MINE")).isNotNull();
            assertThat(root.getAppender("CONSOLE")).isNull();
            assertThat(root.getLevel()).isEqualTo(Level.WARN);
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
        String root;
        String quartz;
        try {
            EnvLogLevel curfew = new EnvLogLevel(Map.of("CURFEW_LOG_LEVEL", "verbose")::get);
            curfew.setFrom("CURFEW_LOG_LEVEL");
            curfew.setOtherwise("INFO");
            root = curfew.getPropertyValue();
            EnvLogLevel store = new EnvLogLevel(Map.of("CURFEW_QUARTZ_LOG_LEVEL", " debug ")::get);
            store.setFrom("CURFEW_QUARTZ_LOG_LEVEL");
            store.setOtherwise("OFF");
            quartz = store.getPropertyValue();
        } finally {
            System.setErr(err);
        }
        assertThat(root).isEqualTo("INFO");
        assertThat(quartz).isEqualTo("DEBUG");
        assertThat(said.toString(StandardCharsets.UTF_8)).isEqualTo("curfew: CURFEW_LOG_LEVEL=\"verbose\" is not a log"
                + " level (use ERROR, WARN, INFO, DEBUG, TRACE or OFF): INFO is used" + System.lineSeparator());
    }
}
