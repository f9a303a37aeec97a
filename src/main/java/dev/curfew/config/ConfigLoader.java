package dev.curfew.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.curfew.policy.ActionType;
import dev.curfew.policy.Holidays;
import dev.curfew.policy.Wildcard;
import dev.curfew.session.ServerName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.quartz.CronExpression;

/**
 * Loads and checks {@code curfew.yaml} into a {@link CurfewConfig}. Every value is checked once,
 * here; a wrong one stops the load with one line naming the file, the line, the key, the value
 * and the accepted form:
 *
 * <pre>
 * config/curfew.yaml:9: policy.idle.limit: "30 minutes" is not a duration (use 30s, 30m, 2h, 1h30m, 1d or off)
 * </pre>
 */
public final class ConfigLoader {
    public static final String FILE_NAME = "curfew.yaml";

    private ConfigLoader() {
    }

    /** Loads {@code dir/curfew.yaml}; relative paths in it are resolved against {@code dir}. */
    public static CurfewConfig load(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        return located(yaml().read(file.toString(), Yaml.text(file), CurfewConfig.class), file, dir);
    }

    /** Loads configuration text whose errors name {@code name}, as if it were in {@code dir}. */
    static CurfewConfig load(String name, String text, Path dir) {
        return located(yaml().read(name, text, CurfewConfig.class), dir.resolve(FILE_NAME), dir);
    }

    /** True when the file sets {@code policy.zone} (and does not leave it to this machine's). */
    public static boolean setsZone(Path file) {
        try {
            return Files.isRegularFile(file) && yaml().has(Files.readString(file), "policy.zone");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * An error about {@code key} ({@code directory.passwordFile}) of the config {@code file} found after
     * loading, as one line naming the file and the key's line; {@code file} null names only the key.
     */
    public static ConfigException errorAt(Path file, String key, String message) {
        if (file == null || !Files.isRegularFile(file)) {
            return new ConfigException((file == null ? "" : file + ": ") + key + ": " + message);
        }
        return yaml().error(file.toString(), Yaml.text(file), key, message);
    }

    private static CurfewConfig located(CurfewConfig read, Path file, Path dir) {
        return (read == null ? CurfewConfig.defaults() : read).locatedAt(file, dir);
    }

    private static Yaml yaml() {
        SimpleModule m = new SimpleModule("curfew.yaml");
        m.addDeserializer(Duration.class, TextValue.of(Duration.class, Durations::parse));
        m.addDeserializer(ZoneId.class, TextValue.of(ZoneId.class, ZoneId::of));
        m.addDeserializer(ActionType.class, TextValue.of(ActionType.class, ActionType::parseEnding));
        m.addDeserializer(dev.curfew.policy.LogonHoursMode.class,
                TextValue.of(dev.curfew.policy.LogonHoursMode.class, dev.curfew.policy.LogonHoursMode::parse));
        m.addDeserializer(Backend.class, TextValue.of(Backend.class, Backend::parse));
        m.addDeserializer(EventLogMode.class, TextValue.of(EventLogMode.class, EventLogMode::parse));
        m.addDeserializer(ServerName.class, TextValue.of(ServerName.class, ServerName::of));
        m.addDeserializer(Instant.class, TextValue.of(Instant.class, ConfigLoader::instant));
        m.addDeserializer(Path.class, TextValue.of(Path.class, Path::of));
        m.addDeserializer(Wildcard.class, TextValue.of(Wildcard.class, Wildcard::of));
        m.addDeserializer(CurfewConfig.Schedule.Store.class,
                TextValue.of(CurfewConfig.Schedule.Store.class, CurfewConfig.Schedule.Store::parse));
        m.addDeserializer(Boolean.class, TextValue.of(Boolean.class, TextValue::bool));
        m.addDeserializer(boolean.class, TextValue.of(boolean.class, TextValue::bool));
        m.addDeserializer(Integer.class, TextValue.of(Integer.class, TextValue::integer));
        m.addDeserializer(HttpConfig.Listen.class, TextValue.of(HttpConfig.Listen.class, HttpConfig.Listen::parse));
        m.addDeserializer(HttpConfig.Role.class, TextValue.of(HttpConfig.Role.class, HttpConfig.Role::parse));
        m.addDeserializer(Holidays.class, new HolidayList());
        return new Yaml(m);
    }

    static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not an instant (use 2026-11-23T07:30:00Z or "
                    + "2026-11-23T07:30:00+01:00)");
        }
    }

    /** Checks a Quartz cron expression; {@code off} means none. */
    static String cron(String text) {
        if (text.trim().equalsIgnoreCase("off")) {
            return null;
        }
        try {
            new CronExpression(text.trim());
            return text.trim();
        } catch (ParseException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a Quartz cron expression ("
                    + e.getMessage() + "; use seconds minutes hours day-of-month month day-of-week, "
                    + "like \"0 0 18 ? * MON-FRI\", or off)");
        }
    }

    /** {@code policy.closing.holidays}: a list of {@code 2026-12-24} (one day) and {@code --12-25} (every year). */
    private static final class HolidayList extends StdDeserializer<Holidays> {
        private static final long serialVersionUID = 1L;

        HolidayList() {
            super(Holidays.class);
        }

        @Override
        public Holidays deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            List<Object> entries = new ArrayList<>();
            if (!p.isExpectedStartArrayToken()) {
                entries.add(entry(p, -1));
            } else {
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    entries.add(entry(p, entries.size()));
                }
            }
            return Holidays.of(entries);
        }

        private static Object entry(JsonParser p, int index) throws IOException {
            try {
                return Holidays.parseEntry(p.getText());
            } catch (IllegalArgumentException e) {
                JsonMappingException error = JsonMappingException.from(p, e.getMessage());
                if (index >= 0) {
                    error.prependPath(Holidays.class, index);
                }
                throw error;
            }
        }
    }
}
