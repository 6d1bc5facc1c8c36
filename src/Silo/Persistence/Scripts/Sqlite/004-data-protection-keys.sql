-- ASP.NET Core Data Protection keys (Microsoft.AspNetCore.DataProtection.EntityFrameworkCore's
-- DataProtectionKey entity). The embedded mode keeps its keys in files beside the database; the table is
-- here so that both providers have the same schema steps. Idempotent.

CREATE TABLE IF NOT EXISTS "DataProtectionKeys"
(
    "Id"           INTEGER NOT NULL CONSTRAINT "PK_DataProtectionKeys" PRIMARY KEY AUTOINCREMENT,
    "FriendlyName" TEXT    NULL,
    "Xml"          TEXT    NULL
);
