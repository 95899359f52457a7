-- 009_national_citations: the national default rules cite national rules
-- only, in Chinese with full-width punctuation.
--
-- The seeded national set cited the Ningxia opinions for five of its rules
-- (business scope, staff, qualified staff, governance, service capacity):
-- a Chongqing clerk reading 全国默认规则 saw a Ningxia document quoted as
-- national law. Those conditions are national ones: MOF Order No. 102
-- art. 8 (治理结构健全，内部管理和监督制度完善；具备提供服务所必需的设施、
-- 人员和专业技术能力；良好的社会和商业信誉) and the Ministry of Civil
-- Affairs and MOF guidance on purchasing social work services
-- (民发〔2012〕196号: 必要的专业社会工作人员、业务范围). A rule whose
-- clause a region has changed is left alone; regional sets cite their own.
UPDATE eligibility_rules SET clause = CASE code
	WHEN 'provider.business_scope' THEN '民政部、财政部《关于政府购买社会工作服务的指导意见》（民发〔2012〕196号）承接主体条件'
	WHEN 'provider.full_time_staff' THEN '财政部令第102号第八条（具备提供服务所必需的人员和专业技术能力）'
	WHEN 'provider.qualified_social_workers' THEN '民政部、财政部《关于政府购买社会工作服务的指导意见》（民发〔2012〕196号）承接主体条件（专业社会工作人员）'
	WHEN 'provider.governance_documents' THEN '财政部令第102号第八条（治理结构健全，内部管理和监督制度完善）'
	WHEN 'provider.last_grade' THEN '财政部令第102号第八条（具有良好的社会和商业信誉）'
	ELSE clause END
WHERE rule_set_id = (SELECT id FROM eligibility_rule_sets WHERE code = 'national')
	AND clause LIKE '宁夏%';

UPDATE eligibility_rule_sets SET source_zh =
	'《政府购买服务管理办法》（财政部令第102号）第五条至第八条；《中华人民共和国政府采购法》第二十二条；民政部、财政部《关于政府购买社会工作服务的指导意见》（民发〔2012〕196号）'
WHERE code = 'national' AND source_zh LIKE '%宁夏%';

-- Full-width punctuation in the Chinese texts of the national set.
UPDATE eligibility_rules SET
	description_zh = REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(description_zh,
		',', '，'), ';', '；'), ':', '：'), '(', '（'), ')', '）'),
	clause = REPLACE(REPLACE(REPLACE(REPLACE(clause, ',', '，'), ';', '；'), '(', '（'), ')', '）')
WHERE rule_set_id = (SELECT id FROM eligibility_rule_sets WHERE code = 'national');
UPDATE eligibility_rules SET description_zh = REPLACE(REPLACE(description_zh, '"差"', '“差”'), '"', '”')
WHERE rule_set_id = (SELECT id FROM eligibility_rule_sets WHERE code = 'national')
	AND description_zh LIKE '%"%';
