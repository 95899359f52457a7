-- 012_delivery: service delivery (R-SVC-1..6, R-PRJ-5, R-PII-1): the
-- people served and their consent, casework, group work and community
-- activities recorded as service records with the volunteers who took
-- part, the township's monthly confirmation, and the running totals that
-- progress against a project's targets is read from.
--
-- Personal data (SECURITY.md): a beneficiary's name and every sensitive
-- field are stored only encrypted (base/pii.h; the GCM additional data
-- names the column, "beneficiaries.phone"), an ID number is found through
-- its keyed hash. Dates are 'YYYY-MM-DD', months 'YYYY-MM' (China Standard
-- Time), moments UTC epoch milliseconds. Records are corrected, never
-- deleted, except by the retention purge, which erases personal fields.

-- The account a social worker signs in with: what they record names them.
ALTER TABLE social_workers ADD COLUMN user_id INTEGER REFERENCES users(id);
CREATE UNIQUE INDEX social_workers_user ON social_workers(user_id) WHERE user_id IS NOT NULL;

-- A person served (服务对象), registered in the village or community
-- (12 digits) they live in, or a township (9) when no village is known.
-- sex and birth_date come from the ID number, never typed. restricted is
-- 1 for a minor or a person with a mental disorder: only the social
-- workers assigned to one of their cases, and civil affairs staff of the
-- division, see the record (R-ROLE-1, domain/beneficiary.c). A purged
-- record keeps its division, sex, birth year and groups as an anonymous
-- count (purged_at set, every *_enc and the index NULL).
CREATE TABLE beneficiaries (
	id                  INTEGER PRIMARY KEY,
	division_code       TEXT NOT NULL REFERENCES divisions(code),
	name_enc            BLOB,
	id_number_enc       BLOB,
	id_number_index     TEXT UNIQUE,
	sex                 TEXT NOT NULL CHECK (sex IN ('male', 'female')),
	birth_date          TEXT NOT NULL,
	phone_enc           BLOB,
	address_enc         BLOB,
	-- disability category and grade, health facts, mental health, the
	-- guardian of a minor, household notes: one encrypted JSON document
	sensitive_enc       BLOB,
	disability_category TEXT CHECK (disability_category IN ('visual', 'hearing', 'speech',
		'physical', 'intellectual', 'mental', 'multiple')),
	disability_grade    INTEGER CHECK (disability_grade BETWEEN 1 AND 4),
	restricted          INTEGER NOT NULL DEFAULT 0 CHECK (restricted IN (0, 1)),
	status              TEXT NOT NULL DEFAULT 'active'
		CHECK (status IN ('active', 'inactive', 'moved', 'deceased')),
	registered_by_station INTEGER REFERENCES stations(id),
	last_closed_on      TEXT, -- the last case closure: retention counts from it
	purged_at           INTEGER,
	created_by          INTEGER,
	created_at          INTEGER NOT NULL,
	updated_at          INTEGER NOT NULL,
	CHECK ((id_number_enc IS NULL) = (id_number_index IS NULL)),
	CHECK (purged_at IS NOT NULL OR (name_enc IS NOT NULL AND id_number_enc IS NOT NULL)),
	CHECK (disability_grade IS NULL OR disability_category IS NOT NULL)
) STRICT;
CREATE INDEX beneficiaries_division ON beneficiaries(division_code, id);
CREATE INDEX beneficiaries_status ON beneficiaries(status, id);

CREATE TABLE beneficiary_groups (
	beneficiary_id INTEGER NOT NULL REFERENCES beneficiaries(id),
	group_code     TEXT NOT NULL REFERENCES target_groups(code),
	PRIMARY KEY (beneficiary_id, group_code)
) STRICT;
CREATE INDEX beneficiary_groups_group ON beneficiary_groups(group_code, beneficiary_id);

