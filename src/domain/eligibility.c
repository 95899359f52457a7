/*
 * eligibility.c — the eligibility decision (R-ORG-3..5): rule sets per
 * region and year, their rules, and the facts of an organisation the rules
 * test, read from the columns of the fact table below (not from the
 * rendered organisation).
 */
#include "domain/eligibility.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/codes.h"
#include "base/jsonmem.h"
#include "base/mem.h"
#include "base/pii.h"
#include "base/utf8.h"
#include "domain/audit.h"
#include "domain/check.h"
#include "domain/role.h"
#include "domain/row.h"
#include "domain/scope.h"
#include "domain/write.h"

/* The audit actions of this module, in words (GET /api/v1/meta/enums). */
static const struct enum_value eligibility_actions_values[] = {
    {"eligibility.rule_set_create", "新建地区资格规则集", "create a region's rule set"},
    {"eligibility.rule_update", "修改资格规则", "change a rule"},
};
const struct enum_def eligibility_actions = ENUM_DEF("audit.action", eligibility_actions_values);

static const char *const role_names[ORG_ROLE__MAX] = {"purchaser", "provider"};

static const struct enum_value op_values[] = {
    {"eq", "等于", "equals"},	      {"ne", "不等于", "differs from"},
    {"ge", "不低于", "at least"},     {"le", "不高于", "at most"},
    {"in", "属于", "one of"},	      {"not_in", "不属于", "none of"},
    {"contains", "包含", "contains"},
};
const struct enum_def eligibility_ops = ENUM_DEF("eligibility.op", op_values);
static const struct enum_value role_values[] = {
    {"purchaser", "购买主体", "purchaser"},
    {"provider", "承接主体", "provider"},
};
const struct enum_def eligibility_roles = ENUM_DEF("eligibility.role", role_values);

/*
 * The facts a rule may test: its name as the rules store it, the column
 * of orgs o it is read from, and how (FACT_BOOL: 0/1 as false/true).
 */
enum fact_kind { FACT_TEXT, FACT_INT, FACT_BOOL };
#define FACT_COLUMNS(X)                                                                            \
	X(F_TYPE, "o.type", "type", FACT_TEXT, "组织类型", "type")                                 \
	X(F_STATUS, "o.registration_status", "registration_status", FACT_TEXT, "登记状态",         \
	  "registration status")                                                                   \
	X(F_SCOPE, "o.business_scope", "business_scope", FACT_TEXT, "业务范围", "business scope")  \
	X(F_STAFF, "o.full_time_staff", "full_time_staff", FACT_INT, "专职工作人员",               \
	  "full-time staff")                                                                       \
	X(F_QUALIFIED, "o.qualified_social_workers", "qualified_social_workers", FACT_INT,         \
	  "持证社会工作者", "qualified social workers")                                            \
	X(F_YEARS, "o.years_of_service", "years_of_service", FACT_INT, "服务年限",                 \
	  "years of service")                                                                      \
	X(F_PROJECTS, "o.past_projects", "past_projects", FACT_INT, "承接项目数", "past projects") \
	X(F_GRADE, "o.last_grade", "last_grade", FACT_TEXT, "最近评价等次", "last grade")          \
	X(F_DISHONEST, "o.dishonest", "dishonest", FACT_BOOL, "严重失信", "dishonest")             \
	X(F_TAX, "o.tax_record_clean", "tax_record_clean", FACT_BOOL, "纳税记录良好",              \
	  "tax record clean")                                                                      \
	X(F_INSURANCE, "o.social_insurance_clean", "social_insurance_clean", FACT_BOOL,            \
	  "社保记录良好", "social insurance clean")                                                \
	X(F_GOVERNANCE,                                                                            \
	  "(SELECT COUNT(*) FROM org_documents g WHERE g.org_id = o.id AND g.kind = "              \
	  "'governance')",                                                                         \
	  "governance_documents", FACT_INT, "治理文件数", "governance documents")                  \
	X(F_FINANCE,                                                                               \
	  "(SELECT COUNT(*) FROM org_documents g WHERE g.org_id = o.id AND g.kind = 'finance')",   \
	  "finance_documents", FACT_INT, "财务文件数", "finance documents")
