-- 010_purchase: the purchase lifecycle (R-PRJ-1..4, R-CAT-3, R-PROC-1..3,
-- R-CON-1..3, R-FLOW-1): a department's annual plan and budget, its
-- projects with their targets, the procurement of each (tender, bids,
-- scoring, award, public notice and objections) and the contract.
--
-- Amounts are integer fen. Dates are 'YYYY-MM-DD' (China Standard Time,
-- as a clerk reads them); moments are UTC epoch milliseconds. Nothing here
-- is deleted: a project stops by being cancelled or closed, a tender by
-- failing, an award by being withdrawn — the public record keeps them.

-- The figures of national and regional rules that the procedure applies
-- (thresholds, weights, periods), each with the clause it comes from. The
-- value for a region and year is that of the longest region_code that is
-- a prefix of the region (NULL: national), for that year or, failing one,
-- for every year (year NULL) — as eligibility rule sets resolve.
CREATE TABLE purchase_rules (
	id          INTEGER PRIMARY KEY,
	code        TEXT NOT NULL,
	region_code TEXT REFERENCES divisions(code),
	year        INTEGER CHECK (year IS NULL OR year BETWEEN 2000 AND 2100),
	value       INTEGER NOT NULL,
	unit        TEXT NOT NULL CHECK (unit IN ('fen', 'percent', 'working_days', 'days',
		'months', 'count', 'people', 'flag')),
	name_zh     TEXT NOT NULL,
	name_en     TEXT NOT NULL,
	clause      TEXT NOT NULL,
	-- 1 for a figure invented for the demo (shown as such)
	demo        INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
	updated_at  INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE UNIQUE INDEX purchase_rules_key
	ON purchase_rules(code, COALESCE(region_code, ''), COALESCE(year, 0));

INSERT INTO purchase_rules (code, value, unit, name_zh, name_en, clause) VALUES
	('procurement.open_tender_threshold', 400000000, 'fen', '服务项目公开招标数额标准',
	 'public-tender threshold for services',
	 '《中央预算单位政府集中采购目录及标准（2020年版）》（国办发〔2019〕55号）：政府采购服务项目单项或批量金额达到400万元以上的，必须采用公开招标方式；地方标准由省级人民政府确定'),
	('method.quotation.services', 0, 'flag', '服务项目可否采用询价方式', 'request for quotation allowed for services',
	 '《中华人民共和国政府采购法》第三十二条：询价适用于规格、标准统一、现货货源充足且价格变化幅度小的货物'),
	('method.open_tender.min_bids', 3, 'count', '公开招标有效投标最少家数', 'fewest valid bids, public tender',
	 '《中华人民共和国政府采购法》第三十六条'),
	('method.invited_tender.min_bids', 3, 'count', '邀请招标有效投标最少家数', 'fewest valid bids, invitational tender',
	 '《中华人民共和国政府采购法》第三十四条、第三十六条'),
	('method.competitive_negotiation.min_bids', 3, 'count', '竞争性谈判有效响应最少家数',
	 'fewest valid responses, competitive negotiation', '《中华人民共和国政府采购法》第三十八条'),
	('method.competitive_consultation.min_bids', 2, 'count', '竞争性磋商有效响应最少家数',
	 'fewest valid responses, competitive consultation',
	 '《政府采购竞争性磋商采购方式管理暂行办法》（财库〔2014〕214号）第二十一条（政府购买服务项目符合要求的供应商可为2家）'),
	('method.single_source.min_bids', 1, 'count', '单一来源采购响应家数', 'responses, single source',
	 '《中华人民共和国政府采购法》第三十九条'),
	('method.quotation.min_bids', 3, 'count', '询价有效报价最少家数', 'fewest valid quotations',
	 '《中华人民共和国政府采购法》第四十条'),
	('method.framework.min_bids', 2, 'count', '框架协议入围供应商最少家数', 'fewest suppliers admitted, framework agreement',
	 '《政府采购框架协议采购方式管理暂行办法》（财政部令第110号）'),
	('method.open_tender.panel_min', 5, 'people', '公开招标评标委员会最少人数', 'smallest panel, public tender',
	 '《政府采购货物和服务招标投标管理办法》（财政部令第87号）第四十七条：评标委员会成员人数应当为5人以上单数'),
	('method.invited_tender.panel_min', 5, 'people', '邀请招标评标委员会最少人数', 'smallest panel, invitational tender',
	 '《政府采购货物和服务招标投标管理办法》（财政部令第87号）第四十七条'),
	('method.competitive_negotiation.panel_min', 3, 'people', '谈判小组最少人数', 'smallest panel, competitive negotiation',
	 '《中华人民共和国政府采购法》第三十八条：谈判小组由采购人的代表和有关专家共三人以上的单数组成'),
	('method.competitive_consultation.panel_min', 3, 'people', '磋商小组最少人数', 'smallest panel, competitive consultation',
	 '《政府采购竞争性磋商采购方式管理暂行办法》（财库〔2014〕214号）第十四条'),
	('method.single_source.panel_min', 0, 'people', '单一来源采购协商人员最少人数', 'smallest panel, single source',
	 '《中华人民共和国政府采购法》第三十九条：采购人与供应商在保证采购项目质量和双方商定合理价格的基础上进行采购'),
	('method.quotation.panel_min', 3, 'people', '询价小组最少人数', 'smallest panel, request for quotation',
	 '《中华人民共和国政府采购法》第四十条：询价小组由采购人的代表和有关专家共三人以上的单数组成'),
	('method.framework.panel_min', 3, 'people', '框架协议评审小组最少人数', 'smallest panel, framework agreement',
	 '《政府采购框架协议采购方式管理暂行办法》（财政部令第110号）'),
	('method.open_tender.min_days', 20, 'days', '公开招标等标期', 'days from notice to deadline, public tender',
	 '《中华人民共和国政府采购法》第三十五条：自招标文件开始发出之日起至投标人提交投标文件截止之日止，不得少于二十日'),
	('method.invited_tender.min_days', 20, 'days', '邀请招标等标期', 'days from notice to deadline, invitational tender',
	 '《中华人民共和国政府采购法》第三十五条'),
	('method.competitive_negotiation.min_days', 3, 'days', '竞争性谈判响应期', 'days from notice to deadline, competitive negotiation',
	 '《政府采购非招标采购方式管理办法》（财政部令第74号）第二十九条：不得少于3个工作日（此处按日历日计，至少3日）'),
	('method.competitive_consultation.min_days', 10, 'days', '竞争性磋商响应期', 'days from notice to deadline, competitive consultation',
	 '《政府采购竞争性磋商采购方式管理暂行办法》（财库〔2014〕214号）第十条：不得少于10日'),
	('method.single_source.min_days', 0, 'days', '单一来源采购响应期', 'days from notice to deadline, single source',
	 '《中华人民共和国政府采购法》第三十九条'),
	('method.quotation.min_days', 3, 'days', '询价响应期', 'days from notice to deadline, request for quotation',
	 '《政府采购非招标采购方式管理办法》（财政部令第74号）第四十五条：不得少于3个工作日（此处按日历日计，至少3日）'),
	('method.framework.min_days', 20, 'days', '框架协议征集期', 'days from notice to deadline, framework agreement',
	 '《政府采购框架协议采购方式管理暂行办法》（财政部令第110号）'),
	('tender.price_weight_min', 10, 'percent', '服务项目价格分值最低比重', 'lowest price weight, services',
	 '《政府采购货物和服务招标投标管理办法》（财政部令第87号）第五十五条'),
	('tender.price_weight_max', 30, 'percent', '服务项目价格分值最高比重', 'highest price weight, services',
	 '《政府采购货物和服务招标投标管理办法》（财政部令第87号）第五十五条'),
	('notice.working_days', 5, 'working_days', '采购结果公示期', 'public notice of the award',
	 '采购结果公示期默认5个工作日（SPEC R-PROC-3），各地按本地规定调整'),
	('contract.sign_within_days', 30, 'days', '中标、成交通知书发出后签订合同期限',
	 'days to sign the contract after the award notice', '《中华人民共和国政府采购法》第四十六条'),
	('contract.term_months', 12, 'months', '政府购买服务合同履行期限', 'contract term',
	 '《政府购买服务管理办法》（财政部令第102号）第二十二条：履行期限一般不超过1年'),
	('contract.term_months_stable', 36, 'months', '内容固定、连续性强的服务合同最长履行期限',
	 'longest term for stable, continuous services',
	 '《政府购买服务管理办法》（财政部令第102号）第二十二条：购买内容相对固定、连续性强、经费来源稳定、价格变化幅度小的，可以签订履行期限不超过3年的合同');

-- The negative list (MOF Order No. 102 art. 10) in full, each item with
-- its point of the article.
UPDATE negative_list SET clause = '《政府购买服务管理办法》（财政部令第102号）第十条第（二）项' WHERE code = 'government_duty';
UPDATE negative_list SET name_zh = '货物和工程，以及将工程和服务打包的项目',
	name_en = 'Goods and works, and works bundled with services',
	clause = '《政府购买服务管理办法》（财政部令第102号）第十条第（三）项' WHERE code = 'goods_and_works';
UPDATE negative_list SET clause = '《政府购买服务管理办法》（财政部令第102号）第十条第（四）项' WHERE code = 'financing';
UPDATE negative_list SET name_zh = '购买主体的人员招、聘用，劳务派遣用工，设置公益性岗位',
	name_en = 'Hiring the purchaser''s staff, dispatched labour, public-welfare posts',
	clause = '《政府购买服务管理办法》（财政部令第102号）第十条第（五）项' WHERE code = 'staffing_posts';
INSERT INTO negative_list (code, name_zh, name_en, clause, position) VALUES
	('outside_government_duty', '不属于政府职责范围的服务事项', 'Services outside the government''s duties',
	 '《政府购买服务管理办法》（财政部令第102号）第十条第（一）项', 0),
	('other_prohibited', '法律、行政法规以及国务院规定的其他不得作为政府购买服务内容的事项',
	 'Other matters that laws, regulations or the State Council exclude',
	 '《政府购买服务管理办法》（财政部令第102号）第十条第（六）项', 5);

-- The annual plan of a civil affairs department: its target system and
-- action plan [S1], the catalog areas it covers; its projects name it.
CREATE TABLE plans (
	id            INTEGER PRIMARY KEY,
	department_id INTEGER NOT NULL REFERENCES orgs(id),
	-- the department's division, copied for scope (R-ROLE-1)
	division_code TEXT NOT NULL REFERENCES divisions(code),
	year          INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	name          TEXT NOT NULL,
	goals         TEXT NOT NULL DEFAULT '',
	actions       TEXT NOT NULL DEFAULT '',
	status        TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
	created_by    INTEGER,
	created_at    INTEGER NOT NULL,
	updated_at    INTEGER NOT NULL,
	UNIQUE (department_id, year)
) STRICT;
CREATE INDEX plans_division ON plans(division_code, id);
CREATE TABLE plan_areas (
	plan_id   INTEGER NOT NULL REFERENCES plans(id),
	area_code TEXT NOT NULL REFERENCES catalog_areas(code),
	PRIMARY KEY (plan_id, area_code)
) STRICT;

-- The year's budget of a department. What is committed, contracted and
-- paid is not stored: it is summed from the projects, contracts and
-- instalments that draw on it (domain/budget.c), under the budget's row
-- lock, so that it cannot drift from them.
CREATE TABLE budgets (
	id            INTEGER PRIMARY KEY,
	department_id INTEGER NOT NULL REFERENCES orgs(id),
	division_code TEXT NOT NULL REFERENCES divisions(code),
	year          INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	amount        INTEGER NOT NULL CHECK (amount >= 0),
	source        TEXT NOT NULL DEFAULT '',
	created_at    INTEGER NOT NULL,
	updated_at    INTEGER NOT NULL,
	UNIQUE (department_id, year)
) STRICT;
CREATE INDEX budgets_division ON budgets(division_code, id);

CREATE TABLE projects (
	id                INTEGER PRIMARY KEY,
	code              TEXT NOT NULL UNIQUE,
	name              TEXT NOT NULL,
	department_id     INTEGER NOT NULL REFERENCES orgs(id),
	division_code     TEXT NOT NULL REFERENCES divisions(code),
	year              INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
	budget_id         INTEGER NOT NULL REFERENCES budgets(id),
	plan_id           INTEGER REFERENCES plans(id),
	amount            INTEGER NOT NULL CHECK (amount >= 0),
	service_start     TEXT,
	service_end       TEXT,
	-- stable, continuous service (MOF Order No. 102 art. 22): a contract
	-- of up to three years, with the reason stated
	stable            INTEGER NOT NULL DEFAULT 0 CHECK (stable IN (0, 1)),
	stable_reason     TEXT,
	-- the contract operates the beneficiary stations: signing it makes
	-- the provider their operator for its term
	station_operation INTEGER NOT NULL DEFAULT 0 CHECK (station_operation IN (0, 1)),
	content           TEXT NOT NULL DEFAULT '', -- 项目内容
	standards         TEXT NOT NULL DEFAULT '', -- 服务标准
	requirements      TEXT NOT NULL DEFAULT '', -- 服务要求
	state             TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted',
		'approved', 'procuring', 'contracted', 'in_service', 'evaluating', 'closed',
		'cancelled')),
	state_reason      TEXT, -- why it was returned or cancelled
	submitted_by      INTEGER,
	approved_by       INTEGER,
	approved_at       INTEGER,
	created_by        INTEGER,
	created_at        INTEGER NOT NULL,
	updated_at        INTEGER NOT NULL,
	CHECK (stable = 0 OR stable_reason IS NOT NULL)
) STRICT;
CREATE INDEX projects_division ON projects(division_code, id);
CREATE INDEX projects_budget ON projects(budget_id, state);
CREATE INDEX projects_state ON projects(state, id);
CREATE INDEX projects_year ON projects(year, state, id);

