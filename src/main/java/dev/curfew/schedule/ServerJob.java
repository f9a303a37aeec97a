package dev.curfew.schedule;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;

/**
 * The one Quartz job of a server: its triggers of every kind fire it, so Quartz runs one firing of
 * a server at a time, across the nodes of a cluster too (a due check on one node never overlaps
 * a sweep on another, which could act twice on a session). The job factory runs each firing with
 * the job class of its trigger's kind: {@link SweepJob}, {@link DueCheckJob}, {@link ClosingJob},
 * {@link ClosingWarningJob}.
 */
@DisallowConcurrentExecution
abstract class ServerJob implements Job {
}
