package dev.curfew;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class HeapSizingTest {
    private final HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    @Test
    void theFreeRatiosLeftAtTheirDefaultsAreMadeSmallOnceAndAChoiceIsNeverOverwritten() {
        boolean minDefault = hotspot.getVMOption("MinHeapFreeRatio").getOrigin() == VMOption.Origin.DEFAULT;
        boolean maxDefault = hotspot.getVMOption("MaxHeapFreeRatio").getOrigin() == VMOption.Origin.DEFAULT;
        String minBefore = hotspot.getVMOption("MinHeapFreeRatio").getValue();

        var first = HeapSizing.preferSmall();

        if (minDefault && maxDefault) {
            assertThat(first).containsExactly("MinHeapFreeRatio=10", "MaxHeapFreeRatio=30");
        }
        if (minDefault) {
            assertThat(hotspot.getVMOption("MinHeapFreeRatio").getValue()).isEqualTo("10");
        } else {
            assertThat(hotspot.getVMOption("MinHeapFreeRatio").getValue()).isEqualTo(minBefore);
        }
        if (maxDefault) {
            assertThat(hotspot.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo("30");
        }
        // Now set (by this class, or before by the command line): a second start changes nothing.
        assertThat(HeapSizing.preferSmall()).isEmpty();
        assertThat(Integer.parseInt(hotspot.getVMOption("MinHeapFreeRatio").getValue()))
                .isLessThanOrEqualTo(Integer.parseInt(hotspot.getVMOption("MaxHeapFreeRatio").getValue()));
    }
}
