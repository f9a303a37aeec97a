-- A report reads a roll-up's tallies by rollup_id: with every column it reads in one index, H2 and
-- PostgreSQL answer from the index alone instead of looking each row up in the table (on H2 that
-- look-up was most of a report's time on a database just opened).
CREATE INDEX report_tally_read ON report_tally (rollup_id, dimension, name, warnings, disconnects, logoffs, failed);
