-- Orleans ADO.NET grain storage on SQLite, written for this project to the provider's contract
-- (query keys WriteToStorageKey, ReadFromStorageKey, ClearStorageKey; parameters as the provider binds them).
-- Rows are identified by service id, grain id and state name; Version is the optimistic-concurrency ETag.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            INTEGER NOT NULL,
    GrainIdN0              INTEGER NOT NULL,
    GrainIdN1              INTEGER NOT NULL,
    GrainTypeHash          INTEGER NOT NULL,
    GrainTypeString        TEXT    NOT NULL,
    GrainIdExtensionString TEXT    NULL,
    ServiceId              TEXT    NOT NULL,
    PayloadBinary          BLOB    NULL,
    ModifiedOn             TEXT    NOT NULL,
    Version                INTEGER NULL
);

-- One row per grain state: the expression keeps keys without an extension unique as well.
CREATE UNIQUE INDEX IF NOT EXISTS UX_OrleansStorage_Grain ON OrleansStorage
    (ServiceId, GrainTypeHash, GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeString, IFNULL(GrainIdExtensionString, ''));

-- Reading: at most one row; no row means the grain has no state yet.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
SELECT PayloadBinary, Version
FROM OrleansStorage
WHERE ServiceId = @ServiceId
  AND GrainTypeHash = @GrainTypeHash AND GrainTypeString = @GrainTypeString
  AND GrainIdHash = @GrainIdHash AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND IFNULL(GrainIdExtensionString, '''') = IFNULL(@GrainIdExtensionString, '''')
LIMIT 1;
');

-- Writing: update when the caller holds the current version, insert when it holds none and no row exists.
-- Exactly one NewGrainStateVersion row comes back on success; none at all tells the provider the write was stale.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
UPDATE OrleansStorage
SET PayloadBinary = @PayloadBinary,
    ModifiedOn = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now''),
    Version = Version + 1
WHERE @GrainStateVersion IS NOT NULL
  AND ServiceId = @ServiceId
  AND GrainTypeHash = @GrainTypeHash AND GrainTypeString = @GrainTypeString
  AND GrainIdHash = @GrainIdHash AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND IFNULL(GrainIdExtensionString, '''') = IFNULL(@GrainIdExtensionString, '''')
  AND Version = @GrainStateVersion;

SELECT @GrainStateVersion + 1 AS NewGrainStateVersion
WHERE @GrainStateVersion IS NOT NULL AND changes() > 0;

INSERT INTO OrleansStorage
    (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId,
     PayloadBinary, ModifiedOn, Version)
SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString, @ServiceId,
       @PayloadBinary, strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now''), 1
WHERE @GrainStateVersion IS NULL
  AND NOT EXISTS (
      SELECT 1 FROM OrleansStorage
      WHERE ServiceId = @ServiceId
        AND GrainTypeHash = @GrainTypeHash AND GrainTypeString = @GrainTypeString
        AND GrainIdHash = @GrainIdHash AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
        AND IFNULL(GrainIdExtensionString, '''') = IFNULL(@GrainIdExtensionString, ''''));

SELECT 1 AS NewGrainStateVersion
WHERE @GrainStateVersion IS NULL AND changes() > 0;
');

-- Clearing keeps the row (and so its version) but drops the payload.
INSERT OR REPLACE INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
UPDATE OrleansStorage
SET PayloadBinary = NULL,
    ModifiedOn = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now''),
    Version = Version + 1
WHERE @GrainStateVersion IS NOT NULL
  AND ServiceId = @ServiceId
  AND GrainTypeHash = @GrainTypeHash AND GrainTypeString = @GrainTypeString
  AND GrainIdHash = @GrainIdHash AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
  AND IFNULL(GrainIdExtensionString, '''') = IFNULL(@GrainIdExtensionString, '''')
  AND Version = @GrainStateVersion;

SELECT @GrainStateVersion + 1 AS NewGrainStateVersion
WHERE changes() > 0;
');
