package dev.curfew.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code directory:} section: its defaults, one or several URLs, and one line per mistake. */
class DirectoryConfigTest {

    @Test
    void noSectionMeansNoDirectory() {
        assertThat(ConfigText.load("{}").directory().enabled()).isFalse();
    }

    @Test
    void aDirectoryWithItsDefaults() {
        DirectoryConfig d = ConfigText.load("""
                directory:
                  url: ldaps://dc01.school.local
                  bindDn: CN=curfew,OU=Service,DC=school,DC=local
                  passwordFile: secret/ldap.txt
                  baseDn: DC=school,DC=local
                """).directory();
        assertThat(d.enabled()).isTrue();
        assertThat(d.url()).containsExactly("ldaps://dc01.school.local");
        assertThat(d.passwordFile()).isEqualTo(Path.of("conf", "secret", "ldap.txt"));
        assertThat(d.userAttribute()).isEqualTo("sAMAccountName");
        assertThat(d.cacheTime()).isEqualTo(Duration.ofMinutes(15));
        assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.domain()).isNull();
        assertThat(d.passwordKey()).isEqualTo("directory.passwordFile");
    }

    @Test
    void severalUrlsInOrderAndTheOtherKeys() {
        DirectoryConfig d = ConfigText.load("""
                directory:
                  url: [ldaps://dc01.school.local, "ldap://dc02.school.local:389"]
                  bindDn: CN=curfew,DC=school,DC=local
                  passwordEnv: CURFEW_LDAP_PASSWORD
                  baseDn: DC=school,DC=local
                  userAttribute: uid
                  cacheTime: 1h
                  timeout: 2s
                  domain: SCHOOL
                """).directory();
        assertThat(d.url()).containsExactly("ldaps://dc01.school.local", "ldap://dc02.school.local:389");
        assertThat(List.of(d.userAttribute(), d.domain(), d.passwordEnv())).containsExactly("uid", "SCHOOL",
                "CURFEW_LDAP_PASSWORD");
        assertThat(d.cacheTime()).isEqualTo(Duration.ofHours(1));
        assertThat(d.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(d.passwordKey()).isEqualTo("directory.passwordEnv");
    }

    @Test
    void mistakesAreOneLineNamingTheKey() {
        assertThat(ConfigText.error("directory:\n  url: http://dc01\n  baseDn: DC=x\n")).isEqualTo(
                "test.yaml:2: directory.url: \"http://dc01\" is not an LDAP URL (use ldaps://dc01.school.local or "
                        + "ldap://dc01.school.local:389)");
        assertThat(ConfigText.error("directory:\n  url: [ldaps://a, dc02]\n  baseDn: DC=x\n")).startsWith(
                "test.yaml:2: directory.url[1]: \"dc02\" is not an LDAP URL");
        assertThat(ConfigText.error("directory:\n  url: ldaps://a\n")).isEqualTo(
                "test.yaml:1: directory.baseDn: is needed with directory.url (use the domain's, like DC=school,DC=local)");
        assertThat(ConfigText.error("directory:\n  url: ldaps://a\n  baseDn: DC=x\n  bindDn: CN=c\n")).isEqualTo(
                "test.yaml:4: directory.bindDn: needs a password (use directory.passwordFile or directory.passwordEnv)");
        assertThat(ConfigText.error("directory:\n  url: ldaps://a\n  baseDn: DC=x\n  cacheTime: 0s\n")).startsWith(
                "test.yaml:4: directory.cacheTime: ");
        assertThat(ConfigText.error("directory:\n  password: hunter2\n")).isEqualTo(
                "test.yaml:2: directory.password: unknown key (known here: baseDn, bindDn, cacheTime, domain, passwordEnv, "
                        + "passwordFile, timeout, url, userAttribute)");
    }

    @Test
    void logonHoursAreOffByDefaultEnforcedOnAskingAndABadValueSaysTheTwo() {
        assertThat(ConfigText.load("{}").policy().logonHours()).isEqualTo(dev.curfew.policy.LogonHoursMode.OFF);
        assertThat(ConfigText.load("policy:\n  logonHours: enforce\n").policy().logonHours())
                .isEqualTo(dev.curfew.policy.LogonHoursMode.ENFORCE);
        assertThat(ConfigText.load("policy:\n  logonHours: off\n").policy().logonHours())
                .isEqualTo(dev.curfew.policy.LogonHoursMode.OFF);
        assertThat(ConfigText.error("policy:\n  logonHours: enforced\n")).isEqualTo(
                "test.yaml:2: policy.logonHours: \"enforced\" is not a logonHours setting (did you mean enforce? use"
                        + " enforce or off)");
        assertThat(ConfigText.error("policy:\n  logonHours: strict\n")).isEqualTo(
                "test.yaml:2: policy.logonHours: \"strict\" is not a logonHours setting (use enforce or off)");
        assertThat(ConfigText.error("policy:\n  logonHour: enforce\n")).isEqualTo(
                "test.yaml:2: policy.logonHour: unknown key (did you mean logonHours?)");
    }

    @Test
    void aProfileMayEnforceOrTurnOffTheLogonHoursAndABadValueNamesItsKeyAndLine() {
        var policy = ConfigText.load("""
                policy:
                  logonHours: enforce
                  profiles:
                    - { name: staff, groups: [Staff], logonHours: off }
                    - { name: students, groups: [Students] }
                """).policy();
        assertThat(policy.forProfile("staff").logonHours()).isEqualTo(dev.curfew.policy.LogonHoursMode.OFF);
        assertThat(policy.forProfile("students").logonHours()).as("left out: the policy's")
                .isEqualTo(dev.curfew.policy.LogonHoursMode.ENFORCE);
        assertThat(ConfigText.load("policy:\n  profiles:\n    - { name: labs, logonHours: ENFORCE }\n").policy()
                .forProfile("labs").logonHours()).isEqualTo(dev.curfew.policy.LogonHoursMode.ENFORCE);
        assertThat(ConfigText.error("policy:\n  profiles:\n    - name: labs\n      logonHours: enforced\n"))
                .isEqualTo("test.yaml:4: policy.profiles[0].logonHours: \"enforced\" is not a logonHours setting"
                        + " (did you mean enforce? use enforce or off)");
        assertThat(ConfigText.error("policy:\n  profiles:\n    - name: labs\n      logonhour: off\n"))
                .isEqualTo("test.yaml:4: policy.profiles[0].logonhour: unknown key (did you mean logonHours?)");
    }
}
