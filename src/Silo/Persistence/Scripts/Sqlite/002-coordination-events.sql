-- The project's own tables: the append-only event table (history and audit), per-stream snapshots,
-- the concern read model, and the per-audience delta feed with its sequence heads.

CREATE TABLE IF NOT EXISTS coordination_events
(
    tenant      TEXT    NOT NULL,
    stream      TEXT    NOT NULL,
    sequence    INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    occurred_at TEXT    NOT NULL,
    payload     TEXT    NOT NULL,
    PRIMARY KEY (tenant, stream, sequence)
);

CREATE TRIGGER IF NOT EXISTS coordination_events_no_update BEFORE UPDATE ON coordination_events
BEGIN
    SELECT RAISE(ABORT, 'coordination_events is append-only');
END;

CREATE TRIGGER IF NOT EXISTS coordination_events_no_delete BEFORE DELETE ON coordination_events
BEGIN
    SELECT RAISE(ABORT, 'coordination_events is append-only');
END;

CREATE TABLE IF NOT EXISTS coordination_snapshots
(
    tenant     TEXT    NOT NULL,
    stream     TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    payload    TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (tenant, stream)
);

CREATE TABLE IF NOT EXISTS coordination_concerns
(
    tenant       TEXT    NOT NULL,
    concern_id   TEXT    NOT NULL,
    reported_by  TEXT    NOT NULL,
    is_open      INTEGER NOT NULL,
    reported_at  TEXT    NOT NULL,
    summary      TEXT    NOT NULL,
    PRIMARY KEY (tenant, concern_id)
);

CREATE INDEX IF NOT EXISTS ix_coordination_concerns_open ON coordination_concerns (tenant, is_open);
CREATE INDEX IF NOT EXISTS ix_coordination_concerns_reporter ON coordination_concerns (tenant, reported_by);

CREATE TABLE IF NOT EXISTS coordination_feed
(
    tenant      TEXT    NOT NULL,
    audience    TEXT    NOT NULL,
    sequence    INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    occurred_at TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    PRIMARY KEY (tenant, audience, sequence)
);

CREATE TABLE IF NOT EXISTS coordination_feed_heads
(
    tenant   TEXT    NOT NULL,
    audience TEXT    NOT NULL,
    sequence INTEGER NOT NULL,
    PRIMARY KEY (tenant, audience)
);
