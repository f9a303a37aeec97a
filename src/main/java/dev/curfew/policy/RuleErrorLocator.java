package dev.curfew.policy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kie.api.builder.Message;

/**
 * Turns Drools build messages into errors that point into the {@code .drl} files. The executable
 * model compiles rules into generated Java, so many messages name a generated class and its line
 * ({@code LambdaConsequence1A2B...java:28}); they are mapped back to the DRL line by the statement
 * text, the rule named in the generated code, or the identifier the message names.
 */
final class RuleErrorLocator {
    private static final Pattern SOURCE_HEADER = Pattern.compile("Java source of (\\S+) in error:\\R");
    private static final String NULL_PACKAGE = "Parser returned a null Package";
    private static final Pattern NAMED = Pattern.compile(
            "(?:field|method|variable|class|type|function|declaration):?\\s+([A-Za-z_$][\\w$]*)");
    private static final Pattern EXPECTED = Pattern.compile("(expected one of)((?:\\s+(?:\"\\S*\"|<\\w+>))+)");
    private static final int EXPECTED_SHOWN = 8;
    private static final Pattern RULE_NAME = Pattern.compile("Rule name: (.+)");
    private static final Pattern IDENTIFIER = Pattern.compile(
            "^(?:The method |The field )?([A-Za-z_$][\\w$]*)(?: cannot be resolved|\\(| is undefined| cannot)");

    /** The executable model's own words for a constraint that compares a field with a value of another type. */
    private static final Pattern TYPE_MISMATCH = Pattern.compile("The method alphaIndexedBy\\(.*?\\) in the type "
            + "\\w+ is not applicable for the arguments \\(Class<([\\w.$]+)>, Index\\.ConstraintType, int, [\\w$]+, "
            + "([\\w.$]+)\\)");
    /** Text compared with a number: the model writes {@code "abc"} as the long {@code abcl}. */
    private static final Pattern TEXT_AS_NUMBER = Pattern.compile("^([A-Za-z_$][\\w$]*)l cannot be resolved to a variable$");

    private final Map<String, DrlText> drls = new HashMap<>();
    private final String fallbackFile;

    /** {@code resources} maps each resource name given to Drools to its DRL file and text. */
    RuleErrorLocator(Map<String, Path> resources, Map<Path, String> texts, Path dir) {
        resources.forEach((name, file) -> drls.put(name, new DrlText(file, texts.get(file))));
        this.fallbackFile = dir.toString();
    }

    /** The errors among {@code messages}, each with a DRL file and, where it can be found, a line. */
    List<RuleError> locate(List<Message> messages) {
        Map<String, String> sources = new HashMap<>();
        List<Message> errors = new ArrayList<>();
        for (Message m : messages) {
            Matcher header = SOURCE_HEADER.matcher(m.getText() == null ? "" : m.getText());
            if (header.lookingAt()) {
                // Not an error of its own: the generated source the errors before it point into.
                sources.put(header.group(1), m.getText().substring(header.end()));
            } else {
                errors.add(m);
            }
        }
        Set<RuleError> located = new LinkedHashSet<>();
        List<RuleError> unplaced = new ArrayList<>();
        for (Message m : errors) {
            if (NULL_PACKAGE.equals(oneLine(m.getText()))) {
                continue; // follows every syntax error, which says more
            }
            RuleError where = locate(m, sources);
            RuleError e = new RuleError(where.file(), where.line(), explain(where.message()));
            (e.file().equals(fallbackFile) ? unplaced : located).add(e);
        }
        // A Java error in a generated lambda is usually reported a second time for the rule that uses it.
        for (RuleError e : unplaced) {
            if (located.stream().noneMatch(x -> x.message().equals(e.message()))) {
                located.add(e);
            }
        }
        return List.copyOf(located);
    }

    private RuleError locate(Message m, Map<String, String> sources) {
        String text = oneLine(m.getText());
        String path = m.getPath() == null ? "" : m.getPath();
        DrlText drl = drlFor(path);
        if (drl != null) {
            int line = m.getLine() > 0 ? m.getLine() : drl.lineOf(subject(text));
            Matcher named = NAMED.matcher(text);
            while (line == 0 && named.find()) {
                line = drl.lineOfWord(named.group(1), 1);
            }
            return new RuleError(drl.file.toString(), line, text);
        }
        String source = sources.get(path);
        if (source != null && m.getLine() > 0) {
            String[] lines = source.split("\\R", -1);
            if (m.getLine() <= lines.length) {
                RuleError byStatement = byStatement(lines[m.getLine() - 1], text);
                if (byStatement != null) {
                    return byStatement;
                }
            }
            RuleError byRule = byRuleName(lines, Math.min(m.getLine(), lines.length), text);
            if (byRule != null) {
                return byRule;
            }
        }
        String identifier = identifier(text);
        if (identifier != null) {
            for (DrlText d : drls.values()) {
                int line = d.lineOfWord(identifier, 1);
                if (line > 0) {
                    return new RuleError(d.file.toString(), line, text);
                }
            }
        }
        return new RuleError(fallbackFile, 0, text);
    }

