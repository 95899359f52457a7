-- 003_catalog: the guidance catalog of purchasable social work services
-- (R-CAT-1), the target groups (R-CAT-2) and the negative list (R-CAT-3),
-- seeded with the national defaults. Codes are the glossary's identifiers.

-- The five areas (领域) of the catalog, in display order.
CREATE TABLE catalog_areas (
	code     TEXT PRIMARY KEY,
	name_zh  TEXT NOT NULL,
	name_en  TEXT NOT NULL,
	position INTEGER NOT NULL
) STRICT;

-- Service items (服务事项) of an area. "Editable per region and year"
-- (R-CAT-1), kept simple: a row with division_code NULL is a national
-- default (year NULL too; only an administrator changes it); a row with a
-- division_code is that region's addition, seen in the catalog of the
-- division and of every division below it, for one year (year) or for
-- every year (year NULL). Civil affairs staff add and change the additions
-- of their own division subtree. Items are never deleted: projects will
-- refer to them.
CREATE TABLE catalog_items (
	id             INTEGER PRIMARY KEY,
	area_code      TEXT NOT NULL REFERENCES catalog_areas(code),
	code           TEXT NOT NULL,
	name_zh        TEXT NOT NULL,
	name_en        TEXT NOT NULL,
	description_zh TEXT,
	position       INTEGER NOT NULL DEFAULT 0,
	division_code  TEXT REFERENCES divisions(code),
	year           INTEGER CHECK (year IS NULL OR year BETWEEN 2000 AND 2100),
	created_at     INTEGER NOT NULL DEFAULT 0,
	updated_at     INTEGER NOT NULL DEFAULT 0,
	CHECK (division_code IS NOT NULL OR year IS NULL)
) STRICT;
CREATE INDEX catalog_items_area ON catalog_items(area_code, position, id);
CREATE INDEX catalog_items_division ON catalog_items(division_code, year);
-- one national item per code in an area
CREATE UNIQUE INDEX catalog_items_national ON catalog_items(area_code, code)
	WHERE division_code IS NULL;
-- ... and a regional code once per division, area and year (year NULL = every
-- year: COALESCE makes NULLs compare equal here), so that two concurrent
-- additions cannot both pass the check in catalog.c.
CREATE UNIQUE INDEX catalog_items_regional
	ON catalog_items(division_code, area_code, code, COALESCE(year, 0))
	WHERE division_code IS NOT NULL;

-- Target groups (服务对象, R-CAT-2); extensible by adding rows.
CREATE TABLE target_groups (
	code     TEXT PRIMARY KEY,
	name_zh  TEXT NOT NULL,
	name_en  TEXT NOT NULL,
	position INTEGER NOT NULL
) STRICT;

-- The negative list (R-CAT-3): matters that may not be bought. A project
-- cannot be approved against it (R-PRJ-4, the projects module).
CREATE TABLE negative_list (
	id       INTEGER PRIMARY KEY,
	code     TEXT NOT NULL UNIQUE,
	name_zh  TEXT NOT NULL,
	name_en  TEXT NOT NULL,
	clause   TEXT NOT NULL,
	position INTEGER NOT NULL
) STRICT;

INSERT INTO catalog_areas (code, name_zh, name_en, position) VALUES
	('social_assistance', '社会救助', 'Social assistance', 1),
	('elderly_services', '养老服务', 'Elderly services', 2),
	('child_welfare', '儿童福利', 'Child welfare', 3),
	('social_affairs', '社会事务', 'Social affairs', 4),
	('charity_volunteer', '慈善志愿服务', 'Charity and volunteer services', 5);

