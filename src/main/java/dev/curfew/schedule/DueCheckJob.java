package dev.curfew.schedule;

import dev.curfew.sweep.Sweeps;
import java.util.Set;
import java.util.TreeSet;
import org.quartz.JobExecutionContext;

/** A one-shot check of some sessions of a server at the instant a rule said it will act. */
final class DueCheckJob extends ServerJob {
    /** The trigger's sessions, as {@code 2,5,9}. */
    static final String SESSIONS = "sessions";

    private final Sweeps sweeps;

    DueCheckJob(Sweeps sweeps) {
        this.sweeps = sweeps;
    }

    @Override
    public void execute(JobExecutionContext context) {
        sweeps.check(Keys.server(context.getTrigger().getJobKey()), parse(context.getTrigger().getJobDataMap().getString(SESSIONS)));
    }

    static String format(Set<Integer> ids) {
        return String.join(",", new TreeSet<>(ids).stream().map(String::valueOf).toList());
    }

    static Set<Integer> parse(String ids) {
        Set<Integer> out = new TreeSet<>();
        if (ids != null && !ids.isBlank()) {
            for (String id : ids.split(",")) {
                out.add(Integer.parseInt(id.trim()));
            }
        }
        return out;
    }
}
