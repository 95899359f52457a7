-- 004_org: organisations that purchase and provide services (R-ORG-1, 2),
-- the facts their eligibility is decided on (R-ORG-4), and the eligibility
-- rules themselves as data: a rule set per region and year (R-ORG-5).

-- An organisation (or a qualified individual) registered in a division.
-- Civil affairs staff see the organisations registered in their division
-- subtree; provider staff see their own (user_scope kind 'org').
--
-- Individuals have no USCC but a resident ID number, sensitive data
-- (SECURITY.md): stored only encrypted (id_number_enc, base/pii.h, AAD
-- "orgs.id_number") and found through its keyed hash (id_number_index).
CREATE TABLE orgs (
	id                       INTEGER PRIMARY KEY,
	type                     TEXT NOT NULL CHECK (type IN ('government', 'civil_affairs',
		'public_institution_1', 'public_institution_2', 'public_institution_business',
		'mass_org_funded', 'mass_org', 'enterprise', 'social_org', 'rural_collective',
		'self_governing', 'individual', 'university')),
	name                     TEXT NOT NULL,
	uscc                     TEXT UNIQUE,
	id_number_enc            BLOB,
	id_number_index          TEXT UNIQUE,
	division_code            TEXT NOT NULL REFERENCES divisions(code),
	-- facts (R-ORG-4)
	registration_status      TEXT NOT NULL DEFAULT 'valid'
		CHECK (registration_status IN ('valid', 'revoked', 'deregistered')),
	registered_on            TEXT,
	business_scope           TEXT,
	full_time_staff          INTEGER NOT NULL DEFAULT 0 CHECK (full_time_staff >= 0),
	qualified_social_workers INTEGER NOT NULL DEFAULT 0 CHECK (qualified_social_workers >= 0),
	years_of_service         INTEGER NOT NULL DEFAULT 0 CHECK (years_of_service >= 0),
	past_projects            INTEGER NOT NULL DEFAULT 0 CHECK (past_projects >= 0),
	last_grade               TEXT CHECK (last_grade IN ('excellent', 'good', 'fair', 'poor')),
	dishonest                INTEGER NOT NULL DEFAULT 0 CHECK (dishonest IN (0, 1)),
	tax_record_clean         INTEGER NOT NULL DEFAULT 0 CHECK (tax_record_clean IN (0, 1)),
	social_insurance_clean   INTEGER NOT NULL DEFAULT 0
		CHECK (social_insurance_clean IN (0, 1)),
	created_at               INTEGER NOT NULL,
	updated_at               INTEGER NOT NULL,
	CHECK ((type = 'individual') = (uscc IS NULL)),
	CHECK ((type = 'individual') = (id_number_index IS NOT NULL)),
	CHECK ((id_number_enc IS NULL) = (id_number_index IS NULL))
) STRICT;
CREATE INDEX orgs_division ON orgs(division_code, id);
CREATE INDEX orgs_type ON orgs(type, id);

