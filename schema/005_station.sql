-- 005_station: the three-tier network of social work stations (R-NET-1..4)
-- and the social workers who staff them (R-TAL-1).
--
-- A station belongs to one division of its tier's level: the county
-- guidance center (社会工作指导中心) to a county (6 digits), the township
-- station (乡镇(街道)社会工作服务站) to a township/street (9), the village
-- room (村(社区)社会工作室) to a village/community (12). Stations are never
-- deleted: one that stops is 'closed' (projects and service records will
-- refer to it).

CREATE TABLE stations (
	id              INTEGER PRIMARY KEY,
	division_code   TEXT NOT NULL REFERENCES divisions(code),
	tier            TEXT NOT NULL CHECK (tier IN ('county', 'township', 'village')),
	-- comprehensive 综合 / specialised 专项, and the demonstration flag
	-- 示范: township stations only
	kind            TEXT CHECK (kind IN ('comprehensive', 'specialised')),
	demonstration   INTEGER NOT NULL DEFAULT 0 CHECK (demonstration IN (0, 1)),
	name            TEXT NOT NULL,
	address         TEXT,
	opened_on       TEXT,
	status          TEXT NOT NULL DEFAULT 'planned'
		CHECK (status IN ('planned', 'active', 'suspended', 'closed')),
	-- the provider running it under a contract; NULL when self-operated
	operator_org_id INTEGER REFERENCES orgs(id),
	operation       TEXT NOT NULL CHECK (operation IN ('contract', 'self_operated')),
	brand           TEXT, -- 一站一品牌
	feature         TEXT, -- 一村(社区)一特色
	-- Denormalised (R-NET-4): 1 when status is 'active' and every
	-- readiness item of the tier passes. Every write that can change it
	-- (the station, its staff, its readiness ticks, the checklist)
	-- recomputes it in the same transaction (domain/station.c), so that
	-- coverage (R-NET-3) is a range count over an index.
	working         INTEGER NOT NULL DEFAULT 0 CHECK (working IN (0, 1)),
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL,
	CHECK ((tier = 'county' AND length(division_code) = 6)
		OR (tier = 'township' AND length(division_code) = 9)
		OR (tier = 'village' AND length(division_code) = 12)),
	CHECK ((tier = 'township') = (kind IS NOT NULL)),
	CHECK (tier = 'township' OR demonstration = 0),
	CHECK ((operation = 'contract') = (operator_org_id IS NOT NULL))
) STRICT;
-- a division subtree (code range), by id
CREATE INDEX stations_division ON stations(division_code, id);
-- coverage: the working stations of a tier in a code range
CREATE INDEX stations_working ON stations(tier, division_code) WHERE working = 1;
CREATE INDEX stations_operator ON stations(operator_org_id, id);

-- The catalog areas (R-CAT-1) a station serves.
CREATE TABLE station_areas (
	station_id INTEGER NOT NULL REFERENCES stations(id),
	area_code  TEXT NOT NULL REFERENCES catalog_areas(code),
	PRIMARY KEY (station_id, area_code)
) STRICT;