CREATE TABLE project_items (
	project_id INTEGER NOT NULL REFERENCES projects(id),
	item_id    INTEGER NOT NULL REFERENCES catalog_items(id),
	PRIMARY KEY (project_id, item_id)
) STRICT;
CREATE TABLE project_groups (
	project_id INTEGER NOT NULL REFERENCES projects(id),
	group_code TEXT NOT NULL REFERENCES target_groups(code),
	PRIMARY KEY (project_id, group_code)
) STRICT;
-- The beneficiary townships (R-PRJ-3) and their stations.
CREATE TABLE project_townships (
	project_id    INTEGER NOT NULL REFERENCES projects(id),
	division_code TEXT NOT NULL REFERENCES divisions(code),
	PRIMARY KEY (project_id, division_code)
) STRICT;
CREATE INDEX project_townships_division ON project_townships(division_code, project_id);
CREATE TABLE project_stations (
	project_id INTEGER NOT NULL REFERENCES projects(id),
	station_id INTEGER NOT NULL REFERENCES stations(id),
	PRIMARY KEY (project_id, station_id)
) STRICT;
CREATE INDEX project_stations_station ON project_stations(station_id, project_id);

-- What is bought, line by line: a catalog item, or a declared matter with
-- its nature — 'service' or a negative-list code (which bars approval).
CREATE TABLE project_lines (
	id         INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES projects(id),
	position   INTEGER NOT NULL,
	item_id    INTEGER REFERENCES catalog_items(id),
	matter     TEXT,
	nature     TEXT,
	amount     INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),
	note       TEXT NOT NULL DEFAULT '',
	CHECK ((item_id IS NULL) = (matter IS NOT NULL)),
	CHECK ((matter IS NULL) = (nature IS NULL)),
	UNIQUE (project_id, position)
) STRICT;

