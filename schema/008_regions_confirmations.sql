-- 008_regions_confirmations: the regions an organisation serves, and the
-- confirmation of a station's readiness ticks.

-- An organisation is seen where it is registered and where it serves
-- (R-ROLE-1): a provider introduced from elsewhere (仁怀社工 in Qijiang)
-- is registered for the county by the county, and only then can run one
-- of its stations. A station's operator must be an organisation the
-- actor sees.
CREATE TABLE org_regions (
	org_id        INTEGER NOT NULL REFERENCES orgs(id),
	division_code TEXT NOT NULL REFERENCES divisions(code),
	added_at      INTEGER NOT NULL,
	added_by      INTEGER REFERENCES users(id),
	PRIMARY KEY (org_id, division_code)
) STRICT;
CREATE INDEX org_regions_division ON org_regions(division_code, org_id);

-- A tick by the station's operator is a claim; it counts towards the
-- working flag once township or civil affairs staff confirm it. A tick by
-- those staff is confirmed as it is made. Ticks made before this
-- migration were counted already: they stay confirmed by their author.
ALTER TABLE station_readiness ADD COLUMN confirmed_by INTEGER REFERENCES users(id);
ALTER TABLE station_readiness ADD COLUMN confirmed_at INTEGER;
UPDATE station_readiness SET confirmed_by = checked_by, confirmed_at = checked_at;

-- @postgres
ALTER TABLE org_regions ALTER COLUMN division_code TYPE TEXT COLLATE "C";
-- @all
