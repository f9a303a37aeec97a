package dev.curfew.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Maps a YAML file into records with Jackson, and turns every mistake into one line naming the
 * file, the line, the key and the accepted form:
 *
 * <pre>
 * config/curfew.yaml:9: policy.idle.limit: "30 minutes" is not a duration (use 30s, 30m, 2h, 1h30m, 1d or off)
 * config/curfew.yaml:9: policy.idle.limt: unknown key (did you mean limit?)
 * </pre>
 *
 * A key left out, or written with no value, takes the value of the record's static
 * {@code defaults()} (null where the record has none: its constructor decides); a value
 * written {@code off} is null.
 */
public final class Yaml {
    /** What a scalar written {@code off} hands the record being made; null once it is made. */
    static final Object OFF = new Object() {
        @Override
        public String toString() {
            return "off";
        }
    };

    private static final Pattern KEY_PART = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

    private final ObjectMapper mapper;

    /** A mapper with the scalar types of {@code values} (durations, zones, ...). */
    public Yaml(Module values) {
        mapper = YAMLMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES,
                        DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .defaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL))
                .addModule(values)
                .addModule(new RecordDefaults())
                .build();
    }

    /** The text of {@code file}; a missing or unreadable file is a {@link ConfigException} naming it. */
    public static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": file not found");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** Reads YAML {@code text}, whose errors will name {@code name}; null when it holds no document. */
    public <T> T read(String name, String text, Class<T> type) {
        try (JsonParser p = mapper.createParser(text)) {
            if (p.nextToken() == null) {
                return null;
            }
            while (p.nextToken() != null) {
                // a syntax error anywhere is named before what the mapping would make of the part before it
            }
            return mapper.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw error(name, text, e);
        } catch (IOException e) {
            throw new ConfigException(name + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** True when {@code text} has a value at {@code path} ({@code policy.zone}). */
    public boolean has(String text, String path) {
        try {
            return !mapper.readTree(text).at(pointer("", path)).isMissingNode();
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** An error at {@code path} ({@code servers[0].sessions[2].id}) of the file {@code name} holding {@code text}. */
    public ConfigException error(String name, String text, String path, String message) {
        return error(name, text, path, message, null);
    }

    private ConfigException error(String name, String text, String path, String message, Throwable cause) {
        int line = lineOf(text, pointer("", path));
        return new ConfigException(name + (line > 0 ? ":" + line : "") + ": " + (path.isEmpty() ? "" : path + ": ")
                + message, cause);
    }

    private ConfigException error(String name, String text, JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException y) {
            Mark m = y.getProblemMark() != null ? y.getProblemMark() : y.getContextMark();
            String where = m == null ? name : name + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
            String problem = y.getProblem() != null ? y.getProblem() : y.getMessage();
            return new ConfigException(where + ": not valid YAML: " + problem.replace('\n', ' '), e);
        }
        if (!(e instanceof JsonMappingException m)) {
            var at = e.getLocation();
            return new ConfigException(name + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr())
                    + ": not valid YAML: " + e.getOriginalMessage(), e);
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        BadValue bad = badValue(e);
        String message;
        if (m instanceof PropertyBindingException u) {
            message = unknownKey(u);
        } else if (bad != null) {
            path.append(path.length() == 0 || bad.key().startsWith("[") ? "" : ".").append(bad.key());
            message = bad.getMessage();
        } else if (m instanceof InvalidNullException) {
            message = "an item with no value (write one, or remove the item)";
        } else if (m instanceof MismatchedInputException x && x.getTargetType() != null) {
            Class<?> target = x.getTargetType();
            message = target.isRecord() ? "must be a mapping of keys to values"
                    : Collection.class.isAssignableFrom(target) ? "must be a list" : "must be a single value";
        } else {
            message = m.getCause() != null && m.getCause().getMessage() != null ? m.getCause().getMessage()
                    : m.getOriginalMessage();
        }
        return error(name, text, path.toString(), message, e);
    }

    private static BadValue badValue(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BadValue b) {
                return b;
            }
        }
        return null;
    }

    /** {@code unknown key (did you mean limit?)}, or the keys known here when none is near. */
    private static String unknownKey(PropertyBindingException u) {
        TreeSet<String> known = new TreeSet<>();
        u.getKnownPropertyIds().forEach(k -> known.add(k.toString()));
        Class<?> type = u.getReferringClass();
        if (type != null && type.isRecord()) {
            for (RecordComponent c : type.getRecordComponents()) {
                if (c.getAccessor().isAnnotationPresent(JsonIgnore.class)) {
                    known.remove(c.getName());
                }
            }
        }
        String key = u.getPropertyName();
        String near = known.stream().min(Comparator.comparingInt(k -> distance(k, key))).orElse(null);
        if (near != null && distance(near, key) <= Math.max(1, key.length() / 3)) {
            return "unknown key (did you mean " + near + "?)";
        }
        return "unknown key (known here: " + String.join(", ", known) + ")";
    }

    /** The edit distance between two keys, ignoring case. */
    static int distance(String a, String b) {
        String s = a.toLowerCase(java.util.Locale.ROOT);
        String t = b.toLowerCase(java.util.Locale.ROOT);
        int[] row = new int[t.length() + 1];
        for (int j = 0; j <= t.length(); j++) {
            row[j] = j;
        }
        for (int i = 1; i <= s.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= t.length(); j++) {
                int above = row[j];
                row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + (s.charAt(i - 1) == t.charAt(j - 1) ? 0 : 1));
                diagonal = above;
            }
        }
        return row[t.length()];
    }

    private static JsonPointer pointer(String base, String path) {
        JsonPointer p = JsonPointer.compile(base);
        Matcher m = KEY_PART.matcher(path);
        while (m.find()) {
            p = m.group(1) != null ? p.appendProperty(m.group(1)) : p.appendIndex(Integer.parseInt(m.group(2)));
        }
        return p;
    }

    /** The line of the key or item at {@code target}; where it is missing, the line of the nearest enclosing one. */
    private int lineOf(String text, JsonPointer target) {
        String wanted = target.toString();
        int best = 0;
        int bestLength = -1;
        try (JsonParser p = mapper.createParser(text)) {
            while (p.nextToken() != null) {
                String at = p.getParsingContext().pathAsPointer().toString();
                int line = p.currentTokenLocation().getLineNr();
                if (at.equals(wanted)) {
                    return line;
                }
                if (at.length() > bestLength && wanted.startsWith(at + "/")) {
                    best = line;
                    bestLength = at.length();
                }
            }
        } catch (IOException e) {
            // text that maps has no syntax error to meet here; the nearest line found so far will do
        }
        return best;
    }
}
