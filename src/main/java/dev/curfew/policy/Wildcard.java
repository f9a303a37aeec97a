package dev.curfew.policy;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An exemption pattern of {@code policy.exempt}: {@code *} any run, {@code ?} one character, any
 * case. Compiled once, when the policy is made:
 *
 * <pre>{@code
 * Wildcard.of("svc_*").matches("SVC_backup");   // true
 * }</pre>
 */
public final class Wildcard {
    private final String text;
    private final Pattern pattern;

    private Wildcard(String text) {
        this.text = text;
        StringBuilder regex = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        this.pattern = Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    public static Wildcard of(String text) {
        return new Wildcard(Objects.requireNonNull(text, "text"));
    }

    /** True when {@code value} is not empty and matches the whole pattern. */
    public boolean matches(String value) {
        return value != null && !value.isEmpty() && pattern.matcher(value.toLowerCase(Locale.ROOT)).matches();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Wildcard w && w.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The pattern as written. */
    @Override
    public String toString() {
        return text;
    }
}
