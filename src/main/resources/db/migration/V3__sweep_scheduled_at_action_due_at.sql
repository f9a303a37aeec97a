-- For several daemons on one database: the instant Quartz scheduled a sweep for (each scheduled
-- firing must run once, on one node), and the instant a warning announces (a session is warned
-- once per limit, whichever node sweeps it next).
ALTER TABLE sweep ADD COLUMN scheduled_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE action ADD COLUMN due_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX action_server_session_due ON action (server, session_id, due_at);
