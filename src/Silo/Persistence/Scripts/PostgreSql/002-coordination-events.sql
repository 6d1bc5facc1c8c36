-- The project's own tables on PostgreSQL: the append-only event table (history and audit), per-stream
-- snapshots, the concern read model, and the per-audience delta feed with its sequence heads.
-- Same shape as the SQLite script, in PostgreSQL types. Payloads are text holding JSON: stored exactly as
-- written (jsonb would reorder keys), bound as plain string parameters; reports cast with payload::jsonb.
-- Idempotent: every statement can run again without changing anything.

CREATE TABLE IF NOT EXISTS coordination_events
(
    tenant      text        NOT NULL,
    stream      text        NOT NULL,
    sequence    bigint      NOT NULL,
    type        text        NOT NULL,
    actor       text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    payload     text        NOT NULL,
    PRIMARY KEY (tenant, stream, sequence)
);

-- Append-only: any UPDATE, DELETE or TRUNCATE of an event fails.
CREATE OR REPLACE FUNCTION coordination_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $function$
BEGIN
    RAISE EXCEPTION 'coordination_events is append-only (% refused)', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$function$;

CREATE OR REPLACE TRIGGER coordination_events_no_change
    BEFORE UPDATE OR DELETE ON coordination_events
    FOR EACH ROW EXECUTE FUNCTION coordination_events_append_only();

CREATE OR REPLACE TRIGGER coordination_events_no_truncate
    BEFORE TRUNCATE ON coordination_events
    FOR EACH STATEMENT EXECUTE FUNCTION coordination_events_append_only();

CREATE TABLE IF NOT EXISTS coordination_snapshots
(
    tenant     text        NOT NULL,
    stream     text        NOT NULL,
    version    bigint      NOT NULL,
    payload    text        NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (tenant, stream)
);

CREATE TABLE IF NOT EXISTS coordination_concerns
(
    tenant      text        NOT NULL,
    concern_id  text        NOT NULL,
    reported_by text        NOT NULL,
    is_open     boolean     NOT NULL,
    reported_at timestamptz NOT NULL,
    summary     text        NOT NULL,
    PRIMARY KEY (tenant, concern_id)
);

CREATE INDEX IF NOT EXISTS ix_coordination_concerns_open ON coordination_concerns (tenant, is_open);
CREATE INDEX IF NOT EXISTS ix_coordination_concerns_reporter ON coordination_concerns (tenant, reported_by);

CREATE TABLE IF NOT EXISTS coordination_feed
(
    tenant      text        NOT NULL,
    audience    text        NOT NULL,
    sequence    bigint      NOT NULL,
    type        text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    data        text        NOT NULL,
    PRIMARY KEY (tenant, audience, sequence)
);

CREATE TABLE IF NOT EXISTS coordination_feed_heads
(
    tenant   text   NOT NULL,
    audience text   NOT NULL,
    sequence bigint NOT NULL,
    PRIMARY KEY (tenant, audience)
);
