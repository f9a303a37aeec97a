package dev.curfew.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.core.PropertyDefinerBase;
import java.util.function.Function;

/**
 * A log level taken from a variable, for a {@code <define>} of {@code logback.xml}; logback itself would
 * take a value that is no level for DEBUG without a word. The variable is looked up as logback's
 * {@code ${...}} does: the logging context's properties, then system properties, then the environment.
 *
 * <pre>{@code
 * <define name="LEVEL" class="dev.curfew.cli.EnvLogLevel">
 *   <from>CURFEW_LOG_LEVEL</from>
 *   <otherwise>INFO</otherwise>
 * </define>
 * }</pre>
 */
public final class EnvLogLevel extends PropertyDefinerBase {
    private final Function<String, String> env;
    private String variable;
    private String otherwise = "INFO";

    public EnvLogLevel() {
        this(System::getenv);
    }

    EnvLogLevel(Function<String, String> env) {
        this.env = env;
    }

    /** The variable's name ({@code <variable>} would be logback's own element). */
    public void setFrom(String variable) {
        this.variable = variable;
    }

    public void setOtherwise(String otherwise) {
        this.otherwise = otherwise;
    }

    /** The level the variable names, or {@code otherwise} when it is unset, blank or no level (said in one line). */
    @Override
    public String getPropertyValue() {
        String value = lookup();
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        Level level = Level.toLevel(value.trim(), null);
        if (level == null) {
            System.err.println("curfew: " + variable + "=\"" + value + "\" is not a log level (use ERROR, WARN, INFO,"
                    + " DEBUG, TRACE or OFF): " + otherwise + " is used");
            return otherwise;
        }
        return level.toString();
    }

    private String lookup() {
        String value = getContext() == null ? null : getContext().getProperty(variable);
        if (value == null) {
            value = System.getProperty(variable);
        }
        return value != null ? value : env.apply(variable);
    }
}
