-- The profile (policy.profiles) of the session an action was for; null for none and for rows written before.
ALTER TABLE action ADD COLUMN profile VARCHAR(64);