-- Informed consent (知情同意): what it covers, who signed (the person or
-- the guardian), when it was withdrawn. A service is recorded only while
-- a consent covering services is in force on the service date.
CREATE TABLE consents (
	id             INTEGER PRIMARY KEY,
	beneficiary_id INTEGER NOT NULL REFERENCES beneficiaries(id),
	signed_on      TEXT NOT NULL,
	services       INTEGER NOT NULL CHECK (services IN (0, 1)),
	data_sharing   INTEGER NOT NULL CHECK (data_sharing IN (0, 1)),
	photos         INTEGER NOT NULL CHECK (photos IN (0, 1)),
	signed_by      TEXT NOT NULL CHECK (signed_by IN ('self', 'guardian')),
	withdrawn_on   TEXT,
	created_by     INTEGER,
	created_at     INTEGER NOT NULL,
	CHECK (withdrawn_on IS NULL OR withdrawn_on >= signed_on)
) STRICT;
CREATE INDEX consents_beneficiary ON consents(beneficiary_id, signed_on);

-- Volunteers (R-SVC-3, domain/volunteer.c). The name is personal; phone
-- and ID number are sensitive: encrypted (GCM additional data
-- "volunteers.phone", "volunteers.id_number"), the ID number found through
-- its keyed hash. Lists, details and exports show the masks kept beside
-- them (138****5678, 500110********1234), so that no list decrypts.
CREATE TABLE volunteers (
	id              INTEGER PRIMARY KEY,
	division_code   TEXT NOT NULL REFERENCES divisions(code),
	name            TEXT NOT NULL,
	phone_enc       BLOB,
	phone_mask      TEXT,
	id_number_enc   BLOB,
	id_number_mask  TEXT,
	id_number_index TEXT UNIQUE,
	skills          TEXT NOT NULL DEFAULT '',
	availability    TEXT NOT NULL DEFAULT '',
	status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
	created_by      INTEGER,
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL,
	CHECK ((id_number_enc IS NULL) = (id_number_index IS NULL)),
	CHECK ((id_number_enc IS NULL) = (id_number_mask IS NULL)),
	CHECK ((phone_enc IS NULL) = (phone_mask IS NULL))
) STRICT;
CREATE INDEX volunteers_division ON volunteers(division_code, id);

-- The stations a volunteer serves, and the social workers they pair with
-- ("social worker + volunteer").
CREATE TABLE volunteer_stations (
	volunteer_id INTEGER NOT NULL REFERENCES volunteers(id),
	station_id   INTEGER NOT NULL REFERENCES stations(id),
	since        TEXT NOT NULL,
	PRIMARY KEY (volunteer_id, station_id)
) STRICT;
CREATE INDEX volunteer_stations_station ON volunteer_stations(station_id, volunteer_id);
CREATE TABLE volunteer_pairs (
	volunteer_id INTEGER NOT NULL REFERENCES volunteers(id),
	worker_id    INTEGER NOT NULL REFERENCES social_workers(id),
	since        TEXT NOT NULL,
	PRIMARY KEY (volunteer_id, worker_id)
) STRICT;
CREATE INDEX volunteer_pairs_worker ON volunteer_pairs(worker_id, volunteer_id);

-- Casework (个案): intake → assessment → plan → intervention → review →
-- closed, each step checked and audited (domain/casework.c). The
-- presenting need and the assessment are about the person: personal.
CREATE TABLE cases (
	id              INTEGER PRIMARY KEY,
	beneficiary_id  INTEGER NOT NULL REFERENCES beneficiaries(id),
	project_id      INTEGER NOT NULL REFERENCES projects(id),
	station_id      INTEGER NOT NULL REFERENCES stations(id),
	worker_id       INTEGER NOT NULL REFERENCES social_workers(id),
	item_id         INTEGER NOT NULL REFERENCES catalog_items(id),
	stage           TEXT NOT NULL DEFAULT 'intake' CHECK (stage IN ('intake', 'assessment',
		'planning', 'intervention', 'review', 'closed')),
	source          TEXT NOT NULL CHECK (source IN ('village', 'department', 'self',
		'outreach')),
	need            TEXT NOT NULL,
	opened_on       TEXT NOT NULL,
	risk_level      TEXT CHECK (risk_level IN ('low', 'medium', 'high')),
	assessment_tool TEXT,
	assessment      TEXT,
	assessed_on     TEXT,
	planned_on      TEXT,
	review          TEXT,
	reviewed_on     TEXT,
	closed_on       TEXT,
	closure_reason  TEXT CHECK (closure_reason IN ('goals_met', 'referred', 'refused',
		'moved', 'died')),
	created_by      INTEGER,
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL,
	CHECK ((stage = 'closed') = (closed_on IS NOT NULL)),
	CHECK ((closed_on IS NULL) = (closure_reason IS NULL))
) STRICT;
CREATE INDEX cases_beneficiary ON cases(beneficiary_id, id);
CREATE INDEX cases_station ON cases(station_id, id);
CREATE INDEX cases_project ON cases(project_id, stage);