    /** Messages about the generated Java said in the rule's terms, where they have a known shape. */
    private String explain(String text) {
        Matcher types = TYPE_MISMATCH.matcher(text);
        if (types.find()) {
            String field = simpleName(types.group(1));
            String value = simpleName(types.group(2));
            return "a constraint compares a " + field + " with a " + value + ": the types differ (an enum constant is "
                    + "written as " + field + ".NAME, a number without quotes)";
        }
        Matcher literal = TEXT_AS_NUMBER.matcher(text);
        if (literal.matches() && drls.values().stream().anyMatch(d -> d.text.contains("\"" + literal.group(1) + "\""))) {
            return "\"" + literal.group(1) + "\" is compared with a number but is not one";
        }
        return text;
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    private DrlText drlFor(String path) {
        for (Map.Entry<String, DrlText> e : drls.entrySet()) {
            if (path.equals(e.getKey()) || path.endsWith("/" + e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    private RuleError byStatement(String generatedLine, String text) {
        String wanted = strip(generatedLine);
        if (wanted.length() < 6) {
            return null;
        }
        for (DrlText d : drls.values()) {
            int at = d.stripped.indexOf(wanted);
            if (at >= 0) {
                int line = d.lineAt(at);
                String identifier = identifier(text);
                int refined = identifier == null ? 0 : d.lineOfWord(identifier, line);
                return new RuleError(d.file.toString(), refined > 0 && refined <= d.lineAt(at + wanted.length() - 1)
                        ? refined : line, text);
            }
        }
        return null;
    }

    private RuleError byRuleName(String[] lines, int fromLine, String text) {
        for (int i = fromLine - 1; i >= 0; i--) {
            Matcher name = RULE_NAME.matcher(lines[i]);
            if (name.find()) {
                String rule = name.group(1).trim();
                for (DrlText d : drls.values()) {
                    int line = d.lineOfRule(rule);
                    if (line > 0) {
                        return new RuleError(d.file.toString(), line, text);
                    }
                }
                return null;
            }
        }
        return null;
    }

    /** What a message is about, for messages without a line: the part after the last colon. */
    private static String subject(String text) {
        int colon = text.lastIndexOf(": ");
        return colon < 0 ? "" : text.substring(colon + 2).trim();
    }

    private static String identifier(String text) {
        Matcher m = IDENTIFIER.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String line = text.strip().replaceAll("\\s*\\R\\s*", " ");
        // Drools appends the Java parser's stack trace to a consequence it cannot parse: of no use to a rule's author.
        int trace = line.indexOf(" Problem stacktrace");
        if (trace >= 0) {
            line = line.substring(0, trace).strip();
        }
        // ... and the parser lists every token it could have taken, dozens of them: the first few say enough.
        Matcher expected = EXPECTED.matcher(line);
        if (expected.find()) {
            String[] tokens = expected.group(2).trim().split("\\s+");
            if (tokens.length > EXPECTED_SHOWN) {
                line = line.substring(0, expected.start(2)) + " "
                        + String.join(" ", Arrays.copyOf(tokens, EXPECTED_SHOWN)) + " ..."
                        + line.substring(expected.end(2));
            }
        }
        return line;
    }

    private static String strip(String s) {
        return s.replaceAll("\\s+", "");
    }

    /** A DRL file's text, and the same without white space with a map back to lines. */
    private static final class DrlText {
        final Path file;
        final String text;
        final String stripped;
        final int[] lineOfStripped;

        DrlText(Path file, String text) {
            this.file = file;
            this.text = text == null ? "" : text;
            StringBuilder b = new StringBuilder();
            List<Integer> lines = new ArrayList<>();
            int line = 1;
            for (char c : this.text.toCharArray()) {
                if (c == '\n') {
                    line++;
                } else if (!Character.isWhitespace(c)) {
                    b.append(c);
                    lines.add(line);
                }
            }
            this.stripped = b.toString();
            this.lineOfStripped = lines.stream().mapToInt(Integer::intValue).toArray();
        }

        int lineAt(int strippedIndex) {
            return lineOfStripped.length == 0 ? 0 : lineOfStripped[Math.min(strippedIndex, lineOfStripped.length - 1)];
        }

        int lineOf(String subject) {
            String wanted = strip(subject);
            if (wanted.isEmpty()) {
                return 0;
            }
            int at = stripped.indexOf(wanted);
            return at < 0 ? 0 : lineAt(at);
        }

        /** The first line at or after {@code fromLine} where {@code word} stands as a whole word; 0 if none. */
        int lineOfWord(String word, int fromLine) {
            Pattern p = Pattern.compile("(?<![\\w$])" + Pattern.quote(word) + "(?![\\w$])");
            String[] lines = text.split("\\R", -1);
            for (int i = Math.max(0, fromLine - 1); i < lines.length; i++) {
                if (p.matcher(lines[i]).find()) {
                    return i + 1;
                }
            }
            return 0;
        }

        int lineOfRule(String rule) {
            Pattern p = Pattern.compile("^[ \\t]*rule[ \\t]+[\"']?" + Pattern.quote(rule) + "[\"']?[ \\t]*$");
            String[] lines = text.split("\\R", -1);
            for (int i = 0; i < lines.length; i++) {
                if (p.matcher(lines[i]).find()) {
                    return i + 1;
                }
            }
            return 0;
        }
    }
}
