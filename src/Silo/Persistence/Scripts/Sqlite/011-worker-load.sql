-- How many open assignments each worker has, kept with coordination_concern_workers in the concern's
-- transaction: picking a worker reads one row per worker instead of one per open assignment of the tenant.
-- Assignments stored before this step are counted from coordination_concern_workers once.

CREATE TABLE IF NOT EXISTS coordination_worker_load
(
    tenant           TEXT    NOT NULL,
    worker_id        TEXT    NOT NULL,
    open_assignments INTEGER NOT NULL,
    PRIMARY KEY (tenant, worker_id)
);

INSERT INTO coordination_worker_load (tenant, worker_id, open_assignments)
SELECT tenant, worker_id, COUNT(*)
FROM coordination_concern_workers
GROUP BY tenant, worker_id
ON CONFLICT (tenant, worker_id) DO NOTHING;