#define FACT_ENUM(name, sql, fact, kind, zh, en)  name,
#define FACT_SQL(name, sql, fact, kind, zh, en)	  ", " sql
#define FACT_ROW(name, sql, fact, kind, zh, en)	  {fact, kind},
#define FACT_VALUE(name, sql, fact, kind, zh, en) {fact, zh, en},
/* Columns 0..2 of a fact query are the id, division and type. */
enum { F__FIRST = 2, FACT_COLUMNS(FACT_ENUM) F__MAX };
static const struct {
	const char *fact;
	enum fact_kind kind;
} facts[F__MAX] = {{NULL, FACT_INT}, {NULL, FACT_INT}, {NULL, FACT_INT}, FACT_COLUMNS(FACT_ROW)};
static const struct enum_value fact_values[] = {FACT_COLUMNS(FACT_VALUE)};
const struct enum_def eligibility_facts = ENUM_DEF("eligibility.fact", fact_values);

#define FACTS_SELECT "SELECT o.id, o.division_code, o.type" FACT_COLUMNS(FACT_SQL) " FROM orgs o"
#define ORG_SCOPE                                                                                  \
	"(" SCOPE_DIVISION("o.division_code") " OR " SCOPE_ORG(                                    \
	    "o.id") " OR EXISTS (SELECT 1 FROM org_regions rg WHERE rg.org_id = o.id "             \
		    "AND " SCOPE_DIVISION("rg.division_code") "))"
static const char sql_facts[] = FACTS_SELECT " WHERE o.id = ? AND " ORG_SCOPE;
static const char sql_facts_unscoped[] = FACTS_SELECT " WHERE o.id = ?";
static const char sql_org_name[] = "SELECT name FROM orgs WHERE id = ?";

/* An organisation's facts, keyed by fact name, with its division and type. */
struct org_facts {
	json_t *facts;
	char division[16];
	char type[32];
};

#define countof(a) (sizeof(a) / sizeof((a)[0]))

static int invalid(sg_ctx *ctx, const char *field, const char *zh, const char *en)
{
	return sg_err_set(&ctx->err, SG_EINVAL, field, "R-ORG-5", zh, en);
}

static int read_failed(sg_ctx *ctx, int rc);

static int read_failed(sg_ctx *ctx, int rc)
{
	if (ctx->err.code != rc)
		sg_err_set(&ctx->err, rc, NULL, NULL, "读取资格规则失败",
			   "cannot read the eligibility rules");
	return rc;
}

/* The facts of organisation id (within the scope when scoped). */
static int facts_load(sg_ctx *ctx, int64_t id, bool scoped, struct org_facts *out)
{
	db_stmt *s;
	int rc = scoped ? scope_query(ctx, &s, sql_facts, "i", id)
			: db_query(ctx->db, &s, sql_facts_unscoped, "i", id);

	memset(out, 0, sizeof *out);
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? read_failed(ctx, rc)
			      : sg_err_set(&ctx->err, SG_ENOTFOUND, "id", NULL, "组织不存在",
					   "no such organisation");
	snprintf(out->division, sizeof out->division, "%s", db_text(s, 1));
	snprintf(out->type, sizeof out->type, "%s", db_text(s, 2));
	out->facts = json_object();
	for (int c = F__FIRST + 1; c < F__MAX; c++) {
		json_t *v = db_is_null(s, c)		 ? json_null()
			    : facts[c].kind == FACT_TEXT ? json_string(db_text(s, c))
			    : facts[c].kind == FACT_BOOL ? json_boolean(db_int(s, c) != 0)
							 : json_integer(db_int(s, c));
		json_object_set_new_nocheck(out->facts, facts[c].fact, v);
	}
	db_reset(s);
	return 0;
}

#define RULE_SET_COLS "id, code, region_code, year, name_zh, name_en, source_zh"
/* The set deciding for a region and year: the longest region prefix, then
 * the year's own set before the every-year one. */
static const char sql_rule_set_for[] =
    "SELECT " RULE_SET_COLS " FROM eligibility_rule_sets"
    " WHERE (region_code IS NULL OR ? LIKE region_code || '%') AND (year IS NULL OR year = ?)"
    " ORDER BY COALESCE(LENGTH(region_code), 0) DESC, COALESCE(year, 0) DESC LIMIT 1";
