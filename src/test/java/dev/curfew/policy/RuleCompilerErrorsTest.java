package dev.curfew.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kie.api.KieServices;

/** Errors in rule files are reported against the .drl file and line, never the generated Java. */
class RuleCompilerErrorsTest {
    static final String HEADER = """
            package curfew.rules;
            import dev.curfew.session.Session;
            import dev.curfew.policy.DecisionSink;
            global DecisionSink decisions;
            """;

    @TempDir
    Path dir;

    List<String> errorsOf(String... nameAndText) throws IOException {
        for (int i = 0; i < nameAndText.length; i += 2) {
            Files.writeString(dir.resolve(nameAndText[i]), HEADER + nameAndText[i + 1]);
        }
        RulesException e = catchThrowableOfType(RulesException.class,
                () -> new RuleCompiler(KieServices.get()).compile(dir));
        assertThat(e).as("compilation should fail").isNotNull();
        return e.errors().stream().map(x -> x.toString().replace(dir + "/", "")).toList();
    }

    @Test
    void syntaxErrorNamesFileAndLineOnce() throws IOException {
        assertThat(errorsOf("syntax.drl", """
                rule "syntax"
                when
                    $s : Session( state.connected
                then
                end
                """)).containsExactly("syntax.drl:8: [ERR 102] Line 8:0 mismatched input 'then' in rule \"syntax\"");
    }

    @Test
    void aConsequenceThatCannotBeParsedGetsOneShortLineWithoutTheParsersStackTrace() throws IOException {
        List<String> errors = errorsOf("consequence.drl", """
                rule "broken"
                when
                then
                    nonsense(
                end
                """);

        assertThat(errors).singleElement().satisfies(e -> assertThat(e)
                .startsWith("consequence.drl:").contains("Unable to parse consequence", "Parse error", "expected one of")
                .contains(" ...").doesNotContain("stacktrace", "GeneratedJavaParser", "<STRING_LITERAL>")
                .hasSizeLessThan(300));
    }

    @Test
    void patternErrorsWithoutALineAreFoundInTheFile() throws IOException {
        assertThat(errorsOf("field.drl", """
                rule "unknown field"
                when
                    $s : Session( state.connected,
                                  nosuchField > 3 )
                then
                end
                """, "type.drl", """
                rule "unknown type"
                when
                    $s : Sesion( )
                then
                end
                """)).containsExactlyInAnyOrder(
                        "field.drl:8: Unable to parse left part of expression: nosuchField > 3",
                        "type.drl:7: Unable to find class: Sesion");
    }

    @Test
    void javaErrorsInConsequencesPointAtTheDrlLine() throws IOException {
        assertThat(errorsOf("consequence.drl", """
                rule "undefined variable"
                when
                    $s : Session( )
                then
                    decisions.act($s,
                        null, "x",
                        undefinedVar);
                end
                """, "method.drl", """
                rule "unknown method"
                when
                    $s : Session( )
                then
                    decisions.nope($s);
                end
                """)).containsExactlyInAnyOrder(
                        "consequence.drl:11: undefinedVar cannot be resolved to a variable",
                        "method.drl:9: The method nope(Session) is undefined for the type DecisionSink");
    }

    @Test
    void javaErrorsInConstraintsPointAtTheRule() throws IOException {
        assertThat(errorsOf("compare.drl", """

                rule "compare with text"
                when
                    $s : Session( idleSeconds > "abc" )
                then
                end
                """)).containsExactly("compare.drl:6: \"abc\" is compared with a number but is not one");
    }

    @Test
    void anEnumComparedWithTextIsSaidInTheRulesTerms() throws IOException {
        assertThat(errorsOf("state.drl", """
                rule "active as text"
                when
                    $s : Session( state == "ACTIVE" )
                then
                end
                """)).containsExactly("state.drl:5: a constraint compares a SessionState with a String: the types differ"
                        + " (an enum constant is written as SessionState.NAME, a number without quotes)");
    }
}
