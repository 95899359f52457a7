-- 006_division_collation: division codes compare byte by byte.
--
-- Codes are digits, so every collation orders them alike; but PostgreSQL
-- compares text in the database's collation (C.UTF-8, en_US.UTF-8, …)
-- through the C library unless told otherwise, which made the primary key,
-- the parent index and the foreign-key checks of a full import about twice
-- as slow as byte comparison (docs/PERFORMANCE.md). SQLite compares bytes
-- already (BINARY): nothing to do there.
-- @postgres
ALTER TABLE divisions
	ALTER COLUMN code TYPE TEXT COLLATE "C",
	ALTER COLUMN parent_code TYPE TEXT COLLATE "C";
-- @all