static const char sql_rule_sets[] = "SELECT " RULE_SET_COLS " FROM eligibility_rule_sets"
				    " ORDER BY COALESCE(region_code, ''), COALESCE(year, 0), id";
#define RULE_COLS                                                                                  \
	"id, code, role, fact, op, expected, applies_to, description_zh, description_en, clause,"  \
	" position"
static const char sql_rules_of[] = "SELECT " RULE_COLS " FROM eligibility_rules"
				   " WHERE rule_set_id = ? AND role = ? ORDER BY position, id";
static const char sql_all_rules_of[] = "SELECT " RULE_COLS " FROM eligibility_rules"
				       " WHERE rule_set_id = ? ORDER BY role, position, id";
static const char sql_rule_set_taken[] =
    "SELECT COUNT(*) FROM eligibility_rule_sets WHERE code = ?"
    " OR (COALESCE(region_code, '') = ? AND COALESCE(year, 0) = ?)";
static const char sql_rule_set_insert[] =
    "INSERT INTO eligibility_rule_sets (code, region_code, year, name_zh, name_en, source_zh,"
    " created_at, updated_at) VALUES (?, ?, NULLIF(?, 0), ?, ?, ?, ?, ?) RETURNING id";
static const char sql_rules_copy[] =
    "INSERT INTO eligibility_rules (rule_set_id, code, role, position, fact, op, expected,"
    " applies_to, description_zh, description_en, clause)"
    " SELECT ?, code, role, position, fact, op, expected, applies_to, description_zh,"
    " description_en, clause FROM eligibility_rules WHERE rule_set_id = ?";
static const char sql_rule_get[] =
    "SELECT r.id, r.code, r.role, r.fact, r.op, r.expected, r.applies_to, r.description_zh,"
    " r.description_en, r.clause, r.position, s.region_code"
    " FROM eligibility_rules r JOIN eligibility_rule_sets s ON s.id = r.rule_set_id"
    " WHERE r.id = ?";
static const char sql_rule_update[] = "UPDATE eligibility_rules SET expected = ?, clause = ?,"
				      " description_zh = ?, description_en = ? WHERE id = ?";
static const char sql_rule_set_touch[] =
    "UPDATE eligibility_rule_sets SET updated_at = ?"
    " WHERE id = (SELECT rule_set_id FROM eligibility_rules WHERE id = ?)";

/* A rule set with its rules for one role, as loaded for deciding. */
struct rule_set {
	json_t *set;   /* {id, code, region_code, year, name_zh, name_en, source_zh} */
	json_t *rules; /* [{id, code, fact, op, expected, applies_to, …}] parsed */
};

static json_t *render_rule_set(db_stmt *s)
{
	json_t *o = json_object();
	json_object_set_new_nocheck(o, "id", json_integer(db_int(s, 0)));
	json_object_set_new_nocheck(o, "code", json_string(db_text(s, 1)));
	json_object_set_new_nocheck(o, "region_code", row_text(s, 2));
	json_object_set_new_nocheck(o, "year", row_int(s, 3));
	json_object_set_new_nocheck(o, "name_zh", json_string(db_text(s, 4)));
	json_object_set_new_nocheck(o, "name_en", json_string(db_text(s, 5)));
	json_object_set_new_nocheck(o, "source_zh", json_string(db_text(s, 6)));
	return o;
}

/* A JSON value stored as text in a rule (expected, applies_to). */
static json_t *stored_json(db_stmt *s, int col)
{
	if (db_is_null(s, col))
		return json_null();
	json_t *v = json_loads(db_text(s, col), JSON_DECODE_ANY, NULL);
	return v ? v : json_null();
}

static json_t *render_rule(db_stmt *s)
{
	json_t *o = json_object();
	json_object_set_new_nocheck(o, "id", json_integer(db_int(s, 0)));
	json_object_set_new_nocheck(o, "code", json_string(db_text(s, 1)));
	json_object_set_new_nocheck(o, "role", json_string(db_text(s, 2)));
	json_object_set_new_nocheck(o, "fact", json_string(db_text(s, 3)));
	json_object_set_new_nocheck(o, "op", json_string(db_text(s, 4)));
	json_object_set_new_nocheck(o, "expected", stored_json(s, 5));
	json_object_set_new_nocheck(o, "applies_to", stored_json(s, 6));
	json_object_set_new_nocheck(o, "description_zh", json_string(db_text(s, 7)));
	json_object_set_new_nocheck(o, "description_en", json_string(db_text(s, 8)));
	json_object_set_new_nocheck(o, "clause", json_string(db_text(s, 9)));
	json_object_set_new_nocheck(o, "position", json_integer(db_int(s, 10)));
	return o;
}