-- The social workers assigned to a case (the lead among them): they, and
-- civil affairs staff, see a restricted beneficiary.
CREATE TABLE case_workers (
	case_id   INTEGER NOT NULL REFERENCES cases(id),
	worker_id INTEGER NOT NULL REFERENCES social_workers(id),
	PRIMARY KEY (case_id, worker_id)
) STRICT;
CREATE INDEX case_workers_worker ON case_workers(worker_id, case_id);
CREATE TABLE case_needs (
	case_id   INTEGER NOT NULL REFERENCES cases(id),
	area_code TEXT NOT NULL REFERENCES catalog_areas(code),
	PRIMARY KEY (case_id, area_code)
) STRICT;
CREATE TABLE case_goals (
	case_id  INTEGER NOT NULL REFERENCES cases(id),
	position INTEGER NOT NULL,
	goal     TEXT NOT NULL,
	measure  TEXT NOT NULL,
	due_on   TEXT NOT NULL,
	achieved INTEGER CHECK (achieved IN (0, 1)),
	PRIMARY KEY (case_id, position)
) STRICT;
-- Referral (转介) to another station or an organisation, and its answer.
CREATE TABLE referrals (
	id            INTEGER PRIMARY KEY,
	case_id       INTEGER NOT NULL REFERENCES cases(id),
	to_station_id INTEGER REFERENCES stations(id),
	to_org_id     INTEGER REFERENCES orgs(id),
	reason        TEXT NOT NULL,
	referred_on   TEXT NOT NULL,
	answer        TEXT CHECK (answer IN ('accepted', 'declined')),
	answer_note   TEXT,
	answered_on   TEXT,
	answered_by   INTEGER,
	created_by    INTEGER,
	created_at    INTEGER NOT NULL,
	CHECK ((to_station_id IS NULL) <> (to_org_id IS NULL)),
	CHECK ((answer IS NULL) = (answered_on IS NULL))
) STRICT;
CREATE INDEX referrals_case ON referrals(case_id, id);
CREATE INDEX referrals_station ON referrals(to_station_id, id);

-- Group work (小组): a theme, a catalog item, planned sessions and
-- members; each session is a service record.
CREATE TABLE service_groups (
	id               INTEGER PRIMARY KEY,
	project_id       INTEGER NOT NULL REFERENCES projects(id),
	station_id       INTEGER NOT NULL REFERENCES stations(id),
	worker_id        INTEGER NOT NULL REFERENCES social_workers(id),
	item_id          INTEGER NOT NULL REFERENCES catalog_items(id),
	theme            TEXT NOT NULL,
	planned_sessions INTEGER NOT NULL CHECK (planned_sessions BETWEEN 1 AND 100),
	status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'ended')),
	created_by       INTEGER,
	created_at       INTEGER NOT NULL,
	updated_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX service_groups_station ON service_groups(station_id, id);
CREATE INDEX service_groups_project ON service_groups(project_id, id);
CREATE TABLE group_members (
	group_id       INTEGER NOT NULL REFERENCES service_groups(id),
	beneficiary_id INTEGER NOT NULL REFERENCES beneficiaries(id),
	PRIMARY KEY (group_id, beneficiary_id)
) STRICT;
CREATE INDEX group_members_beneficiary ON group_members(beneficiary_id, group_id);