-- Targets of four kinds [S1]. indicator is a code of domain/project.c's
-- indicator table: the ones measured "from records" are computed from
-- service records (R-PRJ-5) by that code; 'custom' names its own.
CREATE TABLE project_targets (
	id         INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES projects(id),
	position   INTEGER NOT NULL,
	kind       TEXT NOT NULL CHECK (kind IN ('quantity', 'scale', 'quality', 'effect')),
	indicator  TEXT NOT NULL,
	name       TEXT NOT NULL,
	unit       TEXT NOT NULL,
	baseline   INTEGER,
	target     INTEGER NOT NULL,
	measure    TEXT NOT NULL CHECK (measure IN ('records', 'survey', 'evaluation')),
	UNIQUE (project_id, position)
) STRICT;

-- Maker–checker (R-FLOW-1): what waits for a second person. kind names
-- the object and so the permission the checker needs.
CREATE TABLE approvals (
	id            INTEGER PRIMARY KEY,
	kind          TEXT NOT NULL CHECK (kind IN ('project', 'contract', 'amendment',
		'evaluation')),
	object_id     INTEGER NOT NULL,
	project_id    INTEGER NOT NULL REFERENCES projects(id),
	division_code TEXT NOT NULL REFERENCES divisions(code),
	status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved',
		'returned', 'withdrawn')),
	maker_id      INTEGER NOT NULL,
	made_at       INTEGER NOT NULL,
	checker_id    INTEGER,
	decided_at    INTEGER,
	reason        TEXT
) STRICT;
CREATE INDEX approvals_status ON approvals(status, division_code, id);
CREATE INDEX approvals_object ON approvals(kind, object_id, id);
-- one pending approval per object
CREATE UNIQUE INDEX approvals_pending ON approvals(kind, object_id) WHERE status = 'pending';