static void rule_set_free(struct rule_set *rs)
{
	json_decref(rs->set);
	json_decref(rs->rules);
	rs->set = rs->rules = NULL;
}

/* The rule set deciding for region and year, with its rules for role. */
static int rule_set_load(sg_ctx *ctx, const char *region, int year, enum org_role role,
			 struct rule_set *out)
{
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_rule_set_for, "ti", region, (int64_t)year);

	out->set = out->rules = NULL;
	if (rc < 0 || (rc = db_step(s)) < 0)
		return read_failed(ctx, rc);
	if (rc == DB_DONE) /* the national set is part of the schema */
		return sg_err_set(&ctx->err, SG_EINTERNAL, NULL, "R-ORG-5", "没有适用的资格规则",
				  "no eligibility rule set applies");
	out->set = render_rule_set(s);
	db_reset(s);
	out->rules = json_array();
	rc = db_query(ctx->db, &s, sql_rules_of, "it",
		      json_integer_value(json_object_get(out->set, "id")), role_names[role]);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		json_array_append_new(out->rules, render_rule(s));
	if (rc < 0) {
		rule_set_free(out);
		return read_failed(ctx, rc);
	}
	return 0;
}

static bool in_array(const json_t *v, const json_t *array)
{
	size_t i;
	json_t *x;
	json_array_foreach(array, i, x) if (json_equal(v, x)) return true;
	return false;
}

/* Whether value satisfies op against expected. A missing value (null)
 * fails every test but ne, not_in and an eq against null. */
static bool rule_passes(const char *op, const json_t *value, const json_t *expected)
{
	if (strcmp(op, "eq") == 0)
		return json_equal(value, expected);
	if (strcmp(op, "ne") == 0)
		return !json_equal(value, expected);
	if (strcmp(op, "in") == 0)
		return in_array(value, expected);
	if (strcmp(op, "not_in") == 0)
		return !in_array(value, expected);
	if (strcmp(op, "contains") == 0)
		return json_is_string(value) && json_is_string(expected) &&
		       strstr(json_string_value(value), json_string_value(expected)) != NULL;
	if (!json_is_integer(value) || !json_is_integer(expected))
		return false;
	if (strcmp(op, "ge") == 0)
		return json_integer_value(value) >= json_integer_value(expected);
	if (strcmp(op, "le") == 0)
		return json_integer_value(value) <= json_integer_value(expected);
	return false;
}

/* Decides for an organisation's facts: {eligible, rules:[…],
 * not_applicable:[…]} into *out (may be NULL when only the verdict is
 * wanted). A rule naming no fact of the table sees null. */
static bool decide(const struct rule_set *rs, const json_t *fs, json_t **out)
{
	const json_t *type = json_object_get(fs, "type");
	json_t *rules = out ? json_array() : NULL, *skipped = out ? json_array() : NULL, *r;
	bool eligible = true, any = false;
	size_t i;

	json_array_foreach(rs->rules, i, r)
	{
		const json_t *applies = json_object_get(r, "applies_to");
		if (json_is_array(applies) && !in_array(type, applies)) {
			if (skipped)
				json_array_append_new(
				    skipped, json_pack("{s:O,s:O,s:O,s:O}", "id",
						       json_object_get(r, "code"), "description_zh",
						       json_object_get(r, "description_zh"),
						       "description_en",
						       json_object_get(r, "description_en"),
						       "clause", json_object_get(r, "clause")));
			continue;
		}
		const char *fact = json_string_value(json_object_get(r, "fact"));
		const json_t *expected = json_object_get(r, "expected");
		json_t *value = fact ? json_object_get(fs, fact) : NULL;
		bool passed = rule_passes(json_string_value(json_object_get(r, "op")),
					  value ? value : json_null(), expected);
		eligible = eligible && passed;
		any = true;
		if (!rules)
			continue;
		json_array_append_new(
		    rules, json_pack("{s:O,s:O,s:O,s:O,s:b,s:O,s:O,s:O,s:O,s:O}", "id",
				     json_object_get(r, "code"), "description_zh",
				     json_object_get(r, "description_zh"), "description_en",
				     json_object_get(r, "description_en"), "clause",
				     json_object_get(r, "clause"), "passed", passed, "fact",
				     json_object_get(r, "fact"), "value",
				     value ? value : json_null(), "op", json_object_get(r, "op"),
				     "expected", expected, "rule_id", json_object_get(r, "id")));
	}
	eligible = eligible && any; /* a role without rules grants nothing */
	if (out)
		*out = json_pack("{s:b,s:o,s:o}", "eligible", eligible, "rules", rules,
				 "not_applicable", skipped);
	return eligible;
}