-- A service record: one service delivered — a casework intervention
-- (case_id, method), a group session (group_id) or a community activity
-- (title, place, participants) — naming the project, the station, the
-- social worker, the catalog item, the date and the duration. client_id
-- is the id an offline client chose: a batch sent twice records once.
-- month is served_on's month, the unit the township confirms; a record of
-- a confirmed month is changed only as a correction with a reason.
CREATE TABLE service_records (
	id           INTEGER PRIMARY KEY,
	client_id    TEXT UNIQUE,
	kind         TEXT NOT NULL CHECK (kind IN ('casework', 'groupwork', 'activity')),
	project_id   INTEGER NOT NULL REFERENCES projects(id),
	station_id   INTEGER NOT NULL REFERENCES stations(id),
	worker_id    INTEGER NOT NULL REFERENCES social_workers(id),
	item_id      INTEGER NOT NULL REFERENCES catalog_items(id),
	served_on    TEXT NOT NULL,
	month        TEXT NOT NULL,
	minutes      INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
	case_id      INTEGER REFERENCES cases(id),
	method       TEXT CHECK (method IN ('visit', 'counselling', 'resource_linking',
		'advocacy', 'crisis', 'phone', 'other')),
	group_id     INTEGER REFERENCES service_groups(id),
	title        TEXT,
	place        TEXT,
	participants INTEGER CHECK (participants BETWEEN 0 AND 100000),
	publicity_week INTEGER NOT NULL DEFAULT 0 CHECK (publicity_week IN (0, 1)),
	note         TEXT NOT NULL DEFAULT '',
	status       TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'void')),
	corrections  INTEGER NOT NULL DEFAULT 0,
	created_by   INTEGER,
	created_at   INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL,
	CHECK ((kind = 'casework') = (case_id IS NOT NULL)),
	CHECK ((kind = 'casework') = (method IS NOT NULL)),
	CHECK ((kind = 'groupwork') = (group_id IS NOT NULL)),
	CHECK ((kind = 'activity') = (title IS NOT NULL)),
	CHECK ((kind = 'activity') = (participants IS NOT NULL))
) STRICT;
CREATE INDEX service_records_station ON service_records(station_id, id);
CREATE INDEX service_records_project ON service_records(project_id, month, id);
CREATE INDEX service_records_case ON service_records(case_id, served_on) WHERE case_id IS NOT NULL;
CREATE INDEX service_records_group ON service_records(group_id, served_on) WHERE group_id IS NOT NULL;

-- The people a record served (attendance of a session, the person of a
-- casework visit, named participants of an activity) and the volunteers
-- who took part with their minutes.
CREATE TABLE record_people (
	record_id      INTEGER NOT NULL REFERENCES service_records(id),
	beneficiary_id INTEGER NOT NULL REFERENCES beneficiaries(id),
	PRIMARY KEY (record_id, beneficiary_id)
) STRICT;
CREATE INDEX record_people_beneficiary ON record_people(beneficiary_id, record_id);
CREATE TABLE record_volunteers (
	record_id    INTEGER NOT NULL REFERENCES service_records(id),
	volunteer_id INTEGER NOT NULL REFERENCES volunteers(id),
	minutes      INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
	PRIMARY KEY (record_id, volunteer_id)
) STRICT;
CREATE INDEX record_volunteers_volunteer ON record_volunteers(volunteer_id, record_id);
-- Photo metadata of an activity (the files themselves are not kept yet).
CREATE TABLE record_photos (
	record_id INTEGER NOT NULL REFERENCES service_records(id),
	position  INTEGER NOT NULL,
	caption   TEXT NOT NULL,
	taken_on  TEXT,
	PRIMARY KEY (record_id, position)
) STRICT;