-- A procurement round of a project: its notice and scoring scheme. A
-- project whose tender failed is tendered again in a new round.
CREATE TABLE tenders (
	id                   INTEGER PRIMARY KEY,
	project_id           INTEGER NOT NULL REFERENCES projects(id),
	round                INTEGER NOT NULL,
	method               TEXT NOT NULL CHECK (method IN ('open_tender', 'invited_tender',
		'competitive_negotiation', 'competitive_consultation', 'single_source', 'quotation',
		'framework')),
	single_source_reason TEXT,
	title                TEXT NOT NULL,
	requirements         TEXT NOT NULL DEFAULT '',
	standards            TEXT NOT NULL DEFAULT '',
	qualifications       TEXT NOT NULL DEFAULT '',
	price_weight         INTEGER NOT NULL CHECK (price_weight BETWEEN 0 AND 100),
	-- bids are received until deadline (epoch ms) and opened after it
	deadline             INTEGER NOT NULL,
	published_on         TEXT,
	opened_at            INTEGER,
	status               TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft',
		'published', 'opened', 'scored', 'awarded', 'failed', 'cancelled')),
	status_reason        TEXT,
	created_by           INTEGER,
	created_at           INTEGER NOT NULL,
	updated_at           INTEGER NOT NULL,
	UNIQUE (project_id, round)
) STRICT;
CREATE INDEX tenders_status ON tenders(status, id);

