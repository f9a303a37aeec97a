package dev.curfew;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import dev.curfew.policy.RuleSet;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the daemon's heap shrink back after start-up. Compiling the rules grows the heap by about
 * 100 MB that stays committed with the JVM's defaults (free ratios 40 % to 70 %), though the
 * daemon needs a fraction of it while it waits between sweeps. The two ratios are "manageable"
 * HotSpot flags, changed here at run time unless the command line set them.
 *
 * <pre>{@code
 * HeapSizing.preferSmall();            // at the start of the daemon
 * HeapSizing.afterCompiling(rules);      // on the compiler's thread, when it is done
 * }</pre>
 */
public final class HeapSizing {
    private static final Logger log = LoggerFactory.getLogger(HeapSizing.class);

    /** In the order they must be set: the minimum never above the maximum, before and after. */
    static final List<Map.Entry<String, String>> SMALL = List.of(Map.entry("MinHeapFreeRatio", "10"),
            Map.entry("MaxHeapFreeRatio", "30"));

    private HeapSizing() {
    }

    /** Sets the heap's free ratios to {@link #SMALL} where they have their defaults; returns what it set. */
    public static List<String> preferSmall() {
        List<String> set = new ArrayList<>();
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (hotspot == null) {
            return set;
        }
        for (Map.Entry<String, String> e : SMALL) {
            try {
                VMOption option = hotspot.getVMOption(e.getKey());
                if (option.getOrigin() == VMOption.Origin.DEFAULT && option.isWriteable()) {
                    hotspot.setVMOption(e.getKey(), e.getValue());
                    set.add(e.getKey() + "=" + e.getValue());
                }
            } catch (IllegalArgumentException | SecurityException err) {
                // Another JVM, or the other ratio given on the command line conflicts: keep the JVM's choice.
                log.debug("Heap: {} left as it is: {}", e.getKey(), err.getMessage());
            }
        }
        if (!set.isEmpty()) {
            log.debug("Heap: {} (give -XX:MinHeapFreeRatio / -XX:MaxHeapFreeRatio to choose otherwise)", set);
        }
        return set;
    }

    /**
     * After the rules were compiled (not loaded from the kept set), collects the compiler's garbage
     * at once, so the heap shrinks now rather than at some later collection of an idle daemon. Not
     * after the classic builder at a start: the executable model compiled next leaves more.
     */
    public static void afterCompiling(RuleSet rules) {
        if (rules.made() == RuleSet.Made.COMPILED) {
            System.gc();
        }
    }
}
