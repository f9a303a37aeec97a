-- Report roll-ups as rows a maintainer can read and extend: report_rollup (V4) still says which
-- stretch of time a roll-up sums; its sums are now in the tables below, deleted with it. A new
-- dimension (a station, the hour of the day) is a new value of report_tally.dimension, no new
-- table. Derived data: the roll-ups stored before (report_rollup_part) are summed again on first use.
DELETE FROM report_rollup;
DROP TABLE report_rollup_part;

-- Actions per dimension and key (rule 'idle limit', server 'ms01') in one stretch.
CREATE TABLE report_tally (
    rollup_id   BIGINT NOT NULL REFERENCES report_rollup (id) ON DELETE CASCADE,
    dimension   VARCHAR(32) NOT NULL,
    name        VARCHAR(1000) NOT NULL,
    warnings    BIGINT NOT NULL,
    disconnects BIGINT NOT NULL,
    logoffs     BIGINT NOT NULL,
    failed      BIGINT NOT NULL,
    PRIMARY KEY (rollup_id, dimension, name)
);

-- How long sessions had been idle when disconnected: seconds, and how many disconnects.
CREATE TABLE report_idle (
    rollup_id    BIGINT NOT NULL REFERENCES report_rollup (id) ON DELETE CASCADE,
    idle_seconds BIGINT NOT NULL,
    disconnects  BIGINT NOT NULL,
    PRIMARY KEY (rollup_id, idle_seconds)
);

-- The come-backs of the stretch's actions (see connection_seen): the action, and when its user was back.
CREATE TABLE report_comeback (
    rollup_id  BIGINT NOT NULL REFERENCES report_rollup (id) ON DELETE CASCADE,
    action_id  BIGINT NOT NULL,
    at         TIMESTAMP WITH TIME ZONE NOT NULL,
    server     VARCHAR(255) NOT NULL,
    session_id INTEGER NOT NULL,
    user_name  VARCHAR(255) NOT NULL,
    action     VARCHAR(16) NOT NULL,
    rule       VARCHAR(255) NOT NULL,
    back_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (rollup_id, action_id)
);

-- The stretch's users by number (report_user, V6) with their warnings, disconnects, logoffs and
-- failures: five big-endian 32-bit integers per user back to back (dev.curfew.report.StoredUsers),
-- cut into parts under H2's limit of a binary value. Not rows: a day of a big fleet has ~80,000
-- users, and a month of them read as rows took H2 seconds.
CREATE TABLE report_rollup_users (
    rollup_id BIGINT NOT NULL REFERENCES report_rollup (id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    data      BYTEA NOT NULL,
    PRIMARY KEY (rollup_id, seq)
);
