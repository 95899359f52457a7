-- 006_division_collation: division codes compare byte by byte.
--
-- Codes are digits, so every collation orders them alike; but PostgreSQL
-- compares text in the database's collation (C.UTF-8, en_US.UTF-8, …)
-- through the C library unless told otherwise, which made the primary key,
-- the parent index and the foreign-key checks of a full import about twice
-- as slow as byte comparison (docs/PERFORMANCE.md). SQLite compares bytes
-- already (BINARY): nothing to do there.
--
-- Every column that holds a division code follows: a comparison between
-- a "C" column and a default-collation one is made in "C" (the
-- non-default collation wins), and a default-collation index cannot serve
-- it — the station coverage query went from 45 ms to 160 ms until the
-- stations' codes were changed too.
-- @postgres
ALTER TABLE divisions
	ALTER COLUMN code TYPE TEXT COLLATE "C",
	ALTER COLUMN parent_code TYPE TEXT COLLATE "C";
ALTER TABLE stations ALTER COLUMN division_code TYPE TEXT COLLATE "C";
ALTER TABLE orgs ALTER COLUMN division_code TYPE TEXT COLLATE "C";
ALTER TABLE catalog_items ALTER COLUMN division_code TYPE TEXT COLLATE "C";
ALTER TABLE eligibility_rule_sets ALTER COLUMN region_code TYPE TEXT COLLATE "C";
ALTER TABLE user_scope ALTER COLUMN ref TYPE TEXT COLLATE "C";
-- @all