INSERT INTO catalog_items (area_code, code, name_zh, name_en, description_zh, position) VALUES
	('social_assistance', 'needs_assessment', '需求评估', 'Needs assessment',
	 '对低保对象、特困人员等救助对象开展家庭状况和服务需求评估', 1),
	('social_assistance', 'living_support', '生活帮扶', 'Living support',
	 '为救助对象提供生活照料、探访关怀等帮扶服务', 2),
	('social_assistance', 'psychological_support', '心理疏导', 'Psychological support',
	 '为救助对象提供心理疏导、情绪支持和精神慰藉', 3),
	('social_assistance', 'resource_linking', '资源链接', 'Resource linking',
	 '协助救助对象对接政策、社会资源和转介服务', 4),
	('social_assistance', 'capacity_building', '能力提升', 'Capacity building',
	 '开展就业支持、技能培训等能力提升服务', 5),
	('social_assistance', 'social_integration', '社会融入', 'Social integration',
	 '帮助救助对象改善社会关系、融入社区', 6),
	('elderly_services', 'needs_assessment', '需求评估', 'Needs assessment',
	 '对老年人开展能力和服务需求评估', 1),
	('elderly_services', 'living_care', '生活照料', 'Living support and care',
	 '为特殊困难老年人提供探访关爱、生活照料服务', 2),
	('elderly_services', 'psychological_support', '心理疏导', 'Psychological support',
	 '为老年人提供精神慰藉和心理疏导', 3),
	('elderly_services', 'resource_linking', '资源链接', 'Resource linking',
	 '为老年人链接养老服务、医疗和社会资源', 4),
	('elderly_services', 'capacity_building', '能力提升', 'Capacity building',
	 '提升老年人及其照护者的自我照顾和照护能力', 5),
	('elderly_services', 'social_integration', '社会融入', 'Social integration',
	 '促进老年人社会参与和社区融入', 6),
	('child_welfare', 'needs_assessment', '需求评估', 'Needs assessment',
	 '对孤儿、农村留守儿童、困境儿童开展监护和服务需求评估', 1),
	('child_welfare', 'living_care', '关爱照护', 'Care and protection',
	 '为儿童提供关爱保护、监护支持和生活照护', 2),
	('child_welfare', 'psychological_support', '心理疏导', 'Psychological support',
	 '为儿童提供心理疏导和情绪支持', 3),
	('child_welfare', 'resource_linking', '资源链接', 'Resource linking',
	 '为儿童及其家庭链接教育、医疗和救助资源', 4),
	('child_welfare', 'capacity_building', '能力提升', 'Capacity building',
	 '提升儿童自我保护能力和家庭监护能力', 5),
	('child_welfare', 'social_integration', '社会融入', 'Social integration',
	 '促进儿童社会交往和社区融入', 6),
	('social_affairs', 'needs_assessment', '需求评估', 'Needs assessment',
	 '对残疾人、精神障碍患者等对象开展服务需求评估', 1),
	('social_affairs', 'living_support', '生活帮扶', 'Living support',
	 '为残疾人、精神障碍患者等对象提供生活帮扶', 2),
	('social_affairs', 'psychological_support', '心理疏导', 'Psychological support',
	 '为服务对象及其家庭提供心理疏导和家庭支持', 3),
	('social_affairs', 'resource_linking', '资源链接', 'Resource linking',
	 '链接康复、医疗和社区资源', 4),
	('social_affairs', 'capacity_building', '能力提升', 'Capacity building',
	 '开展社区康复和社会功能训练', 5),
	('social_affairs', 'social_integration', '社会融入', 'Social integration',
	 '促进服务对象回归家庭和社区', 6),
	('charity_volunteer', 'needs_assessment', '需求评估', 'Needs assessment',
	 '评估社区慈善和志愿服务需求', 1),
	('charity_volunteer', 'living_support', '志愿帮扶', 'Volunteer support',
	 '组织志愿者为困难群体提供帮扶服务', 2),
	('charity_volunteer', 'psychological_support', '心理疏导', 'Psychological support',
	 '组织专业志愿者开展心理疏导和关爱服务', 3),
	('charity_volunteer', 'resource_linking', '资源链接', 'Resource linking',
	 '链接慈善资源，协助培育社区慈善基金', 4),
	('charity_volunteer', 'capacity_building', '能力提升', 'Capacity building',
	 '培育社区社会组织和志愿服务队伍', 5),
	('charity_volunteer', 'social_integration', '社会融入', 'Social integration',
	 '推动“五社联动”，促进居民参与社区治理', 6);

INSERT INTO target_groups (code, name_zh, name_en, position) VALUES
	('dibao', '低保对象', 'Minimum-living-allowance recipients', 1),
	('tekun', '城乡特困人员', 'Persons in extreme poverty', 2),
	('elderly', '老年人', 'Older people', 3),
	('orphan', '孤儿', 'Orphans', 4),
	('left_behind_child', '农村留守儿童', 'Rural left-behind children', 5),
	('child_in_difficulty', '困境儿童', 'Children in difficulty', 6),
	('disabled', '残疾人', 'People with disabilities', 7),
	('mental_disorder', '精神障碍患者', 'People with mental disorders', 8);

INSERT INTO negative_list (code, name_zh, name_en, clause, position) VALUES
	('government_duty', '应当由政府直接履职的事项', 'Matters the government must perform itself',
	 '财政部令第102号《政府购买服务管理办法》第十条', 1),
	('goods_and_works', '货物和工程', 'Goods and works',
	 '财政部令第102号《政府购买服务管理办法》第十条', 2),
	('financing', '融资行为', 'Financing',
	 '财政部令第102号《政府购买服务管理办法》第十条', 3),
	('staffing_posts', '购买岗位和劳务派遣', 'Buying posts or dispatched labour',
	 '财政部令第102号《政府购买服务管理办法》第十条', 4);