static int check_region(sg_ctx *ctx, const char *region)
{
	if (region && division_code_check(region, strlen(region), NULL) != 0)
		return sg_err_set(&ctx->err, SG_EINVAL, "division", "R-DIV-1",
				  "行政区划代码应为 2、4、6、9 或 12 位数字",
				  "a division code is 2, 4, 6, 9 or 12 digits");
	return 0;
}

static int current_year(const sg_ctx *ctx, int year)
{
	return year ? year : clock_year(ctx->now);
}

/* Whether an organisation of type can hold the role of rs at all: every
 * rule of rs on the fact "type" that applies to it passes. */
static bool type_may(const struct rule_set *rs, const json_t *type)
{
	size_t i;
	json_t *r;
	json_array_foreach(rs->rules, i, r)
	{
		const json_t *applies = json_object_get(r, "applies_to");
		const char *fact = json_string_value(json_object_get(r, "fact"));
		if (!fact || strcmp(fact, "type") != 0 ||
		    (json_is_array(applies) && !in_array(type, applies)))
			continue;
		if (!rule_passes(json_string_value(json_object_get(r, "op")), type,
				 json_object_get(r, "expected")))
			return false;
	}
	return true;
}

/* The roles organisations of the type in fs can hold under the rule set
 * deciding for region and year, in the order of enum org_role. */
static int roles_of_type(sg_ctx *ctx, const char *region, int year, const json_t *fs, json_t *out)
{
	for (int role = 0; role < ORG_ROLE__MAX; role++) {
		struct rule_set rs = {0};
		int rc = rule_set_load(ctx, region, year, (enum org_role)role, &rs);
		if (rc)
			return rc;
		if (type_may(&rs, json_object_get(fs, "type")))
			json_array_append_new(out, json_string(role_names[role]));
		rule_set_free(&rs);
	}
	return 0;
}

int eligibility_decision(sg_ctx *ctx, int64_t id, enum org_role role, const char *region, int year,
			 json_t **out)
{
	struct rule_set rs = {0};
	struct org_facts of = {0};
	struct reading rd;
	json_t *decision = NULL, *roles = json_array();
	db_stmt *s;
	int rc;

	*out = NULL;
	if ((rc = check_region(ctx, region))) {
		json_decref(roles);
		return rc;
	}
	year = current_year(ctx, year);
	if (!(rc = read_open(&rd, ctx)) && !(rc = facts_load(ctx, id, true, &of))) {
		if (!region)
			region = arena_strdup(ctx->arena, of.division);
		rc = rule_set_load(ctx, region, year, role, &rs);
	}
	if (!rc)
		rc = roles_of_type(ctx, region, year, of.facts, roles);
	json_t *name = NULL;
	if (!rc && !(rc = db_query(ctx->db, &s, sql_org_name, "i", id)) &&
	    (rc = db_step(s)) == DB_ROW) {
		/* An individual's name is personal data: masked as everywhere. */
		char masked[256];
		if (strcmp(of.type, "individual") == 0 &&
		    pii_mask_name(db_text(s, 0), db_len(s, 0), masked, sizeof masked) == 0)
			name = json_string(masked);
		else
			name =
			    json_string(strcmp(of.type, "individual") == 0 ? "*" : db_text(s, 0));
		db_reset(s);
		rc = 0;
	}
	rc = read_close(&rd, rc, "读取资格规则失败", "cannot read the eligibility rules");
	if (!rc) {
		decide(&rs, of.facts, &decision);
		json_object_set_new_nocheck(decision, "role", json_string(role_names[role]));
		json_object_set_new_nocheck(decision, "roles", roles);
		roles = NULL;
		json_object_set_new_nocheck(decision, "year", json_integer(year));
		json_object_set_new_nocheck(decision, "region_code", json_string(region));
		json_object_set_nocheck(decision, "rule_set", rs.set);
		json_object_set_new_nocheck(decision, "org",
					    json_pack("{s:I,s:o,s:s}", "id", (json_int_t)id, "name",
						      name ? name : json_null(), "type", of.type));
		name = NULL;
		*out = decision;
	}
	json_decref(name);
	json_decref(roles);
	rule_set_free(&rs);
	json_decref(of.facts);
	return rc;
}

