-- Each addressed organisation's acknowledgement of an alert, with the time it took (acknowledged_at - sent_at),
-- written with the alert's events; the board's mean time to acknowledge is computed from it per window.
-- Acknowledgements made before this step are taken from the alert read model once (running it again adds nothing).

CREATE TABLE IF NOT EXISTS coordination_alert_acknowledgements
(
    tenant                 text        NOT NULL,
    alert_id               text        NOT NULL,
    organisation_id        text        NOT NULL,
    kind                   text        NOT NULL,
    sent_at                timestamptz NOT NULL,
    acknowledged_at        timestamptz NOT NULL,
    time_to_acknowledge_ms bigint      NOT NULL,
    PRIMARY KEY (tenant, alert_id, organisation_id)
);

CREATE INDEX IF NOT EXISTS ix_coordination_alert_acknowledgements_sent ON coordination_alert_acknowledgements (tenant, sent_at);

INSERT INTO coordination_alert_acknowledgements
    (tenant, alert_id, organisation_id, kind, sent_at, acknowledged_at, time_to_acknowledge_ms)
SELECT a.tenant, a.alert_id, o ->> 'organisationId', o ->> 'kind', a.sent_at, (o ->> 'acknowledgedAt')::timestamptz,
       floor(extract(epoch FROM (o ->> 'acknowledgedAt')::timestamptz - a.sent_at) * 1000)::bigint
FROM coordination_alerts a
CROSS JOIN LATERAL jsonb_array_elements(a.view::jsonb -> 'organisations') o
WHERE o ->> 'acknowledgedAt' IS NOT NULL
ON CONFLICT (tenant, alert_id, organisation_id) DO NOTHING;
