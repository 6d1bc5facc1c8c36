-- Each addressed organisation's acknowledgement of an alert, with the time it took (acknowledged_at - sent_at),
-- written with the alert's events; the board's mean time to acknowledge is computed from it per window.
-- Acknowledgements made before this step are taken from the alert read model once (running it again adds nothing).

CREATE TABLE IF NOT EXISTS coordination_alert_acknowledgements
(
    tenant                 TEXT    NOT NULL,
    alert_id               TEXT    NOT NULL,
    organisation_id        TEXT    NOT NULL,
    kind                   TEXT    NOT NULL,
    sent_at                TEXT    NOT NULL,
    acknowledged_at        TEXT    NOT NULL,
    time_to_acknowledge_ms INTEGER NOT NULL,
    PRIMARY KEY (tenant, alert_id, organisation_id)
);

CREATE INDEX IF NOT EXISTS ix_coordination_alert_acknowledgements_sent ON coordination_alert_acknowledgements (tenant, sent_at);

-- Times in the view are JSON ("2026-03-02T08:04:00+00:00"); the store writes them with a space for the T.
INSERT INTO coordination_alert_acknowledgements
    (tenant, alert_id, organisation_id, kind, sent_at, acknowledged_at, time_to_acknowledge_ms)
SELECT a.tenant, a.alert_id, json_extract(o.value, '$.organisationId'), json_extract(o.value, '$.kind'), a.sent_at,
       replace(json_extract(o.value, '$.acknowledgedAt'), 'T', ' '),
       CAST(round((julianday(json_extract(o.value, '$.acknowledgedAt')) - julianday(a.sent_at)) * 86400000) AS INTEGER)
FROM coordination_alerts a, json_each(a.view, '$.organisations') o
WHERE json_extract(o.value, '$.acknowledgedAt') IS NOT NULL
ON CONFLICT (tenant, alert_id, organisation_id) DO NOTHING;