int eligibility_verdict(sg_ctx *ctx, int64_t id, enum org_role role, const char *region, int year,
			bool *eligible)
{
	struct rule_set rs = {0};
	struct org_facts of = {0};
	int rc;

	*eligible = false;
	if ((rc = check_region(ctx, region)) || (rc = facts_load(ctx, id, false, &of)))
		return rc;
	if (!region)
		region = arena_strdup(ctx->arena, of.division);
	if (!(rc = rule_set_load(ctx, region, current_year(ctx, year), role, &rs)))
		*eligible = decide(&rs, of.facts, NULL);
	rule_set_free(&rs);
	json_decref(of.facts);
	return rc;
}
struct eligibility_cache {
	char division[16][16];
	struct rule_set sets[16];
	int n;
};

static int cached_rule_set(sg_ctx *ctx, struct eligibility_cache *c, const char *division, int year,
			   enum org_role role, const struct rule_set **out)
{
	for (int i = 0; i < c->n; i++)
		if (strcmp(c->division[i], division) == 0) {
			*out = &c->sets[i];
			return 0;
		}
	int slot = c->n < 16 ? c->n++ : 15;
	if (slot == 15 && c->sets[15].set)
		rule_set_free(&c->sets[15]);
	snprintf(c->division[slot], sizeof c->division[slot], "%s", division);
	*out = &c->sets[slot];
	return rule_set_load(ctx, division, year, role, &c->sets[slot]);
}

struct eligibility_cache *eligibility_cache_new(void)
{
	return xcalloc(1, sizeof(struct eligibility_cache));
}

void eligibility_cache_free(struct eligibility_cache *c)
{
	if (!c)
		return;
	for (int i = 0; i < c->n; i++)
		rule_set_free(&c->sets[i]);
	free(c);
}

int eligibility_check(sg_ctx *ctx, struct eligibility_cache *c, int64_t id, const char *division,
		      enum org_role role, int year, bool *eligible)
{
	const struct rule_set *rs;
	struct org_facts of = {0};
	int rc = cached_rule_set(ctx, c, division, current_year(ctx, year), role, &rs);
	*eligible = false;
	if (!rc && !(rc = facts_load(ctx, id, false, &of)))
		*eligible = decide(rs, of.facts, NULL);
	json_decref(of.facts);
	return rc;
}

/* ------------------------------------------------------------ rule sets */

int eligibility_rule_sets(sg_ctx *ctx, json_t **out)
{
	json_t *items = json_array();
	db_stmt *s;
	size_t i;
	json_t *set;
	int rc = db_begin_read(ctx->db);

	*out = NULL;
	if (!rc)
		rc = db_query(ctx->db, &s, sql_rule_sets, NULL);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		json_array_append_new(items, render_rule_set(s));
	json_array_foreach(items, i, set)
	{
		json_t *rules = json_array();
		json_object_set_new_nocheck(set, "rules", rules);
		if (rc >= 0)
			rc = db_query(ctx->db, &s, sql_all_rules_of, "i",
				      json_integer_value(json_object_get(set, "id")));
		while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
			json_array_append_new(rules, render_rule(s));
	}
	db_commit(ctx->db);
	if (rc < 0) {
		json_decref(items);
		return read_failed(ctx, rc);
	}
	*out = json_pack("{s:o}", "items", items);
	return 0;
}

/* Civil affairs staff change the rules of a region within their scope;
 * the national set (region NULL) is an administrator's. */
/* Inside a write whose caller checked PERM_ELIGIBILITY_EDIT before it
 * began (a refusal's audit entry must not roll back with the write). */