-- Running totals for progress (R-PRJ-5), kept in the record's own
-- transaction (domain/delivery.c) so that GET …/progress reads a few
-- hundred rows whatever the number of records:
--   delivery_counts   a counter per project, station, month and indicator
--                     (cases opened and closed, groups, sessions,
--                     activities, visits, minutes of service and of
--                     volunteers, people and volunteers first reached that
--                     station-month);
--   delivery_people   how many valid records of a station-month name a
--                     person (distinct people per month and station);
--   delivery_reach    … of the whole project (distinct people, and the
--                     villages they live in through delivery_villages);
--   delivery_helpers  how many records of the project name a volunteer.
CREATE TABLE delivery_counts (
	project_id INTEGER NOT NULL REFERENCES projects(id),
	indicator  TEXT NOT NULL,
	station_id INTEGER NOT NULL REFERENCES stations(id),
	month      TEXT NOT NULL,
	value      INTEGER NOT NULL,
	PRIMARY KEY (project_id, indicator, station_id, month)
) STRICT;
CREATE TABLE delivery_people (
	project_id     INTEGER NOT NULL REFERENCES projects(id),
	station_id     INTEGER NOT NULL REFERENCES stations(id),
	month          TEXT NOT NULL,
	beneficiary_id INTEGER NOT NULL REFERENCES beneficiaries(id),
	n              INTEGER NOT NULL CHECK (n > 0),
	PRIMARY KEY (project_id, station_id, month, beneficiary_id)
) STRICT;
CREATE TABLE delivery_reach (
	project_id     INTEGER NOT NULL REFERENCES projects(id),
	beneficiary_id INTEGER NOT NULL REFERENCES beneficiaries(id),
	n              INTEGER NOT NULL CHECK (n > 0),
	PRIMARY KEY (project_id, beneficiary_id)
) STRICT;
CREATE TABLE delivery_villages (
	project_id    INTEGER NOT NULL REFERENCES projects(id),
	division_code TEXT NOT NULL REFERENCES divisions(code),
	n             INTEGER NOT NULL CHECK (n > 0),
	PRIMARY KEY (project_id, division_code)
) STRICT;
CREATE TABLE delivery_helpers (
	project_id   INTEGER NOT NULL REFERENCES projects(id),
	volunteer_id INTEGER NOT NULL REFERENCES volunteers(id),
	n            INTEGER NOT NULL CHECK (n > 0),
	PRIMARY KEY (project_id, volunteer_id)
) STRICT;

-- The township's monthly confirmation (R-SVC-4): no row is "pending".
-- figures is the month's delivery as the township saw it (JSON). A
-- correction to a record of the month reopens it (status 'reopened').
CREATE TABLE delivery_months (
	project_id    INTEGER NOT NULL REFERENCES projects(id),
	township_code TEXT NOT NULL REFERENCES divisions(code),
	month         TEXT NOT NULL,
	status        TEXT NOT NULL CHECK (status IN ('confirmed', 'disputed', 'answered',
		'reopened')),
	figures       TEXT NOT NULL,
	reason        TEXT,
	answer        TEXT,
	decided_by    INTEGER,
	decided_at    INTEGER NOT NULL,
	answered_by   INTEGER,
	answered_at   INTEGER,
	PRIMARY KEY (project_id, township_code, month),
	CHECK (status <> 'disputed' OR reason IS NOT NULL),
	CHECK (status <> 'answered' OR answer IS NOT NULL)
) STRICT;
CREATE INDEX delivery_months_township ON delivery_months(township_code, month);

-- How many years after the last closed case personal fields are kept
-- (`shegong purge`).
INSERT INTO settings (key, value) VALUES ('beneficiary.retention_years', '10');

-- @postgres
-- division codes compare byte by byte (006_division_collation.sql)
ALTER TABLE beneficiaries ALTER COLUMN division_code TYPE TEXT COLLATE "C";
ALTER TABLE volunteers ALTER COLUMN division_code TYPE TEXT COLLATE "C";
ALTER TABLE delivery_villages ALTER COLUMN division_code TYPE TEXT COLLATE "C";
ALTER TABLE delivery_months ALTER COLUMN township_code TYPE TEXT COLLATE "C";
-- @all