-- The providers invited to an invitational tender (and those a
-- negotiation or consultation is held with).
CREATE TABLE tender_invitations (
	tender_id INTEGER NOT NULL REFERENCES tenders(id),
	org_id    INTEGER NOT NULL REFERENCES orgs(id),
	PRIMARY KEY (tender_id, org_id)
) STRICT;
CREATE INDEX tender_invitations_org ON tender_invitations(org_id, tender_id);

-- The technical items of the scoring scheme; their weights and the price
-- weight sum to 100.
CREATE TABLE tender_items (
	id        INTEGER PRIMARY KEY,
	tender_id INTEGER NOT NULL REFERENCES tenders(id),
	position  INTEGER NOT NULL,
	name      TEXT NOT NULL,
	weight    INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 100),
	guidance  TEXT NOT NULL DEFAULT '',
	UNIQUE (tender_id, position)
) STRICT;

-- A provider's bid. The eligibility decision at bid time is kept with it
-- (the explanation as it was). Sealed until the tender is opened.
CREATE TABLE bids (
	id             INTEGER PRIMARY KEY,
	tender_id      INTEGER NOT NULL REFERENCES tenders(id),
	org_id         INTEGER NOT NULL REFERENCES orgs(id),
	price          INTEGER NOT NULL CHECK (price > 0),
	technical      TEXT NOT NULL DEFAULT '',
	documents      TEXT NOT NULL DEFAULT '[]',
	eligibility    TEXT NOT NULL,
	-- 'paper': recorded by a clerk from a paper bid
	channel        TEXT NOT NULL DEFAULT 'online' CHECK (channel IN ('online', 'paper')),
	status         TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'invalid',
		'withdrawn')),
	status_reason  TEXT,
	technical_score INTEGER, -- hundredths of a point, once scored
	price_score    INTEGER,  -- hundredths of a point
	total_score    INTEGER,  -- hundredths of a point
	rank           INTEGER,
	recorded_by    INTEGER,
	submitted_at   INTEGER NOT NULL,
	UNIQUE (tender_id, org_id)
) STRICT;
CREATE INDEX bids_org ON bids(org_id, id);

