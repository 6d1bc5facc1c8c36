-- How many open assignments each worker has: picking a worker reads one row per worker instead of one per open
-- assignment of the tenant. The database keeps the counts, with triggers on coordination_concern_workers, so that
-- every writer keeps them right, a host of an earlier release included (as on PostgreSQL, where such hosts go on
-- writing during a rollout). Assignments stored before this step are counted once, in the step's transaction.

CREATE TABLE IF NOT EXISTS coordination_worker_load
(
    tenant           TEXT    NOT NULL,
    worker_id        TEXT    NOT NULL,
    open_assignments INTEGER NOT NULL,
    PRIMARY KEY (tenant, worker_id)
);

CREATE TRIGGER IF NOT EXISTS coordination_worker_load_assigned AFTER INSERT ON coordination_concern_workers
BEGIN
    INSERT INTO coordination_worker_load (tenant, worker_id, open_assignments) VALUES (NEW.tenant, NEW.worker_id, 1)
    ON CONFLICT (tenant, worker_id) DO UPDATE SET open_assignments = open_assignments + 1;
END;

CREATE TRIGGER IF NOT EXISTS coordination_worker_load_released AFTER DELETE ON coordination_concern_workers
BEGIN
    UPDATE coordination_worker_load SET open_assignments = open_assignments - 1
    WHERE tenant = OLD.tenant AND worker_id = OLD.worker_id;
END;

CREATE TRIGGER IF NOT EXISTS coordination_worker_load_moved AFTER UPDATE OF worker_id ON coordination_concern_workers
WHEN OLD.worker_id IS NOT NEW.worker_id
BEGIN
    UPDATE coordination_worker_load SET open_assignments = open_assignments - 1
    WHERE tenant = OLD.tenant AND worker_id = OLD.worker_id;
    INSERT INTO coordination_worker_load (tenant, worker_id, open_assignments) VALUES (NEW.tenant, NEW.worker_id, 1)
    ON CONFLICT (tenant, worker_id) DO UPDATE SET open_assignments = open_assignments + 1;
END;

INSERT INTO coordination_worker_load (tenant, worker_id, open_assignments)
SELECT tenant, worker_id, COUNT(*)
FROM coordination_concern_workers
GROUP BY tenant, worker_id
ON CONFLICT (tenant, worker_id) DO NOTHING;
