package dev.curfew.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.time.DateTimeException;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reads one scalar of a YAML file with a parse function that throws IllegalArgumentException with
 * the accepted form; the loader adds file, line and key. A parse that gives null (for {@code off})
 * hands {@link Yaml#OFF} to the record being made, which tells it from a key left out.
 *
 * <pre>{@code
 * module.addDeserializer(ZoneId.class, TextValue.of(ZoneId.class, ZoneId::of));
 * }</pre>
 */
public class TextValue<T> extends StdScalarDeserializer<Object> {
    private static final long serialVersionUID = 1L;

    private final transient Function<String, ? extends T> parse;

    protected TextValue(Class<T> type, Function<String, ? extends T> parse) {
        super(type);
        this.parse = parse;
    }

    /** The deserializer of {@code type} by {@code parse}, to register in a module. */
    @SuppressWarnings("unchecked")
    public static <T> com.fasterxml.jackson.databind.JsonDeserializer<T> of(Class<T> type, Function<String, ? extends T> parse) {
        return (com.fasterxml.jackson.databind.JsonDeserializer<T>) (Object) new TextValue<>(type, parse);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (!p.currentToken().isScalarValue()) {
            throw JsonMappingException.from(p, "must be a single value, not a "
                    + (p.isExpectedStartArrayToken() ? "list" : "mapping"));
        }
        String text = p.getText();
        try {
            T value = parse.apply(text);
            return value == null ? Yaml.OFF : value;
        } catch (IllegalArgumentException | DateTimeException e) {
            throw JsonMappingException.from(p, e.getMessage());
        }
    }

    /** {@code true}, {@code yes}, {@code on} or {@code false}, {@code no}, {@code off}. */
    public static Boolean bool(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("\"" + text + "\" is not true or false");
        };
    }

    public static Integer integer(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a whole number");
        }
    }

    /** A duration above zero: {@code sweep.interval}, {@code report.comebackWindow}, a closing warning, ... */
    public static final class Positive extends TextValue<java.time.Duration> {
        private static final long serialVersionUID = 1L;

        public Positive() {
            super(java.time.Duration.class, Durations::positive);
        }
    }

    /** A duration above zero or {@code off}: {@code history.retention}. */
    public static final class PositiveOrOff extends TextValue<java.time.Duration> {
        private static final long serialVersionUID = 1L;

        public PositiveOrOff() {
            super(java.time.Duration.class, Durations::positiveOrOff);
        }
    }

    /** A Quartz cron expression or {@code off}: {@code policy.closing.at}. */
    public static final class Cron extends TextValue<String> {
        private static final long serialVersionUID = 1L;

        public Cron() {
            super(String.class, ConfigLoader::cron);
        }
    }
}
