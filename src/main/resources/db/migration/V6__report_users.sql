-- Report users numbered: roll-ups store a user's number instead of the name, so a month's report
-- adds counts into arrays and reads names for its top users only. Names are lower-cased, as the
-- report keys them. Numbers are given by whoever makes a roll-up (never on the action write path);
-- two makers at once are kept apart by the two unique keys (the loser reads the table and retries).
CREATE TABLE report_user (
    id   INTEGER NOT NULL PRIMARY KEY,
    name VARCHAR(1000) NOT NULL
);
CREATE UNIQUE INDEX report_user_name ON report_user (name);

-- Roll-ups stored before hold names (format 1): derived data, summed again on first use.
DELETE FROM report_rollup;
