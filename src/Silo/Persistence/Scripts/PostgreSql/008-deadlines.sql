-- Durable deadlines (alert reminders and escalation): written with the events that set them and scanned by
-- every host, at start-up too, so that they fire after a restart of any host.

CREATE TABLE IF NOT EXISTS coordination_deadlines
(
    tenant text        NOT NULL,
    stream text        NOT NULL,
    kind   text        NOT NULL,
    due_at timestamptz NOT NULL,
    PRIMARY KEY (tenant, stream, kind)
);

CREATE INDEX IF NOT EXISTS ix_coordination_deadlines_due ON coordination_deadlines (due_at);
