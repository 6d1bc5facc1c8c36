-- The alert read model: open and ended alerts with their addressed organisations, written in the same
-- transaction as the alert's events.

CREATE TABLE IF NOT EXISTS coordination_alerts
(
    tenant   TEXT    NOT NULL,
    alert_id TEXT    NOT NULL,
    is_open  INTEGER NOT NULL,
    sent_at  TEXT    NOT NULL,
    view     TEXT    NOT NULL,
    PRIMARY KEY (tenant, alert_id)
);

CREATE INDEX IF NOT EXISTS ix_coordination_alerts_open ON coordination_alerts (tenant, is_open);

CREATE TABLE IF NOT EXISTS coordination_alert_addressees
(
    tenant          TEXT NOT NULL,
    alert_id        TEXT NOT NULL,
    organisation_id TEXT NOT NULL,
    PRIMARY KEY (tenant, alert_id, organisation_id)
);

CREATE INDEX IF NOT EXISTS ix_coordination_alert_addressees_org ON coordination_alert_addressees (tenant, organisation_id);
