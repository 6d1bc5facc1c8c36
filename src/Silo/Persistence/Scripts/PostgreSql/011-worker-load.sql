-- How many open assignments each worker has: picking a worker reads one row per worker instead of one per open
-- assignment of the tenant. The database keeps the counts, with triggers on coordination_concern_workers, so that
-- every writer keeps them right: during a rollout the pods of the previous release go on writing that table after
-- this step, knowing nothing of this one. Assignments stored before this step are counted once.

-- Until this step commits no writer can change coordination_concern_workers (readers go on): an assignment
-- committed between the count below and the triggers becoming visible would be left out for good. Writers already
-- at it are waited for; the ones that come after the commit find the triggers.
LOCK TABLE coordination_concern_workers IN SHARE ROW EXCLUSIVE MODE;

CREATE TABLE IF NOT EXISTS coordination_worker_load
(
    tenant           text NOT NULL,
    worker_id        text NOT NULL,
    open_assignments int  NOT NULL,
    PRIMARY KEY (tenant, worker_id)
);

-- One count less for the worker the concern leaves, one more for the one it goes to. The two workers' rows are
-- changed in one global order (byte order of their ids), so that two reassignments in opposite directions cannot
-- deadlock on the rows' locks.
CREATE OR REPLACE FUNCTION coordination_worker_load_follow() RETURNS trigger
LANGUAGE plpgsql AS $function$
DECLARE
    move record;
BEGIN
    FOR move IN
        SELECT m.tenant, m.worker_id, m.change
        FROM (VALUES (OLD.tenant, OLD.worker_id, -1), (NEW.tenant, NEW.worker_id, 1)) AS m (tenant, worker_id, change)
        WHERE m.worker_id IS NOT NULL
        ORDER BY m.worker_id COLLATE "C"
    LOOP
        INSERT INTO coordination_worker_load (tenant, worker_id, open_assignments)
        VALUES (move.tenant, move.worker_id, move.change)
        ON CONFLICT (tenant, worker_id)
            DO UPDATE SET open_assignments = coordination_worker_load.open_assignments + excluded.open_assignments;
    END LOOP;
    RETURN NULL;
END;
$function$;

CREATE OR REPLACE TRIGGER coordination_worker_load_assigned
    AFTER INSERT ON coordination_concern_workers
    FOR EACH ROW EXECUTE FUNCTION coordination_worker_load_follow();

CREATE OR REPLACE TRIGGER coordination_worker_load_released
    AFTER DELETE ON coordination_concern_workers
    FOR EACH ROW EXECUTE FUNCTION coordination_worker_load_follow();

CREATE OR REPLACE TRIGGER coordination_worker_load_moved
    AFTER UPDATE OF worker_id ON coordination_concern_workers
    FOR EACH ROW WHEN (OLD.worker_id IS DISTINCT FROM NEW.worker_id)
    EXECUTE FUNCTION coordination_worker_load_follow();

INSERT INTO coordination_worker_load (tenant, worker_id, open_assignments)
SELECT tenant, worker_id, COUNT(*)
FROM coordination_concern_workers
GROUP BY tenant, worker_id
ON CONFLICT (tenant, worker_id) DO NOTHING;
