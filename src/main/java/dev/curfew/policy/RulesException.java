package dev.curfew.policy;

import dev.curfew.CurfewException;
import java.util.List;

/** The rules did not compile; carries every error with its file and line. */
public class RulesException extends CurfewException {
    private static final long serialVersionUID = 1L;

    private final transient List<RuleError> errors;

    public RulesException(List<RuleError> errors) {
        super(summary(errors));
        this.errors = List.copyOf(errors);
    }

    public RulesException(String message) {
        super(message);
        this.errors = List.of();
    }

    public List<RuleError> errors() {
        return errors;
    }

    private static String summary(List<RuleError> errors) {
        if (errors.isEmpty()) {
            return "the rules did not compile";
        }
        String first = errors.get(0).toString();
        return errors.size() == 1 ? first : first + " (and " + (errors.size() - 1) + " more errors)";
    }
}