-- The evaluation panel of a tender; a member tied to a bidder is refused.
CREATE TABLE panel_members (
	id          INTEGER PRIMARY KEY,
	tender_id   INTEGER NOT NULL REFERENCES tenders(id),
	name        TEXT NOT NULL,
	affiliation_org_id INTEGER REFERENCES orgs(id),
	affiliation TEXT NOT NULL DEFAULT '',
	expert      INTEGER NOT NULL DEFAULT 1 CHECK (expert IN (0, 1)),
	-- the member's declaration of no tie to any bidder
	no_conflict INTEGER NOT NULL CHECK (no_conflict = 1),
	created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX panel_members_tender ON panel_members(tender_id);

-- The panel's technical score of a bid per item, hundredths of a point
-- (the average of the members' scores as the panel records it).
CREATE TABLE bid_scores (
	bid_id  INTEGER NOT NULL REFERENCES bids(id),
	item_id INTEGER NOT NULL REFERENCES tender_items(id),
	score   INTEGER NOT NULL CHECK (score >= 0),
	PRIMARY KEY (bid_id, item_id)
) STRICT;

-- The award of a tender and its public notice (R-PROC-3).
CREATE TABLE awards (
	id            INTEGER PRIMARY KEY,
	tender_id     INTEGER NOT NULL REFERENCES tenders(id),
	bid_id        INTEGER NOT NULL REFERENCES bids(id),
	-- why, when the award does not go to the first ranked
	reason        TEXT,
	awarded_at    INTEGER NOT NULL,
	notice_start  TEXT NOT NULL,
	notice_end    TEXT NOT NULL,  -- the last working day of the notice
	status        TEXT NOT NULL DEFAULT 'in_notice' CHECK (status IN ('in_notice', 'final',
		'withdrawn')),
	status_reason TEXT,
	awarded_by    INTEGER,
	updated_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX awards_tender ON awards(tender_id, id);
CREATE UNIQUE INDEX awards_current ON awards(tender_id) WHERE status <> 'withdrawn';

-- An objection (异议) lodged during the notice, in writing and in a real
-- name. The name is personal and the contact sensitive (encrypted by
-- base/pii; never published, never in the audit trail).
CREATE TABLE objections (
	id           INTEGER PRIMARY KEY,
	award_id     INTEGER NOT NULL REFERENCES awards(id),
	name         TEXT NOT NULL,
	contact_enc  BLOB NOT NULL,
	-- the contact as masked when lodged (138****5678, z***@example.com)
	contact_mask TEXT NOT NULL,
	-- keyed hash of the lodging address, for the per-address limit
	addr_hash    TEXT NOT NULL,
	content      TEXT NOT NULL,
	lodged_at    INTEGER NOT NULL,
	status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'upheld',
		'rejected')),
	reply        TEXT,
	replied_by   INTEGER,
	replied_at   INTEGER
) STRICT;
CREATE INDEX objections_award ON objections(award_id, status);
CREATE INDEX objections_addr ON objections(addr_hash, lodged_at);

-- The written contract of an award (R-CON-1): the seven clauses of [S1].
-- version counts the approved amendments.
CREATE TABLE contracts (
	id                 INTEGER PRIMARY KEY,
	code               TEXT NOT NULL UNIQUE,
	project_id         INTEGER NOT NULL REFERENCES projects(id),
	award_id           INTEGER NOT NULL REFERENCES awards(id),
	provider_id        INTEGER NOT NULL REFERENCES orgs(id),
	department_id      INTEGER NOT NULL REFERENCES orgs(id),
	division_code      TEXT NOT NULL REFERENCES divisions(code),
	price              INTEGER NOT NULL CHECK (price > 0),
	start_on           TEXT,
	end_on             TEXT,
	signed_on          TEXT,
	subject            TEXT NOT NULL DEFAULT '',
	quantity           TEXT NOT NULL DEFAULT '',
	quality            TEXT NOT NULL DEFAULT '',
	term               TEXT NOT NULL DEFAULT '',
	payment_method     TEXT NOT NULL DEFAULT '',
	breach_liability   TEXT NOT NULL DEFAULT '',
	dispute_resolution TEXT NOT NULL DEFAULT '',
	status             TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'pending',
		'signed', 'ended', 'terminated')),
	version            INTEGER NOT NULL DEFAULT 1,
	made_by            INTEGER,
	signed_by          INTEGER,
	created_at         INTEGER NOT NULL,
	updated_at         INTEGER NOT NULL
) STRICT;
CREATE INDEX contracts_project ON contracts(project_id);
CREATE INDEX contracts_provider ON contracts(provider_id, id);
CREATE INDEX contracts_division ON contracts(division_code, id);
CREATE UNIQUE INDEX contracts_award ON contracts(award_id) WHERE status <> 'terminated';