-- Governance and financial-management documents on file: metadata only
-- (the paper or file stays where it is kept).
CREATE TABLE org_documents (
	id         INTEGER PRIMARY KEY,
	org_id     INTEGER NOT NULL REFERENCES orgs(id),
	kind       TEXT NOT NULL CHECK (kind IN ('registration', 'governance', 'finance',
		'qualification', 'other')),
	title      TEXT NOT NULL,
	issued_on  TEXT,
	created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX org_documents_org ON org_documents(org_id, kind);

-- Name search (db.h, "Text search").
-- @sqlite
CREATE INDEX orgs_name ON orgs(name);
CREATE VIRTUAL TABLE orgs_search USING fts5(
	name, content='orgs', content_rowid='id', tokenize='trigram');
CREATE TRIGGER orgs_search_ai AFTER INSERT ON orgs BEGIN
	INSERT INTO orgs_search (rowid, name) VALUES (new.id, new.name);
END;
CREATE TRIGGER orgs_search_ad AFTER DELETE ON orgs BEGIN
	INSERT INTO orgs_search (orgs_search, rowid, name) VALUES ('delete', old.id, old.name);
END;
CREATE TRIGGER orgs_search_au AFTER UPDATE OF name ON orgs BEGIN
	INSERT INTO orgs_search (orgs_search, rowid, name) VALUES ('delete', old.id, old.name);
	INSERT INTO orgs_search (rowid, name) VALUES (new.id, new.name);
END;
-- @postgres
CREATE INDEX orgs_name ON orgs(name text_pattern_ops);
CREATE INDEX orgs_name_trgm ON orgs USING gin (name gin_trgm_ops);
-- @all

-- Eligibility rule sets (R-ORG-5). The set that decides for a region and
-- year is the one of the longest region_code that is a prefix of the
-- region (NULL: national), for that year or, failing one, for every year
-- (year NULL).
CREATE TABLE eligibility_rule_sets (
	id          INTEGER PRIMARY KEY,
	code        TEXT NOT NULL UNIQUE,
	region_code TEXT REFERENCES divisions(code),
	year        INTEGER CHECK (year IS NULL OR year BETWEEN 2000 AND 2100),
	name_zh     TEXT NOT NULL,
	name_en     TEXT NOT NULL,
	source_zh   TEXT NOT NULL,
	created_at  INTEGER NOT NULL DEFAULT 0,
	updated_at  INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE UNIQUE INDEX eligibility_rule_sets_region
	ON eligibility_rule_sets(COALESCE(region_code, ''), COALESCE(year, 0));

-- One rule: the fact it tests (a column of orgs, or a count of documents),
-- the operator and the expected value (JSON: a string, number, boolean or
-- array), the organisation types it applies to (a JSON array; NULL: all),
-- and the clause it cites.
CREATE TABLE eligibility_rules (
	id             INTEGER PRIMARY KEY,
	rule_set_id    INTEGER NOT NULL REFERENCES eligibility_rule_sets(id),
	code           TEXT NOT NULL,
	role           TEXT NOT NULL CHECK (role IN ('purchaser', 'provider')),
	position       INTEGER NOT NULL,
	fact           TEXT NOT NULL,
	op             TEXT NOT NULL CHECK (op IN ('eq', 'ne', 'ge', 'le', 'in', 'not_in',
		'contains')),
	expected       TEXT NOT NULL,
	applies_to     TEXT,
	description_zh TEXT NOT NULL,
	description_en TEXT NOT NULL,
	clause         TEXT NOT NULL,
	UNIQUE (rule_set_id, code)
) STRICT;

-- The national default: MOF Order No. 102 (《政府购买服务管理办法》, 2020)
-- articles 5-8, the conditions on suppliers of the Government Procurement
-- Law (art. 22) that article 7 refers to, and the provider conditions the
-- Ningxia opinions spell out (依法成立、业务范围、专职人员、组织管理、服务能力).
INSERT INTO eligibility_rule_sets (code, region_code, year, name_zh, name_en, source_zh)
VALUES ('national', NULL, NULL, '全国默认规则', 'National default rules',
	'《政府购买服务管理办法》(财政部令第102号)第五条至第八条;《中华人民共和国政府采购法》第二十二条;宁夏回族自治区民政厅《关于健全完善政府购买民政领域社会工作服务机制的实施意见》');

-- (VALUES …) names its columns column1, column2, … in both engines.
INSERT INTO eligibility_rules (rule_set_id, code, role, position, fact, op, expected, applies_to,
	description_zh, description_en, clause)
SELECT s.id, v.column1, v.column2, v.column3, v.column4, v.column5, v.column6, v.column7,
	v.column8, v.column9, v.column10
FROM eligibility_rule_sets s, (VALUES
	('purchaser.type', 'purchaser', 1, 'type', 'in', '["government","civil_affairs"]', NULL,
	 '各级国家机关(含民政部门)是购买主体;公益一类事业单位、使用事业编制且由财政拨款保障的群团组织不作为购买主体',
	 'Government bodies at every level (civil affairs departments included) purchase; public institutions class 1 and budget-funded mass organisations may not',
	 '财政部令第102号第五条、第八条'),
	('provider.type', 'provider', 1, 'type', 'in',
	 '["enterprise","social_org","mass_org","public_institution_2","public_institution_business","rural_collective","self_governing","individual"]',
	 NULL,
	 '依法成立的企业、社会组织(不含由财政拨款保障的群团组织),公益二类和从事生产经营活动的事业单位,农村集体经济组织,基层群众性自治组织,以及具备条件的个人可以作为承接主体',
	 'Enterprises, social organisations (not budget-funded mass organisations), public institutions class 2 and business-operating ones, rural collectives, self-governing organisations and qualified individuals may provide',
	 '财政部令第102号第六条、第八条'),
	('provider.registration', 'provider', 2, 'registration_status', 'eq', '"valid"',
	 '["enterprise","social_org","mass_org","public_institution_2","public_institution_business","rural_collective","self_governing"]',
	 '依法设立,登记有效,未被撤销或注销', 'Legally established: registration valid, not revoked or deregistered',
	 '财政部令第102号第七条;政府采购法第二十二条第一项'),
	('provider.business_scope', 'provider', 3, 'business_scope', 'contains', '"社会工作"',
	 '["enterprise","social_org","mass_org","public_institution_2","public_institution_business"]',
	 '业务范围包含社会工作服务', 'The registered business scope covers social work services',
	 '宁夏《实施意见》承接主体条件(业务范围)'),
	('provider.full_time_staff', 'provider', 4, 'full_time_staff', 'ge', '3',
	 '["enterprise","social_org","mass_org","public_institution_2","public_institution_business"]',
	 '专职工作人员人数不低于规定下限', 'Full-time staff at or above the minimum',
	 '宁夏《实施意见》承接主体条件(专职人员)'),
	('provider.qualified_social_workers', 'provider', 5, 'qualified_social_workers', 'ge', '1',
	 NULL,
	 '持有社会工作者职业资格证书的工作人员(个人为本人)不低于规定下限',
	 'Staff holding a social work qualification (for an individual: the person) at or above the minimum',
	 '宁夏《实施意见》承接主体条件(专职人员)'),
	('provider.governance_documents', 'provider', 6, 'governance_documents', 'ge', '1',
	 '["enterprise","social_org","mass_org","public_institution_2","public_institution_business","rural_collective","self_governing"]',
	 '治理结构健全,内部管理和监督制度文件在案', 'Governance and internal-control documents on file',
	 '宁夏《实施意见》承接主体条件(组织管理)'),
	('provider.finance_documents', 'provider', 7, 'finance_documents', 'ge', '1',
	 '["enterprise","social_org","mass_org","public_institution_2","public_institution_business","rural_collective","self_governing"]',
	 '具有健全的财务管理、会计核算和资产管理制度', 'Financial management, accounting and asset rules on file',
	 '政府采购法第二十二条第二项'),
	('provider.last_grade', 'provider', 8, 'last_grade', 'not_in', '["poor"]', NULL,
	 '服务能力:最近一次绩效评价等次不为"差"', 'Service capacity: the last evaluation grade is not "poor"',
	 '宁夏《实施意见》承接主体条件(服务能力)'),
	('provider.dishonest', 'provider', 9, 'dishonest', 'eq', 'false', NULL,
	 '未被列入严重违法失信名单,前三年内无重大违法记录',
	 'Not on the serious dishonesty list; no major violation in the last three years',
	 '政府采购法第二十二条第五项'),
	('provider.tax_record', 'provider', 10, 'tax_record_clean', 'eq', 'true', NULL,
	 '依法缴纳税收的记录良好', 'A clean record of paying taxes', '政府采购法第二十二条第四项'),
	('provider.social_insurance', 'provider', 11, 'social_insurance_clean', 'eq', 'true', NULL,
	 '依法缴纳社会保障资金的记录良好', 'A clean record of paying social insurance',
	 '政府采购法第二十二条第四项')
) AS v WHERE s.code = 'national';