-- Social workers (R-TAL-1). The name is personal data (rendered to those
-- who see the worker, never written to logs or the audit trail).
CREATE TABLE social_workers (
	id              INTEGER PRIMARY KEY,
	name            TEXT NOT NULL,
	-- 助理社会工作师 / 社会工作师 / 高级社会工作师; NULL: none
	qualification   TEXT CHECK (qualification IN ('assistant', 'intermediate', 'senior')),
	certificate_no  TEXT,
	employer_org_id INTEGER REFERENCES orgs(id),
	full_time       INTEGER NOT NULL CHECK (full_time IN (0, 1)),
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX social_workers_employer ON social_workers(employer_org_id, id);

-- Who works at a station: each worker once per station, one head at most.
CREATE TABLE station_staff (
	station_id INTEGER NOT NULL REFERENCES stations(id),
	worker_id  INTEGER NOT NULL REFERENCES social_workers(id),
	role       TEXT NOT NULL CHECK (role IN ('head', 'staff')),
	since      TEXT NOT NULL,
	PRIMARY KEY (station_id, worker_id)
) STRICT;
CREATE INDEX station_staff_worker ON station_staff(worker_id, station_id);
CREATE UNIQUE INDEX station_staff_head ON station_staff(station_id) WHERE role = 'head';

-- The readiness checklist (R-NET-4), per tier: 'flag' items are ticked by
-- a person (station_readiness); 'min_staff' and 'min_qualified' are
-- computed from station_staff: the number of full-time staff, and of staff
-- holding a qualification, must reach the threshold. The rows below are
-- defaults ("five haves" used by provinces); an administrator changes
-- names and thresholds (PATCH /api/v1/readiness-items/{id}).
CREATE TABLE readiness_items (
	id        INTEGER PRIMARY KEY,
	tier      TEXT NOT NULL CHECK (tier IN ('county', 'township', 'village')),
	code      TEXT NOT NULL,
	name_zh   TEXT NOT NULL,
	name_en   TEXT NOT NULL,
	kind      TEXT NOT NULL CHECK (kind IN ('flag', 'min_staff', 'min_qualified')),
	threshold INTEGER CHECK (threshold IS NULL OR threshold BETWEEN 0 AND 99),
	position  INTEGER NOT NULL,
	UNIQUE (tier, code),
	CHECK ((kind = 'flag') = (threshold IS NULL))
) STRICT;

-- A person's tick of a flag item for a station.
CREATE TABLE station_readiness (
	station_id INTEGER NOT NULL REFERENCES stations(id),
	item_id    INTEGER NOT NULL REFERENCES readiness_items(id),
	met        INTEGER NOT NULL CHECK (met IN (0, 1)),
	note       TEXT,
	checked_at INTEGER NOT NULL,
	checked_by INTEGER REFERENCES users(id),
	PRIMARY KEY (station_id, item_id)
) STRICT;

-- Defaults, to be adapted by each province: the county guidance center
-- needs 3 full-time staff of whom 2 qualified, a township station 2 and 1,
-- a village room 1 full-time worker (qualification not required).
INSERT INTO readiness_items (tier, code, name_zh, name_en, kind, threshold, position) VALUES
	('county', 'site', '有场地', 'Has a site', 'flag', NULL, 1),
	('county', 'equipment', '有设备', 'Has equipment', 'flag', NULL, 2),
	('county', 'staff', '有人员：专职社工人数', 'Has staff: full-time workers', 'min_staff', 3, 3),
	('county', 'qualified_staff', '有人员：持证社工人数', 'Has staff: qualified workers',
	 'min_qualified', 2, 4),
	('county', 'rules', '有制度', 'Has rules', 'flag', NULL, 5),
	('county', 'services', '有服务', 'Has services', 'flag', NULL, 6),
	('township', 'site', '有场地', 'Has a site', 'flag', NULL, 1),
	('township', 'equipment', '有设备', 'Has equipment', 'flag', NULL, 2),
	('township', 'staff', '有人员：专职社工人数', 'Has staff: full-time workers', 'min_staff', 2,
	 3),
	('township', 'qualified_staff', '有人员：持证社工人数', 'Has staff: qualified workers',
	 'min_qualified', 1, 4),
	('township', 'rules', '有制度', 'Has rules', 'flag', NULL, 5),
	('township', 'services', '有服务', 'Has services', 'flag', NULL, 6),
	('village', 'site', '有场地', 'Has a site', 'flag', NULL, 1),
	('village', 'equipment', '有设备', 'Has equipment', 'flag', NULL, 2),
	('village', 'staff', '有人员：专职社工人数', 'Has staff: full-time workers', 'min_staff', 1, 3),
	('village', 'qualified_staff', '有人员：持证社工人数', 'Has staff: qualified workers',
	 'min_qualified', 0, 4),
	('village', 'rules', '有制度', 'Has rules', 'flag', NULL, 5),
	('village', 'services', '有服务', 'Has services', 'flag', NULL, 6);

-- Name search (db.h, "Text search").
-- @sqlite
CREATE INDEX stations_name ON stations(name);
CREATE VIRTUAL TABLE stations_search USING fts5(
	name, content='stations', content_rowid='id', tokenize='trigram');
CREATE TRIGGER stations_search_ai AFTER INSERT ON stations BEGIN
	INSERT INTO stations_search (rowid, name) VALUES (new.id, new.name);
END;
CREATE TRIGGER stations_search_ad AFTER DELETE ON stations BEGIN
	INSERT INTO stations_search (stations_search, rowid, name) VALUES ('delete', old.id, old.name);
END;
CREATE TRIGGER stations_search_au AFTER UPDATE OF name ON stations BEGIN
	INSERT INTO stations_search (stations_search, rowid, name) VALUES ('delete', old.id, old.name);
	INSERT INTO stations_search (rowid, name) VALUES (new.id, new.name);
END;
-- @postgres
CREATE INDEX stations_name ON stations(name text_pattern_ops);
CREATE INDEX stations_name_trgm ON stations USING gin (name gin_trgm_ops);
-- @all