-- Payment instalments (R-CON-2); their sum is the price. One that depends
-- on an evaluation names its kind and the lowest grade that releases it.
CREATE TABLE instalments (
	id          INTEGER PRIMARY KEY,
	contract_id INTEGER NOT NULL REFERENCES contracts(id),
	position    INTEGER NOT NULL,
	amount      INTEGER NOT NULL CHECK (amount > 0),
	due_on      TEXT,
	evaluation  TEXT CHECK (evaluation IN ('mid_term', 'final')),
	min_grade   TEXT CHECK (min_grade IN ('excellent', 'good', 'fair', 'poor')),
	status      TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'released',
		'withheld', 'paid')),
	paid_on     TEXT,
	UNIQUE (contract_id, position),
	CHECK ((evaluation IS NULL) = (min_grade IS NULL))
) STRICT;

-- A change to a signed contract (R-CON-3): the reason, the changes as
-- {field: [old, new]}, and its maker–checker approval.
CREATE TABLE amendments (
	id          INTEGER PRIMARY KEY,
	contract_id INTEGER NOT NULL REFERENCES contracts(id),
	version     INTEGER NOT NULL,
	reason      TEXT NOT NULL,
	changes     TEXT NOT NULL,
	status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved',
		'returned')),
	made_by     INTEGER NOT NULL,
	made_at     INTEGER NOT NULL,
	decided_by  INTEGER,
	decided_at  INTEGER,
	UNIQUE (contract_id, version)
) STRICT;

-- @postgres
-- division codes compare byte by byte (006_division_collation.sql): the
-- scoped lists reach these rows by code ranges of the actor's scope
ALTER TABLE purchase_rules ALTER COLUMN region_code TYPE TEXT COLLATE "C";
ALTER TABLE plans ALTER COLUMN division_code TYPE TEXT COLLATE "C";
ALTER TABLE budgets ALTER COLUMN division_code TYPE TEXT COLLATE "C";
ALTER TABLE projects ALTER COLUMN division_code TYPE TEXT COLLATE "C";
ALTER TABLE project_townships ALTER COLUMN division_code TYPE TEXT COLLATE "C";
ALTER TABLE approvals ALTER COLUMN division_code TYPE TEXT COLLATE "C";
ALTER TABLE contracts ALTER COLUMN division_code TYPE TEXT COLLATE "C";
-- @all
