-- Durable deadlines (alert reminders and escalation): written with the events that set them, scanned by every
-- host, at start-up too, so that they fire after a restart (Orleans has no SQLite reminder table).

CREATE TABLE IF NOT EXISTS coordination_deadlines
(
    tenant TEXT NOT NULL,
    stream TEXT NOT NULL,
    kind   TEXT NOT NULL,
    due_at TEXT NOT NULL,
    PRIMARY KEY (tenant, stream, kind)
);

CREATE INDEX IF NOT EXISTS ix_coordination_deadlines_due ON coordination_deadlines (due_at);