static int may_edit_region(sg_ctx *ctx, const char *region)
{
	if (!region && !perm_has(ctx, PERM_SETTINGS_EDIT))
		return sg_err_set(&ctx->err, SG_EFORBIDDEN, NULL, "R-ORG-5",
				  "全国默认规则只能由系统管理员修改",
				  "only the system administrator changes the national rules");
	return region ? check_division_in_scope(ctx, "division_code", region) : 0;
}

/* Audit entries of rule sets and rules: every member public (rules are
 * published law). */
static const struct column rule_set_columns[] = {{"1", NULL, COL_HIDDEN, DC_PUBLIC}};
static const struct col_table rule_set_table = {"eligibility_rule_set", rule_set_columns, 1};
static const struct col_table rule_table = {"eligibility_rule", rule_set_columns, 1};

static const struct write_spec rule_set_write = {
    .table = &rule_set_table,
    .fail_zh = "保存资格规则集失败",
    .fail_en = "the rule set could not be saved",
};

int eligibility_rule_set_create(sg_ctx *ctx, const char *code, const char *region_code, int year,
				const char *name_zh, const char *name_en, const char *source_zh,
				json_t **out)
{
	struct rule_set base = {0};
	struct write w;
	json_t *set = NULL;
	int64_t id = 0, n = 0;
	int rc = perm_require(ctx, PERM_ELIGIBILITY_EDIT);

	*out = NULL;
	if (rc)
		return rc;
	if (!region_code || check_region(ctx, region_code))
		return sg_err_set(&ctx->err, SG_EINVAL, "region_code", "R-DIV-1",
				  "行政区划代码应为 2、4、6、9 或 12 位数字",
				  "a division code is 2, 4, 6, 9 or 12 digits");
	if (utf8_blank(code) || utf8_blank(name_zh) || utf8_blank(name_en) || utf8_blank(source_zh))
		return invalid(ctx,
			       utf8_blank(code)	     ? "code"
			       : utf8_blank(name_zh) ? "name_zh"
			       : utf8_blank(name_en) ? "name_en"
						     : "source_zh",
			       "必填", "required");
	rc = write_open_new(&w, ctx, &rule_set_write, "eligibility.rule_set_create");
	if (!rc)
		rc = may_edit_region(ctx, region_code);
	if (!rc &&
	    !(rc = db_one_int(ctx->db, &n, sql_rule_set_taken, "tti", code, region_code,
			      (int64_t)year)) &&
	    n)
		rc = sg_err_set(
		    &ctx->err, SG_ECONFLICT, "region_code", "R-ORG-5",
		    "该地区该年度已有规则集，或代码已被使用",
		    "the region already has a rule set for that year, or the code is taken");
	/* Copied from the set that decides for the region now. */
	if (!rc)
		rc = rule_set_load(ctx, region_code, current_year(ctx, year), ORG_PROVIDER, &base);
	if (!rc)
		rc = db_one_int(ctx->db, &id, sql_rule_set_insert, "ttitttii", code, region_code,
				(int64_t)year, name_zh, name_en, source_zh, ctx->now, ctx->now);
	if (!rc)
		rc = db_run(ctx->db, sql_rules_copy, "ii", id,
			    json_integer_value(json_object_get(base.set, "id")));
	if (!rc && !(rc = write_created(&w, id))) {
		set = json_pack("{s:I,s:s,s:s,s:o,s:s,s:s,s:s,s:O}", "id", (json_int_t)id, "code",
				code, "region_code", region_code, "year",
				year ? json_integer(year) : json_null(), "name_zh", name_zh,
				"name_en", name_en, "source_zh", source_zh, "based_on",
				json_object_get(base.set, "code"));
		write_set_now(&w, json_incref(set));
	}
	rule_set_free(&base);
	if ((rc = write_close(&w, rc, NULL))) {
		json_decref(set);
		return rc;
	}
	*out = set;
	return 0;
}

/* expected fits op: an array for in / not_in, an integer for ge / le, a
 * string for contains, a scalar for eq / ne. */
