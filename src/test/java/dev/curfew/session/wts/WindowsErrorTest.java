package dev.curfew.session.wts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WindowsErrorTest {

    @Test
    void knownErrorsReadAsTextNameAndNumber() {
        assertThat(WindowsError.describe(5)).isEqualTo("access denied (ERROR_ACCESS_DENIED, 5)");
        assertThat(WindowsError.describe(2)).isEqualTo("not found (ERROR_FILE_NOT_FOUND, 2)");
        assertThat(WindowsError.describe(50)).isEqualTo("not supported (ERROR_NOT_SUPPORTED, 50)");
        assertThat(WindowsError.describe(87)).isEqualTo("invalid parameter (ERROR_INVALID_PARAMETER, 87)");
        assertThat(WindowsError.describe(1722))
                .isEqualTo("RPC server unavailable (RPC_S_SERVER_UNAVAILABLE, 1722)");
        assertThat(WindowsError.describe(7022))
                .isEqualTo("session not found (ERROR_CTX_WINSTATION_NOT_FOUND, 7022)");
    }

    @Test
    void unknownErrorsReadAsTheirNumber() {
        assertThat(WindowsError.describe(4321)).isEqualTo("error 4321");
        assertThat(WindowsError.describe(0)).isEqualTo("error 0");
    }
}
