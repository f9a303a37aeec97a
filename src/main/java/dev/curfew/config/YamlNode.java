package dev.curfew.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML node that knows its file, its dotted key path and its line, so every error about it
 * can say exactly where it is:
 *
 * <pre>{@code
 * YamlNode root = YamlNode.read(Path.of("config/curfew.yaml"));
 * Duration limit = root.get("policy").get("idle").get("limit").duration(Duration.ofMinutes(30));
 * // config/curfew.yaml:14: policy.idle.limit: "30 minutes" is not a duration (use 30s, 30m, ...)
 * }</pre>
 */
public final class YamlNode {
    private final String file;
    private final String path;
    private final Node node;
    private final Mark mark;

    private YamlNode(String file, String path, Node node, Mark mark) {
        this.file = file;
        this.path = path;
        this.node = node;
        this.mark = mark;
    }

    /** Reads a YAML file; a missing file or a syntax error is a {@link ConfigException} naming the file. */
    public static YamlNode read(Path file) {
        String name = file.toString();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(name, reader);
        } catch (NoSuchFileException e) {
            throw new ConfigException(name + ": file not found");
        } catch (IOException e) {
            throw new ConfigException(name + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** Parses YAML text; {@code file} is the name errors will carry. */
    public static YamlNode parse(String file, Reader reader) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try {
            Node root = new Yaml(options).compose(reader);
            return new YamlNode(file, "", root, root == null ? null : root.getStartMark());
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = m == null ? file : file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new ConfigException(where + ": not valid YAML: " + problem.replace('\n', ' '), e);
        } catch (RuntimeException e) {
            throw new ConfigException(file + ": not valid YAML: " + e.getMessage(), e);
        }
    }

    public String file() {
        return file;
    }

    /** The dotted path of this node from the root, such as {@code policy.idle.limit} or {@code servers[2].name}. */
    public String path() {
        return path;
    }

    /** The 1-based line of this node, or of its parent where the node is missing; 0 when unknown. */
    public int line() {
        return mark == null ? 0 : mark.getLine() + 1;
    }

    public boolean isMissing() {
        return node == null || (node instanceof ScalarNode s && s.getTag().getValue().endsWith(":null"));
    }

    public boolean isMap() {
        return node instanceof MappingNode;
    }

    public boolean isList() {
        return node instanceof SequenceNode;
    }

    /** An error at this node: {@code file:line: path: message}. */
    public ConfigException error(String message) {
        StringBuilder out = new StringBuilder(file);
        if (line() > 0) {
            out.append(':').append(line());
        }
        out.append(": ");
        if (!path.isEmpty()) {
            out.append(path).append(": ");
        }
        return new ConfigException(out.append(message).toString());
    }

    /** The child under {@code key}; a missing node (still carrying its path) when absent. */
    public YamlNode get(String key) {
        String childPath = path.isEmpty() ? key : path + "." + key;
        if (node instanceof MappingNode map) {
            for (NodeTuple tuple : map.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return new YamlNode(file, childPath, tuple.getValueNode(), tuple.getKeyNode().getStartMark());
                }
            }
        } else if (!isMissing()) {
            throw error("must be a mapping of keys to values");
        }
        return new YamlNode(file, childPath, null, mark);
    }

    /** The keys of this mapping in file order; empty when missing. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        if (isMissing()) {
            return keys;
        }
        if (!(node instanceof MappingNode map)) {
            throw error("must be a mapping of keys to values");
        }
        for (NodeTuple tuple : map.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode k)) {
                throw new YamlNode(file, path, tuple.getKeyNode(), tuple.getKeyNode().getStartMark())
                        .error("keys must be plain names");
            }
            keys.add(k.getValue());
        }
        return keys;
    }

    /** Fails on the first key of this mapping that is not in {@code known}, naming the accepted keys. */
    public YamlNode allowOnly(Collection<String> known) {
        for (String key : keys()) {
            if (!known.contains(key)) {
                throw get(key).error("unknown key (known here: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
        return this;
    }

    public YamlNode allowOnly(String... known) {
        return allowOnly(Set.of(known));
    }

    /** The items of this list; empty when missing. A single scalar counts as a list of one. */
    public List<YamlNode> items() {
        List<YamlNode> items = new ArrayList<>();
        if (isMissing()) {
            return items;
        }
        if (node instanceof ScalarNode) {
            items.add(new YamlNode(file, path, node, mark));
            return items;
        }
        if (!(node instanceof SequenceNode seq)) {
            throw error("must be a list");
        }
        int i = 0;
        for (Node item : seq.getValue()) {
            items.add(new YamlNode(file, path + "[" + i++ + "]", item, item.getStartMark()));
        }
        return items;
    }

    /** The scalar text of this node; null when missing. */
    public String text() {
        if (isMissing()) {
            return null;
        }
        if (!(node instanceof ScalarNode scalar)) {
            throw error("must be a single value, not a " + (isList() ? "list" : "mapping"));
        }
        return scalar.getValue();
    }

    public String text(String fallback) {
        String t = text();
        return t == null ? fallback : t;
    }

    /** The text of each item, for lists of names and patterns. */
    public List<String> texts() {
        List<String> out = new ArrayList<>();
        for (YamlNode item : items()) {
            out.add(item.text());
        }
        return out;
    }

    /** Converts the scalar with {@code parse}; an IllegalArgumentException becomes an error at this node. */
    public <T> T as(Function<String, T> parse, T fallback) {
        String t = text();
        if (t == null) {
            return fallback;
        }
        try {
            return parse.apply(t);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw error(e.getMessage());
        }
    }

    public java.time.Duration duration(java.time.Duration fallback) {
        return as(Durations::parse, fallback);
    }

    public boolean bool(boolean fallback) {
        return as(t -> switch (t.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("\"" + t + "\" is not true or false");
        }, fallback);
    }

    public int integer(int fallback, int min, int max) {
        return as(t -> {
            int v;
            try {
                v = Integer.parseInt(t.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("\"" + t + "\" is not a whole number");
            }
            if (v < min || v > max) {
                throw new IllegalArgumentException(v + " is out of range (" + min + " to " + max + ")");
            }
            return v;
        }, fallback);
    }

    /** The mapping as ordered child nodes by key, for free-form sections. */
    public Map<String, YamlNode> entries() {
        Map<String, YamlNode> out = new LinkedHashMap<>();
        for (String key : keys()) {
            out.put(key, get(key));
        }
        return out;
    }
}
