-- 011_calendar: the working-day calendar (节假日 holiday, 调休上班日
-- makeup_workday) that deadlines counted in working days need: the
-- award's public notice (公示期, R-PROC-3: N working days) and the others
-- to come (domain/calendar.h).
--
-- National days (division_code NULL) come from the State Council's yearly
-- arrangement as the npm package chinese-days carries it (`shegong import
-- holidays`); a region's own days (source 'local') belong to a division
-- and everything under it, the most specific one winning. A day without
-- a row is a working day from Monday to Friday — but only in a year that
-- has been imported (calendar_years): of any other year nothing is known.
CREATE TABLE calendar_days (
	id            INTEGER PRIMARY KEY,
	date          TEXT NOT NULL CHECK (length(date) = 10),
	kind          TEXT NOT NULL CHECK (kind IN ('holiday', 'makeup_workday')),
	-- 春节, 国庆节 …; for a make-up working day, the holiday it makes up for
	name          TEXT NOT NULL,
	name_en       TEXT,
	source        TEXT NOT NULL CHECK (source IN ('chinese-days', 'local')),
	division_code TEXT REFERENCES divisions(code),
	created_by    INTEGER REFERENCES users(id), -- NULL: the command line
	created_at    INTEGER NOT NULL,
	CHECK ((source = 'local') = (division_code IS NOT NULL))
) STRICT;
-- one national day per date, one local day per division and date
CREATE UNIQUE INDEX calendar_days_national ON calendar_days(date) WHERE division_code IS NULL;
CREATE UNIQUE INDEX calendar_days_local ON calendar_days(division_code, date)
	WHERE division_code IS NOT NULL;
-- the walks over a range of dates (domain/calendar.c)
CREATE INDEX calendar_days_date ON calendar_days(date, division_code);

-- The years whose national arrangement has been imported, with the
-- counts the file had.
CREATE TABLE calendar_years (
	year            INTEGER PRIMARY KEY CHECK (year BETWEEN 1900 AND 2100),
	source          TEXT NOT NULL CHECK (source IN ('chinese-days')),
	holidays        INTEGER NOT NULL,
	makeup_workdays INTEGER NOT NULL,
	imported_at     INTEGER NOT NULL,
	imported_by     INTEGER REFERENCES users(id) -- NULL: the command line
) STRICT;

-- @postgres
-- division codes compare byte by byte (006_division_collation.sql)
ALTER TABLE calendar_days ALTER COLUMN division_code TYPE TEXT COLLATE "C";
-- @all
