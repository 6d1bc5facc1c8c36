-- The alert read model: open and ended alerts with their addressed organisations, written in the same
-- transaction as the alert's events.

CREATE TABLE IF NOT EXISTS coordination_alerts
(
    tenant   text         NOT NULL,
    alert_id text         NOT NULL,
    is_open  boolean      NOT NULL,
    sent_at  timestamptz  NOT NULL,
    view     text         NOT NULL,
    PRIMARY KEY (tenant, alert_id)
);

CREATE INDEX IF NOT EXISTS ix_coordination_alerts_open ON coordination_alerts (tenant, is_open);

CREATE TABLE IF NOT EXISTS coordination_alert_addressees
(
    tenant          text NOT NULL,
    alert_id        text NOT NULL,
    organisation_id text NOT NULL,
    PRIMARY KEY (tenant, alert_id, organisation_id)
);

CREATE INDEX IF NOT EXISTS ix_coordination_alert_addressees_org ON coordination_alert_addressees (tenant, organisation_id);
