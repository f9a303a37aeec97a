package dev.curfew.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WildcardTest {

    @Test
    void starAndQuestionMarkMatchAnyCase() {
        assertThat(Wildcard.of("svc_*").matches("SVC_backup")).isTrue();
        assertThat(Wildcard.of("svc_*").matches("backup_svc")).isFalse();
        assertThat(Wildcard.of("LAB-0?").matches("lab-07")).isTrue();
        assertThat(Wildcard.of("LAB-0?").matches("lab-107")).isFalse();
    }

    @Test
    void otherCharactersAreThemselves() {
        assertThat(Wildcard.of("a.b").matches("a.b")).isTrue();
        assertThat(Wildcard.of("a.b").matches("axb")).isFalse();
        assertThat(Wildcard.of("(x)+").matches("(X)+")).isTrue();
    }

    @Test
    void anEmptyOrMissingValueMatchesNothing() {
        assertThat(Wildcard.of("*").matches("")).isFalse();
        assertThat(Wildcard.of("*").matches(null)).isFalse();
    }

    @Test
    void theExemptionMatchesAnyOfItsLists() {
        Policy.Exempt exempt = new Policy.Exempt(List.of(Wildcard.of("svc_*")), List.of(Wildcard.of("LAB-*")),
                List.of(Wildcard.of("Console")));
        assertThat(exempt.matches("svc_print", "", "")).isTrue();
        assertThat(exempt.matches("bob", "lab-03", "")).isTrue();
        assertThat(exempt.matches("bob", "PC-03", "console")).isTrue();
        assertThat(exempt.matches("bob", "PC-03", "RDP-Tcp#1")).isFalse();
        assertThat(exempt.users()).containsExactly(Wildcard.of("svc_*"));
        assertThat(exempt.users().get(0)).hasToString("svc_*");
    }
}