static bool expected_fits(const char *op, const json_t *v)
{
	if (strcmp(op, "in") == 0 || strcmp(op, "not_in") == 0) {
		size_t i;
		json_t *x;
		if (!json_is_array(v) || json_array_size(v) > 64)
			return false;
		json_array_foreach(v, i, x) if (!json_is_string(x)) return false;
		return true;
	}
	if (strcmp(op, "ge") == 0 || strcmp(op, "le") == 0)
		return json_is_integer(v) && json_integer_value(v) >= 0 &&
		       json_integer_value(v) <= 100000;
	if (strcmp(op, "contains") == 0)
		return json_is_string(v) && json_string_length(v) > 0;
	return json_is_string(v) || json_is_boolean(v) || json_is_integer(v) || json_is_null(v);
}

/* The rule's text field key: the patch's value, or the old one. */
static const char *text_or_old(const char *v, const json_t *old, const char *key)
{
	return v ? v : json_string_value(json_object_get(old, key));
}

/* The rule as rendered, and the region of its set (NULL: the national
 * set) in *region (from the arena), or SG_ENOTFOUND. */
static int rule_get(sg_ctx *ctx, int64_t id, json_t **out, const char **region)
{
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_rule_get, "i", id);
	*out = NULL;
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc
			      : sg_err_set(&ctx->err, SG_ENOTFOUND, "id", "R-ORG-5", "规则不存在",
					   "no such rule");
	*out = render_rule(s);
	if (region)
		*region = db_is_null(s, 11) ? NULL : arena_strdup(ctx->arena, db_text(s, 11));
	db_reset(s);
	return 0;
}

static int rule_snapshot(sg_ctx *ctx, int64_t id, json_t **out)
{
	return rule_get(ctx, id, out, NULL);
}

static const char sql_rule_lock[] = "UPDATE eligibility_rules SET position = position WHERE id = ?";

static int rule_lock(sg_ctx *ctx, int64_t id)
{
	return db_run(ctx->db, sql_rule_lock, "i", id);
}

static const struct write_spec rule_write = {
    .table = &rule_table,
    .fail_zh = "保存资格规则失败",
    .fail_en = "the rule could not be saved",
    .lock = rule_lock,
    .snapshot = rule_snapshot,
    .detail = rule_snapshot,
};

int eligibility_rule_update(sg_ctx *ctx, int64_t rule_id, const struct eligibility_rule_patch *p,
			    json_t **out)
{
	static const char *const keys[] = {"clause", "description_zh", "description_en"};
	const char *texts[] = {p->clause, p->description_zh, p->description_en};
	const json_t *expected = p->expected;
	const char *region = NULL;
	json_t *old = NULL;
	struct write w;
	int rc = perm_require(ctx, PERM_ELIGIBILITY_EDIT);

	*out = NULL;
	if (rc)
		return rc;
	for (size_t i = 0; i < countof(keys); i++)
		if (texts[i] && utf8_blank(texts[i]))
			return sg_err_setf(&ctx->err, SG_EINVAL, keys[i], "R-ORG-5", "%s 必填",
					   "%s is required", keys[i]);
	rc = write_open(&w, ctx, &rule_write, "eligibility.rule_update", rule_id);
	if (!rc && !(rc = rule_get(ctx, rule_id, &old, &region)) &&
	    (rc = may_edit_region(ctx, region)) == SG_ENOTFOUND)
		/* a region outside the scope: no such rule */
		sg_err_set(&ctx->err, SG_ENOTFOUND, "id", "R-ORG-5", "规则不存在", "no such rule");
	const char *op = json_string_value(json_object_get(old, "op"));
	if (!rc && expected && !expected_fits(op, expected))
		rc = sg_err_setf(&ctx->err, SG_EINVAL, "expected", "R-ORG-5",
				 "期望值不适用于运算 %s",
				 "the expected value does not fit the operator %s", op);
	if (!rc) {
		char *text = json_dumps(expected ? expected : json_object_get(old, "expected"),
					JSON_ENCODE_ANY | JSON_COMPACT);
		rc = db_run(ctx->db, sql_rule_update, "tttti", text,
			    text_or_old(p->clause, old, "clause"),
			    text_or_old(p->description_zh, old, "description_zh"),
			    text_or_old(p->description_en, old, "description_en"), rule_id);
		jsonmem_free(text);
	}
	if (!rc)
		rc = db_run(ctx->db, sql_rule_set_touch, "ii", ctx->now, rule_id);
	json_decref(old);
	return write_close(&w, rc, out);
}
