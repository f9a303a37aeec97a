package dev.curfew.cli;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * curfew's logging, set up in code: one line per event on standard error, {@code CURFEW_LOG_LEVEL}
 * for curfew's level (INFO) and {@code CURFEW_QUARTZ_LOG_LEVEL} for the Quartz job store's (OFF).
 * Logback finds it through {@code META-INF/services}; reading an XML configuration instead took
 * about half a second of every start (500 classes of logback's configuration model and an XML
 * parser). {@code -Dlogback.configurationFile=FILE} still replaces it with that file.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n";

    private final Function<String, String> env;

    public LogSetup() {
        this(System::getenv);
    }

    LogSetup(Function<String, String> env) {
        this.env = env;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(console);
        for (Map.Entry<String, Level> e : levels().entrySet()) {
            context.getLogger(e.getKey()).setLevel(e.getValue());
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The level of each logger set, the root's first; a bad level in the environment is said and ignored. */
    Map<String, Level> levels() {
        Map<String, Level> levels = new LinkedHashMap<>();
        levels.put(Logger.ROOT_LOGGER_NAME, level("CURFEW_LOG_LEVEL", Level.INFO));
        levels.put("org.drools", Level.WARN);
        // Build errors are reported by curfew with their .drl file and line; Drools' own copies only repeat them.
        levels.put("org.drools.compiler.kie.builder.impl", Level.OFF);
        levels.put("org.kie", Level.WARN);
        levels.put("org.quartz", Level.WARN);
        // While a cluster's database is away, Quartz's JDBC job store logs every failed access with a
        // stack trace; DatabaseWatch and QuartzErrors say it in one line each.
        Level quartz = level("CURFEW_QUARTZ_LOG_LEVEL", Level.OFF);
        levels.put("org.quartz.impl.jdbcjobstore", quartz);
        levels.put("org.quartz.core.ErrorLogger", quartz);
        levels.put("com.zaxxer.hikari", Level.WARN);
        levels.put("com.zaxxer.hikari.pool.ProxyConnection", Level.ERROR);
        levels.put("org.flywaydb", Level.WARN);
        return levels;
    }

    private Level level(String variable, Level otherwise) {
        String value = env.apply(variable);
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        Level level = Level.toLevel(value.trim(), null);
        if (level == null) {
            System.err.println("curfew: " + variable + "=\"" + value + "\" is not a log level (use ERROR, WARN, INFO,"
                    + " DEBUG, TRACE or OFF): " + otherwise + " is used");
            return otherwise;
        }
        return level;
    }
}
