-- issue 19: the rules worker follows logger files as they are handed over (by upload time, across
-- shipments), so a file's readings reach the live rules as MQTT readings do.
CREATE INDEX logger_files_uploaded ON logger_files (uploaded_at, id);
