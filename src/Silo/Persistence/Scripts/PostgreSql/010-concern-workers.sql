-- The worker each open concern is with (assigned and not yet accepted, or accepted and being handled), written
-- with the concern's events: the roster counts each worker's open assignments, and a worker lists their own,
-- without reading every open concern. Concerns stored before this step are taken from their summary once.

CREATE TABLE IF NOT EXISTS coordination_concern_workers
(
    tenant     text NOT NULL,
    concern_id text NOT NULL,
    worker_id  text NOT NULL,
    PRIMARY KEY (tenant, concern_id)
);

CREATE INDEX IF NOT EXISTS ix_coordination_concern_workers_worker ON coordination_concern_workers (tenant, worker_id);

INSERT INTO coordination_concern_workers (tenant, concern_id, worker_id)
SELECT tenant, concern_id, summary::jsonb ->> 'assignedTo'
FROM coordination_concerns
WHERE is_open AND summary::jsonb ->> 'assignedTo' IS NOT NULL
  AND summary::jsonb ->> 'status' IN ('Assigned', 'Accepted', 'InProgress', 'Referred')
ON CONFLICT (tenant, concern_id) DO NOTHING;
