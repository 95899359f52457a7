/*
 * org.c — organisations (R-ORG-1, 2), their facts and documents, and the
 * eligibility decision (R-ORG-3..5) computed from the rule sets stored in
 * eligibility_rule_sets / eligibility_rules.
 *
 * The facts a rule may test are fields of the rendered organisation (see
 * org.h), listed in facts[]; the decision shows each rule with the value it
 * looked at, so nothing is decided that cannot be explained.
 */
#include "domain/org.h"

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
#include "domain/page.h"
#include "domain/role.h"
#include "domain/row.h"
#include "domain/scope.h"

static const char *const org_types[] = {
    "government",
    "civil_affairs",
    "public_institution_1",
    "public_institution_2",
    "public_institution_business",
    "mass_org_funded",
    "mass_org",
    "enterprise",
    "social_org",
    "rural_collective",
    "self_governing",
    "individual",
    "university",
};
static const char *const role_names[ORG_ROLE__MAX] = {"purchaser", "provider"};
static const char *const statuses[] = {"valid", "revoked", "deregistered"};
static const char *const grades[] = {"excellent", "good", "fair", "poor"};
static const char *const document_kinds[] = {"registration", "governance", "finance",
					     "qualification", "other"};
/* The facts rules may test: fields of the rendered organisation. */
static const char *const facts[] = {
    "type",
    "registration_status",
    "business_scope",
    "full_time_staff",
    "qualified_social_workers",
    "years_of_service",
    "past_projects",
    "last_grade",
    "dishonest",
    "tax_record_clean",
    "social_insurance_clean",
    "governance_documents",
    "finance_documents",
};

#define countof(a)	   (sizeof(a) / sizeof((a)[0]))
#define ID_NUMBER_AAD	   "orgs.id_number"
#define ID_NUMBER_ENC_SIZE (ID_NUMBER_LEN + PII_OVERHEAD)

/* Columns of a rendered organisation, in the order of enum col. */
#define ORG_COLS                                                                                   \
	"o.id, o.type, o.name, o.uscc, o.id_number_enc, o.division_code, d.name,"                  \
	" o.registration_status, o.registered_on, o.business_scope, o.full_time_staff,"            \
	" o.qualified_social_workers, o.years_of_service, o.past_projects, o.last_grade,"          \
	" o.dishonest, o.tax_record_clean, o.social_insurance_clean,"                              \
	" (SELECT COUNT(*) FROM org_documents g WHERE g.org_id = o.id"                             \
	" AND g.kind = 'governance'),"                                                             \
	" (SELECT COUNT(*) FROM org_documents g WHERE g.org_id = o.id AND g.kind = 'finance'),"    \
	" o.created_at, o.updated_at"                                                              \
	" FROM orgs o JOIN divisions d ON d.code = o.division_code"
enum col {
	C_ID,
	C_TYPE,
	C_NAME,
	C_USCC,
	C_ID_ENC,
	C_DIVISION,
	C_DIVISION_NAME,
	C_STATUS,
	C_REGISTERED_ON,
	C_SCOPE,
	C_STAFF,
	C_QUALIFIED,
	C_YEARS,
	C_PROJECTS,
	C_GRADE,
	C_DISHONEST,
	C_TAX,
	C_INSURANCE,
	C_GOVERNANCE,
	C_FINANCE,
	C_CREATED,
	C_UPDATED,
};
/* The organisations the actor may see: registered in their division
 * subtree, or their own (scope.h names). */
#define ORG_SCOPE                                                                                  \
	"(" SCOPE_DIVISION("o.division_code") " OR " SCOPE_ORG(                                    \
	    "o.id") " OR EXISTS (SELECT 1 FROM org_regions rg WHERE rg.org_id = o.id "             \
		    "AND " SCOPE_DIVISION("rg.division_code") "))"
/* The list's filters after the scope. Binds "itttt": cursor, type twice,
 * division twice. */
#define LIST_FILTER                                                                                \
	" AND o.id > ? AND (? IS NULL OR o.type = ?)"                                              \
	" AND (? IS NULL OR o.division_code LIKE ? || '%')"

static const char sql_get[] = "SELECT " ORG_COLS " WHERE o.id = ? AND " ORG_SCOPE;
static const char sql_get_unscoped[] = "SELECT " ORG_COLS " WHERE o.id = ?";
static const char sql_ref[] = "SELECT o.id, o.type, o.division_code FROM orgs o"
			      " WHERE o.id = ? AND " ORG_SCOPE;
static const char sql_by_uscc[] = "SELECT id FROM orgs WHERE uscc = ?";
static const char sql_region_add[] =
    "INSERT INTO org_regions (org_id, division_code, added_at, added_by) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (org_id, division_code) DO NOTHING";
static const char sql_list[] =
    "SELECT " ORG_COLS " WHERE " ORG_SCOPE LIST_FILTER " ORDER BY o.id LIMIT ?";
/* A name search never finds an individual: their names are personal data,
 * rendered masked, and a search must not confirm one (find a person by
 * the list's type filter instead). */
#define NOT_A_PERSON " AND o.type <> 'individual'"
static const char sql_list_contains[] =
    "SELECT " ORG_COLS " WHERE " ORG_SCOPE LIST_FILTER
    " AND {contains o.name o.id orgs_search}" NOT_A_PERSON " ORDER BY o.id LIMIT ?";
static const char sql_list_prefix[] = "SELECT " ORG_COLS " WHERE " ORG_SCOPE LIST_FILTER
				      " AND {prefix o.name}" NOT_A_PERSON " ORDER BY o.id LIMIT ?";
static const char sql_documents[] = "SELECT id, kind, title, issued_on FROM org_documents"
				    " WHERE org_id = ? ORDER BY id";
static const char sql_uscc_taken[] = "SELECT COUNT(*) FROM orgs WHERE uscc = ?";
static const char sql_id_number_taken[] = "SELECT COUNT(*) FROM orgs WHERE id_number_index = ?";
static const char sql_insert[] =
    "INSERT INTO orgs (type, name, uscc, id_number_enc, id_number_index, division_code,"
    " registration_status, registered_on, business_scope, full_time_staff,"
    " qualified_social_workers, years_of_service, past_projects, last_grade, dishonest,"
    " tax_record_clean, social_insurance_clean, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
/* A no-op update that takes the row lock (a portable SELECT … FOR UPDATE). */
static const char sql_lock[] = "UPDATE orgs SET updated_at = updated_at WHERE id = ?";
/* name NULL keeps the stored one (an individual's renders masked). */
static const char sql_update[] =
    "UPDATE orgs SET name = COALESCE(?, name), division_code = ?, registration_status = ?, "
    "registered_on = ?,"
    " business_scope = ?, full_time_staff = ?, qualified_social_workers = ?,"
    " years_of_service = ?, past_projects = ?, last_grade = ?, dishonest = ?,"
    " tax_record_clean = ?, social_insurance_clean = ?, updated_at = ? WHERE id = ?";
static const char sql_document_insert[] =
    "INSERT INTO org_documents (org_id, kind, title, issued_on, created_at)"
    " VALUES (?, ?, ?, ?, ?) RETURNING id";
static const char sql_touch[] = "UPDATE orgs SET updated_at = ? WHERE id = ?";

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

/* ------------------------------------------------------------- helpers */

static bool one_of(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

bool org_type_valid(const char *type)
{
	return one_of(type, org_types, countof(org_types));
}

int org_role_from_name(const char *name)
{
	for (int i = 0; name && i < ORG_ROLE__MAX; i++)
		if (strcmp(name, role_names[i]) == 0)
			return i;
	return -1;
}

static int read_failed(sg_ctx *ctx, int rc)
{
	if (ctx->err.code == 0)
		sg_err_set(&ctx->err, rc, NULL, NULL, "读取组织信息失败",
			   "cannot read the organisations");
	return rc;
}

static int not_found(sg_ctx *ctx)
{
	return sg_err_set(&ctx->err, SG_ENOTFOUND, "id", "R-ROLE-1", "组织不存在",
			  "no such organisation");
}

/* The clear ID number of an individual's row into out (ID_NUMBER_LEN + 1
 * bytes). SG_EINVAL when it cannot be decrypted (another key). */
static int id_number_of(db_stmt *s, char out[ID_NUMBER_LEN + 1])
{
	char plain[ID_NUMBER_ENC_SIZE];
	size_t n, len;
	const unsigned char *enc = db_blob(s, C_ID_ENC, &len);
	if (len != ID_NUMBER_ENC_SIZE || pii_decrypt(ID_NUMBER_AAD, enc, len, plain, &n) != 0 ||
	    n != ID_NUMBER_LEN)
		return SG_EINVAL;
	memcpy(out, plain, ID_NUMBER_LEN + 1);
	mem_wipe(plain, sizeof plain);
	return 0;
}

/* An organisation from a row of ORG_COLS; individuals masked. */
static json_t *render(db_stmt *s)
{
	bool individual = strcmp(db_text(s, C_TYPE), "individual") == 0;
	json_t *o = json_object();

	json_object_set_new_nocheck(o, "id", json_integer(db_int(s, C_ID)));
	json_object_set_new_nocheck(o, "type", json_string(db_text(s, C_TYPE)));
	if (individual) {
		char name[256], id[ID_NUMBER_LEN + 1], masked[ID_NUMBER_LEN + 1];
		if (pii_mask_name(db_text(s, C_NAME), db_len(s, C_NAME), name, sizeof name) != 0)
			memcpy(name, "*", 2);
		if (id_number_of(s, id) == 0)
			pii_mask_id_number(id, ID_NUMBER_LEN, masked);
		else
			pii_mask_id_number("", 0, masked);
		mem_wipe(id, sizeof id);
		json_object_set_new_nocheck(o, "name", json_string(name));
		json_object_set_new_nocheck(o, "id_number_masked", json_string(masked));
	} else {
		json_object_set_new_nocheck(o, "name", json_string(db_text(s, C_NAME)));
		json_object_set_new_nocheck(o, "id_number_masked", json_null());
	}
	json_object_set_new_nocheck(o, "uscc", row_text(s, C_USCC));
	json_object_set_new_nocheck(o, "division_code", json_string(db_text(s, C_DIVISION)));
	json_object_set_new_nocheck(o, "division_name", json_string(db_text(s, C_DIVISION_NAME)));
	json_object_set_new_nocheck(o, "registration_status", json_string(db_text(s, C_STATUS)));
	json_object_set_new_nocheck(o, "registered_on", row_text(s, C_REGISTERED_ON));
	json_object_set_new_nocheck(o, "business_scope", row_text(s, C_SCOPE));
	json_object_set_new_nocheck(o, "full_time_staff", json_integer(db_int(s, C_STAFF)));
	json_object_set_new_nocheck(o, "qualified_social_workers",
				    json_integer(db_int(s, C_QUALIFIED)));
	json_object_set_new_nocheck(o, "years_of_service", json_integer(db_int(s, C_YEARS)));
	json_object_set_new_nocheck(o, "past_projects", json_integer(db_int(s, C_PROJECTS)));
	json_object_set_new_nocheck(o, "last_grade", row_text(s, C_GRADE));
	json_object_set_new_nocheck(o, "dishonest", json_boolean(db_int(s, C_DISHONEST)));
	json_object_set_new_nocheck(o, "tax_record_clean", json_boolean(db_int(s, C_TAX)));
	json_object_set_new_nocheck(o, "social_insurance_clean",
				    json_boolean(db_int(s, C_INSURANCE)));
	json_object_set_new_nocheck(o, "governance_documents",
				    json_integer(db_int(s, C_GOVERNANCE)));
	json_object_set_new_nocheck(o, "finance_documents", json_integer(db_int(s, C_FINANCE)));
	json_object_set_new_nocheck(o, "created_at", row_time(s, C_CREATED));
	json_object_set_new_nocheck(o, "updated_at", row_time(s, C_UPDATED));
	return o;
}

/* One organisation, within the actor's scope or (scoped false) any. */
static int load(sg_ctx *ctx, int64_t id, bool scoped, json_t **out)
{
	db_stmt *s;
	int rc = scoped ? scope_query(ctx, &s, sql_get, "i", id)
			: db_query(ctx->db, &s, sql_get_unscoped, "i", id);
	*out = NULL;
	if (rc < 0 || (rc = db_step(s)) < 0)
		return read_failed(ctx, rc);
	if (rc == DB_DONE)
		return not_found(ctx);
	*out = render(s);
	db_reset(s);
	return 0;
}

static int load_documents(sg_ctx *ctx, int64_t id, json_t *org)
{
	json_t *docs = json_array();
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_documents, "i", id);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
		json_t *d = json_object();
		json_object_set_new_nocheck(d, "id", json_integer(db_int(s, 0)));
		json_object_set_new_nocheck(d, "kind", json_string(db_text(s, 1)));
		json_object_set_new_nocheck(d, "title", json_string(db_text(s, 2)));
		json_object_set_new_nocheck(d, "issued_on", row_text(s, 3));
		json_array_append_new(docs, d);
	}
	json_object_set_new_nocheck(org, "documents", docs);
	return rc < 0 ? read_failed(ctx, rc) : 0;
}

int org_get(sg_ctx *ctx, int64_t id, json_t **out)
{
	int rc = db_begin_read(ctx->db);
	if (!rc && !(rc = load(ctx, id, true, out)) && (rc = load_documents(ctx, id, *out))) {
		json_decref(*out);
		*out = NULL;
	}
	db_commit(ctx->db);
	return rc;
}

/* ---------------------------------------------------------- eligibility */

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

/* Decides for a rendered organisation: {eligible, rules:[…]} into *out
 * (may be NULL when only the verdict is wanted). */
static bool decide(const struct rule_set *rs, const json_t *org, json_t **out)
{
	const json_t *type = json_object_get(org, "type");
	json_t *rules = out ? json_array() : NULL, *r;
	bool eligible = true, any = false;
	size_t i;

	json_array_foreach(rs->rules, i, r)
	{
		const json_t *applies = json_object_get(r, "applies_to");
		if (json_is_array(applies) && !in_array(type, applies))
			continue;
		const char *fact = json_string_value(json_object_get(r, "fact"));
		const json_t *expected = json_object_get(r, "expected");
		json_t *value =
		    one_of(fact, facts, countof(facts)) ? json_object_get(org, fact) : NULL;
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
		*out = json_pack("{s:b,s:o}", "eligible", eligible, "rules", rules);
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

int org_eligibility(sg_ctx *ctx, int64_t id, enum org_role role, const char *region, int year,
		    json_t **out)
{
	struct rule_set rs = {0};
	json_t *org = NULL, *decision = NULL;
	int rc;

	*out = NULL;
	if ((rc = check_region(ctx, region)) || (rc = db_begin_read(ctx->db)))
		return rc;
	year = current_year(ctx, year);
	if (!(rc = load(ctx, id, true, &org))) {
		if (!region)
			region = json_string_value(json_object_get(org, "division_code"));
		rc = rule_set_load(ctx, region, year, role, &rs);
	}
	db_commit(ctx->db);
	if (!rc) {
		decide(&rs, org, &decision);
		json_object_set_new_nocheck(decision, "role", json_string(role_names[role]));
		json_object_set_new_nocheck(decision, "year", json_integer(year));
		json_object_set_new_nocheck(decision, "region_code", json_string(region));
		json_object_set_nocheck(decision, "rule_set", rs.set);
		json_object_set_new_nocheck(
		    decision, "org",
		    json_pack("{s:O,s:O,s:O}", "id", json_object_get(org, "id"), "name",
			      json_object_get(org, "name"), "type", json_object_get(org, "type")));
		*out = decision;
	}
	rule_set_free(&rs);
	json_decref(org);
	return rc;
}

int org_is_eligible(sg_ctx *ctx, int64_t id, enum org_role role, const char *region, int year,
		    bool *eligible)
{
	struct rule_set rs = {0};
	json_t *org = NULL;
	int rc;

	*eligible = false;
	if ((rc = check_region(ctx, region)) || (rc = load(ctx, id, false, &org)))
		return rc;
	if (!region)
		region = json_string_value(json_object_get(org, "division_code"));
	if (!(rc = rule_set_load(ctx, region, current_year(ctx, year), role, &rs)))
		*eligible = decide(&rs, org, NULL);
	rule_set_free(&rs);
	json_decref(org);
	return rc;
}

/* ----------------------------------------------------------------- lists */

/* Rule sets loaded while listing, one per division seen (a page rarely
 * spans more than a few). */
struct rule_cache {
	char division[16][16];
	struct rule_set sets[16];
	int n;
};

static int cached_rule_set(sg_ctx *ctx, struct rule_cache *c, const char *division, int year,
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

static void rule_cache_free(struct rule_cache *c)
{
	for (int i = 0; i < c->n; i++)
		rule_set_free(&c->sets[i]);
}

static int check_filter(sg_ctx *ctx, const struct org_filter *f)
{
	if (f->type && !org_type_valid(f->type))
		return sg_err_set(&ctx->err, SG_EINVAL, "type", "R-ORG-1", "未知的组织类型",
				  "unknown organisation type");
	return check_region(ctx, f->division);
}

/* Runs the list query from cursor for at most scan_max rows, handing each
 * row's rendered organisation to visit, which returns false to stop.
 * *last is the id of the last row read, *n the number of rows read. */
static int scan(sg_ctx *ctx, const struct org_filter *f, int64_t cursor, int scan_max,
		bool (*visit)(sg_ctx *, json_t *, void *), void *arg, int64_t *last, int *n)
{
	const char *sql = sql_list, *q = f->q && *f->q ? f->q : NULL, *arg_q = NULL;
	db_stmt *s;

	if (q) {
		bool contains = utf8_count(q, strlen(q)) >= 3;
		sql = contains ? sql_list_contains : sql_list_prefix;
		arg_q = db_search_arg(ctx->db, contains ? DB_SEARCH_CONTAINS : DB_SEARCH_PREFIX, q,
				      ctx->arena);
	}
	int rc =
	    scope_query(ctx, &s, sql, "itttt", cursor, f->type, f->type, f->division, f->division);
	if (rc >= 0)
		rc = q ? db_bind_from(s, 6, "ti", arg_q, (int64_t)scan_max)
		       : db_bind_from(s, 6, "i", (int64_t)scan_max);
	*n = 0;
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
		*last = db_int(s, C_ID);
		++*n;
		if (!visit(ctx, render(s), arg)) {
			db_reset(s);
			rc = DB_DONE;
			break;
		}
	}
	return rc < 0 ? read_failed(ctx, rc) : 0;
}

struct list_state {
	const struct org_filter *f;
	struct rule_cache cache;
	int year, rc;
	page page;   /* org_list */
	json_t *all; /* org_export */
};

/* Whether org passes the filter's eligibility test; false with st->rc set
 * on a read error. */
static bool wanted(sg_ctx *ctx, struct list_state *st, const json_t *org)
{
	const struct rule_set *rs;
	if (st->f->eligible < 0)
		return true;
	st->rc = cached_rule_set(ctx, &st->cache,
				 json_string_value(json_object_get(org, "division_code")), st->year,
				 (enum org_role)st->f->eligible, &rs);
	return st->rc == 0 && decide(rs, org, NULL);
}

static bool visit_page(sg_ctx *ctx, json_t *org, void *arg)
{
	struct list_state *st = arg;
	if (!wanted(ctx, st, org)) {
		json_decref(org);
		return st->rc == 0;
	}
	return page_add(&st->page, json_integer_value(json_object_get(org, "id")), org);
}

int org_list(sg_ctx *ctx, const struct org_filter *f, int64_t cursor, int limit, json_t **out)
{
	struct list_state st = {.f = f, .year = current_year(ctx, f->year)};
	int64_t last = cursor;
	int rc, n;

	*out = NULL;
	if ((rc = check_filter(ctx, f)) || (rc = db_begin_read(ctx->db)))
		return rc;
	page_begin(&st.page, limit);
	/* Without the eligibility filter every row is wanted, and limit + 1
	 * rows tell whether there is a next page. */
	int scan_max = f->eligible < 0 ? limit + 1 : ORG_SCAN_MAX;
	rc = scan(ctx, f, cursor, scan_max, visit_page, &st, &last, &n);
	db_commit(ctx->db);
	rule_cache_free(&st.cache);
	if (!rc)
		rc = st.rc;
	if (rc) {
		page_abandon(&st.page);
		return rc;
	}
	/* The scan limit was reached before the page filled: the next page
	 * goes on after the last row looked at. */
	if (!st.page.more && n == scan_max) {
		st.page.more = true;
		st.page.last = last;
	}
	*out = page_finish(&st.page);
	return 0;
}

static bool visit_export(sg_ctx *ctx, json_t *org, void *arg)
{
	struct list_state *st = arg;
	if (wanted(ctx, st, org))
		json_array_append_new(st->all, org);
	else
		json_decref(org);
	return st->rc == 0;
}

int org_export(sg_ctx *ctx, const struct org_filter *f, json_t **out)
{
	struct list_state st = {.f = f, .year = current_year(ctx, f->year), .all = json_array()};
	int64_t last = 0;
	int rc, n;

	*out = NULL;
	if ((rc = check_filter(ctx, f)) || (rc = db_begin_read(ctx->db))) {
		json_decref(st.all);
		return rc;
	}
	rc = scan(ctx, f, 0, ORG_EXPORT_MAX, visit_export, &st, &last, &n);
	db_commit(ctx->db);
	rule_cache_free(&st.cache);
	if (!rc)
		rc = st.rc;
	if (!rc) {
		json_t *what = json_pack("{s:s?,s:s?,s:s?,s:s?,s:I}", "type", f->type, "division",
					 f->division, "q", f->q, "eligible",
					 f->eligible >= 0 ? role_names[f->eligible] : NULL, "count",
					 (json_int_t)json_array_size(st.all));
		rc = audit_append(ctx, "org.export", "org", "", NULL, what, AUDIT_OK);
		json_decref(what);
	}
	if (rc) {
		json_decref(st.all);
		return rc;
	}
	*out = st.all;
	return 0;
}

/* ---------------------------------------------------------------- writes */

static int invalid(sg_ctx *ctx, const char *field, const char *zh, const char *en)
{
	return sg_err_set(&ctx->err, SG_EINVAL, field, "R-ORG-1", zh, en);
}

/* The checks a create and an update share, on the fields given. */
static int check_fields(sg_ctx *ctx, const struct org_fields *in)
{
	if (in->name && utf8_blank(in->name))
		return invalid(ctx, "name", "名称必填", "the name is required");
	if (in->registration_status &&
	    !one_of(in->registration_status, statuses, countof(statuses)))
		return invalid(ctx, "registration_status",
			       "登记状态应为 valid、revoked 或 deregistered",
			       "the registration status is valid, revoked or deregistered");
	if (in->last_grade && *in->last_grade && !one_of(in->last_grade, grades, countof(grades)))
		return invalid(ctx, "last_grade", "评价等次应为 excellent、good、fair 或 poor",
			       "the grade is excellent, good, fair or poor");
	if (in->registered_on && *in->registered_on && !clock_date_valid(in->registered_on))
		return invalid(ctx, "registered_on", "登记日期应为 YYYY-MM-DD 格式的日期",
			       "the registration date is a date YYYY-MM-DD");
	if (in->division_code &&
	    division_code_check(in->division_code, strlen(in->division_code), NULL) != 0)
		return sg_err_set(&ctx->err, SG_EINVAL, "division_code", "R-DIV-1",
				  "行政区划代码应为 2、4、6、9 或 12 位数字",
				  "a division code is 2, 4, 6, 9 or 12 digits");
	return 0;
}

/* The division exists within the actor's scope (check.h). */
static int division_in_scope_or_404(sg_ctx *ctx, const char *code)
{
	return check_division_in_scope(ctx, "division_code", code);
}

static int taken(sg_ctx *ctx, const char *field, const char *sql, const char *value)
{
	int64_t n = 0;
	int rc = db_one_int(ctx->db, &n, sql, "t", value);
	if (rc)
		return read_failed(ctx, rc);
	return n ? sg_err_set(&ctx->err, SG_ECONFLICT, field, "R-ORG-2", "该组织已登记",
			      "this organisation is already registered")
		 : 0;
}

/* The identifying code of a new organisation: a USCC for all but an
 * individual, an ID number (encrypted, with its keyed hash) for one. */
static int identify(sg_ctx *ctx, const struct org_fields *in, bool individual,
		    unsigned char enc[ID_NUMBER_ENC_SIZE], char index[65])
{
	int rc;
	if (!individual) {
		if (in->id_number)
			return sg_err_set(&ctx->err, SG_EINVAL, "id_number", "R-ORG-2",
					  "只有个人登记身份证号",
					  "only an individual has an ID number");
		if (!in->uscc)
			return sg_err_set(&ctx->err, SG_EINVAL, "uscc", "R-ORG-2",
					  "统一社会信用代码必填",
					  "the unified social credit code is required");
		if ((rc = uscc_check(in->uscc, strlen(in->uscc), &ctx->err)))
			return rc;
		return taken(ctx, "uscc", sql_uscc_taken, in->uscc);
	}
	if (in->uscc)
		return sg_err_set(&ctx->err, SG_EINVAL, "uscc", "R-ORG-2",
				  "个人没有统一社会信用代码",
				  "an individual has no unified social credit code");
	if (!in->id_number)
		return sg_err_set(&ctx->err, SG_EINVAL, "id_number", "R-ORG-2",
				  "个人须登记身份证号", "an individual needs an ID number");
	char id[ID_NUMBER_LEN + 1];
	size_t len = strlen(in->id_number), n;
	if ((rc = id_number_check(in->id_number, len, clock_yyyymmdd(ctx->now), &ctx->err)))
		return rc;
	memcpy(id, in->id_number, ID_NUMBER_LEN + 1);
	id_number_normalise(id, ID_NUMBER_LEN);
	rc = pii_blind_index("id_number", id, ID_NUMBER_LEN, index) ||
	     pii_encrypt(ID_NUMBER_AAD, id, ID_NUMBER_LEN, enc, &n);
	mem_wipe(id, sizeof id);
	if (rc)
		return sg_err_set(&ctx->err, SG_EINTERNAL, NULL, "R-PII", "敏感数据加密失败",
				  "cannot encrypt sensitive data");
	return taken(ctx, "id_number", sql_id_number_taken, index);
}

static int64_t or_default(int64_t v, int64_t def)
{
	return v >= 0 ? v : def;
}

static const char *empty_null(const char *s)
{
	return s && *s ? s : NULL;
}

int org_create(sg_ctx *ctx, const struct org_fields *in, json_t **out)
{
	unsigned char enc[ID_NUMBER_ENC_SIZE];
	char index[65];
	int64_t id = 0;
	int rc;

	*out = NULL;
	if ((rc = perm_require(ctx, PERM_ORG_EDIT)))
		return rc;
	if (!org_type_valid(in->type))
		return invalid(ctx, "type", "未知的组织类型", "unknown organisation type");
	if (!in->name)
		return invalid(ctx, "name", "名称必填", "the name is required");
	if (!in->division_code)
		return sg_err_set(&ctx->err, SG_EINVAL, "division_code", "R-DIV-1", "行政区划必填",
				  "the division is required");
	if ((rc = check_fields(ctx, in)))
		return rc;
	bool individual = strcmp(in->type, "individual") == 0;
	if ((rc = db_begin(ctx->db)))
		return read_failed(ctx, rc);
	if (!(rc = division_in_scope_or_404(ctx, in->division_code)) &&
	    !(rc = identify(ctx, in, individual, enc, index))) {
		rc = db_one_int(ctx->db, &id, sql_insert,
				"tttbttttt"
				"iiiit"
				"iii"
				"ii",
				in->type, in->name, individual ? NULL : in->uscc,
				individual ? (const void *)enc : NULL, individual ? sizeof enc : 0,
				individual ? index : NULL, in->division_code,
				in->registration_status ? in->registration_status : "valid",
				empty_null(in->registered_on), empty_null(in->business_scope),
				or_default(in->full_time_staff, 0),
				or_default(in->qualified_social_workers, 0),
				or_default(in->years_of_service, 0),
				or_default(in->past_projects, 0), empty_null(in->last_grade),
				(int64_t)(in->dishonest == 1), (int64_t)(in->tax_record_clean == 1),
				(int64_t)(in->social_insurance_clean == 1), ctx->now, ctx->now);
		if (rc == SG_ECONFLICT) /* a concurrent registration of the same code */
			sg_err_set(&ctx->err, rc, individual ? "id_number" : "uscc", "R-ORG-2",
				   "该组织已登记", "this organisation is already registered");
		else if (rc)
			read_failed(ctx, rc);
	}
	if (!rc && !(rc = load(ctx, id, false, out)))
		rc =
		    audit_append(ctx, "org.create", "org", audit_id(ctx, id), NULL, *out, AUDIT_OK);
	mem_wipe(enc, sizeof enc);
	if (rc) {
		db_rollback(ctx->db);
		json_decref(*out);
		*out = NULL;
		return rc;
	}
	if ((rc = db_commit(ctx->db))) {
		json_decref(*out);
		*out = NULL;
		return read_failed(ctx, rc);
	}
	return load_documents(ctx, id, *out);
}

static const char *str_or(const char *v, const json_t *old, const char *key)
{
	if (v)
		return empty_null(v);
	return json_string_value(json_object_get(old, key));
}

static int64_t int_or(int64_t v, const json_t *old, const char *key)
{
	if (v >= 0)
		return v;
	const json_t *x = json_object_get(old, key);
	return json_is_boolean(x) ? json_is_true(x) : json_integer_value(x);
}

/* Ends a write: commits, or rolls back and drops *out on an error. */
static int finish_write(sg_ctx *ctx, int rc, json_t **out)
{
	if (!rc && (rc = db_commit(ctx->db)))
		read_failed(ctx, rc);
	else if (rc)
		db_rollback(ctx->db);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int org_update(sg_ctx *ctx, int64_t id, const struct org_fields *in, json_t **out)
{
	json_t *old = NULL;
	int rc;

	*out = NULL;
	if ((rc = perm_require(ctx, PERM_ORG_EDIT)))
		return rc;
	if (in->type || in->uscc || in->id_number)
		return invalid(ctx,
			       in->type	  ? "type"
			       : in->uscc ? "uscc"
					  : "id_number",
			       "组织类型和代码登记后不能修改",
			       "the type and code of an organisation do not change");
	if ((rc = check_fields(ctx, in)))
		return rc;
	if ((rc = db_begin(ctx->db)))
		return read_failed(ctx, rc);
	if ((rc = db_run(ctx->db, sql_lock, "i", id)) < 0)
		read_failed(ctx, rc);
	else if (!(rc = load(ctx, id, true, &old)) &&
		 !(rc = in->division_code ? division_in_scope_or_404(ctx, in->division_code) : 0)) {
		rc = db_run(ctx->db, sql_update,
			    "tttttiiiit"
			    "iii"
			    "ii",
			    in->name,
			    in->division_code
				? in->division_code
				: json_string_value(json_object_get(old, "division_code")),
			    str_or(in->registration_status, old, "registration_status"),
			    str_or(in->registered_on, old, "registered_on"),
			    str_or(in->business_scope, old, "business_scope"),
			    int_or(in->full_time_staff, old, "full_time_staff"),
			    int_or(in->qualified_social_workers, old, "qualified_social_workers"),
			    int_or(in->years_of_service, old, "years_of_service"),
			    int_or(in->past_projects, old, "past_projects"),
			    str_or(in->last_grade, old, "last_grade"),
			    int_or(in->dishonest, old, "dishonest"),
			    int_or(in->tax_record_clean, old, "tax_record_clean"),
			    int_or(in->social_insurance_clean, old, "social_insurance_clean"),
			    ctx->now, id);
		if (rc)
			read_failed(ctx, rc);
	}
	if (!rc && !(rc = load(ctx, id, false, out)))
		rc = audit_append(ctx, "org.update", "org", audit_id(ctx, id), old, *out, AUDIT_OK);
	json_decref(old);
	if ((rc = finish_write(ctx, rc, out)))
		return rc;
	return load_documents(ctx, id, *out);
}

int org_document_add(sg_ctx *ctx, int64_t org_id, const char *kind, const char *title,
		     const char *issued_on, json_t **out)
{
	json_t *org = NULL;
	int64_t id = 0;
	int rc;

	*out = NULL;
	if ((rc = perm_require(ctx, PERM_ORG_EDIT)))
		return rc;
	if (!one_of(kind, document_kinds, countof(document_kinds)))
		return invalid(
		    ctx, "kind",
		    "文件类别应为 registration、governance、finance、qualification 或 other",
		    "the kind is registration, governance, finance, qualification or other");
	if (utf8_blank(title))
		return invalid(ctx, "title", "文件名称必填", "the title is required");
	if (issued_on && *issued_on && !clock_date_valid(issued_on))
		return invalid(ctx, "issued_on", "日期应为 YYYY-MM-DD 格式",
			       "the date is a date YYYY-MM-DD");
	if ((rc = db_begin(ctx->db)))
		return read_failed(ctx, rc);
	if (!(rc = load(ctx, org_id, true, &org))) {
		rc = db_one_int(ctx->db, &id, sql_document_insert, "ittti", org_id, kind, title,
				empty_null(issued_on), ctx->now);
		if (!rc)
			rc = db_run(ctx->db, sql_touch, "ii", ctx->now, org_id);
		if (rc)
			read_failed(ctx, rc);
	}
	if (!rc) {
		*out = json_pack("{s:I,s:I,s:s,s:s,s:s?}", "id", (json_int_t)id, "org_id",
				 (json_int_t)org_id, "kind", kind, "title", title, "issued_on",
				 empty_null(issued_on));
		rc = audit_append(ctx, "org.document_add", "org", audit_id(ctx, org_id), NULL, *out,
				  AUDIT_OK);
	}
	json_decref(org);
	return finish_write(ctx, rc, out);
}

int org_unmask(sg_ctx *ctx, int64_t id, const char *reason, json_t **out)
{
	json_t *org = NULL;
	db_stmt *s;
	char number[ID_NUMBER_LEN + 1];
	int rc;

	*out = NULL;
	if ((rc = perm_require(ctx, PERM_ORG_UNMASK)))
		return rc;
	size_t n = reason ? utf8_count(reason, strlen(reason)) : 0;
	if (utf8_blank(reason) || n < 2 || n > 200)
		return sg_err_set(&ctx->err, SG_EINVAL, "reason", "R-PII",
				  "请说明查看原因(2 至 200 字)",
				  "state the reason (2 to 200 characters)");
	if ((rc = db_begin(ctx->db)))
		return read_failed(ctx, rc);
	if (!(rc = load(ctx, id, true, &org)) &&
	    strcmp(json_string_value(json_object_get(org, "type")), "individual") != 0)
		rc = sg_err_set(&ctx->err, SG_EINVAL, "id", "R-PII", "只有个人的信息需要解除遮盖",
				"only an individual's data is masked");
	if (!rc && !(rc = db_query(ctx->db, &s, sql_get_unscoped, "i", id)) &&
	    (rc = db_step(s)) == DB_ROW) {
		rc = id_number_of(s, number);
		if (!rc)
			*out = json_pack("{s:I,s:s,s:s}", "id", (json_int_t)id, "name",
					 db_text(s, C_NAME), "id_number", number);
		else
			sg_err_set(&ctx->err, SG_EINTERNAL, NULL, "R-PII", "敏感数据无法解密",
				   "sensitive data cannot be decrypted");
		mem_wipe(number, sizeof number);
		db_reset(s);
	} else if (!rc) {
		rc = read_failed(ctx, rc < 0 ? rc : SG_EINTERNAL);
	}
	if (!rc) {
		json_t *what =
		    json_pack("{s:s,s:[s,s]}", "reason", reason, "fields", "name", "id_number");
		rc =
		    audit_append(ctx, "org.unmask", "org", audit_id(ctx, id), NULL, what, AUDIT_OK);
		json_decref(what);
	}
	json_decref(org);
	return finish_write(ctx, rc, out);
}

/* ------------------------------------------------------------ rule sets */

int org_rule_sets(sg_ctx *ctx, json_t **out)
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
static int may_edit_region(sg_ctx *ctx, const char *region)
{
	int rc = perm_require(ctx, PERM_ELIGIBILITY_EDIT);
	if (rc)
		return rc;
	if (!region && !perm_has(ctx, PERM_SETTINGS_EDIT))
		return sg_err_set(&ctx->err, SG_EFORBIDDEN, NULL, "R-ORG-5",
				  "全国默认规则只能由系统管理员修改",
				  "only the system administrator changes the national rules");
	return region ? division_in_scope_or_404(ctx, region) : 0;
}

int org_rule_set_create(sg_ctx *ctx, const char *code, const char *region_code, int year,
			const char *name_zh, const char *name_en, const char *source_zh,
			json_t **out)
{
	struct rule_set base = {0};
	int64_t id = 0, n = 0;
	int rc;

	*out = NULL;
	if (!region_code || (rc = check_region(ctx, region_code)))
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
	if ((rc = db_begin(ctx->db)))
		return read_failed(ctx, rc);
	if ((rc = may_edit_region(ctx, region_code)))
		goto done;
	if ((rc = db_one_int(ctx->db, &n, sql_rule_set_taken, "tti", code, region_code,
			     (int64_t)year))) {
		read_failed(ctx, rc);
		goto done;
	}
	if (n) {
		rc = sg_err_set(
		    &ctx->err, SG_ECONFLICT, "region_code", "R-ORG-5",
		    "该地区该年度已有规则集,或代码已被使用",
		    "the region already has a rule set for that year, or the code is taken");
		goto done;
	}
	/* Copied from the set that decides for the region now. */
	if ((rc = rule_set_load(ctx, region_code, current_year(ctx, year), ORG_PROVIDER, &base)))
		goto done;
	rc = db_one_int(ctx->db, &id, sql_rule_set_insert, "ttitttii", code, region_code,
			(int64_t)year, name_zh, name_en, source_zh, ctx->now, ctx->now);
	if (!rc)
		rc = db_run(ctx->db, sql_rules_copy, "ii", id,
			    json_integer_value(json_object_get(base.set, "id")));
	if (rc) {
		read_failed(ctx, rc);
		goto done;
	}
	*out =
	    json_pack("{s:I,s:s,s:s,s:o,s:s,s:s,s:s,s:O}", "id", (json_int_t)id, "code", code,
		      "region_code", region_code, "year", year ? json_integer(year) : json_null(),
		      "name_zh", name_zh, "name_en", name_en, "source_zh", source_zh, "based_on",
		      json_object_get(base.set, "code"));
	rc = audit_append(ctx, "eligibility.rule_set_create", "eligibility_rule_set",
			  audit_id(ctx, id), NULL, *out, AUDIT_OK);
done:
	rule_set_free(&base);
	return finish_write(ctx, rc, out);
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

int org_rule_update(sg_ctx *ctx, int64_t rule_id, const struct org_rule_patch *p, json_t **out)
{
	json_t *old = NULL;
	db_stmt *s;
	int rc;

	*out = NULL;
	const json_t *expected = p->expected;
	static const char *const keys[] = {"clause", "description_zh", "description_en"};
	const char *texts[] = {p->clause, p->description_zh, p->description_en};
	for (size_t i = 0; i < countof(keys); i++)
		if (texts[i] && utf8_blank(texts[i]))
			return sg_err_setf(&ctx->err, SG_EINVAL, keys[i], "R-ORG-5", "%s 必填",
					   "%s is required", keys[i]);
	if ((rc = db_begin(ctx->db)))
		return read_failed(ctx, rc);
	if ((rc = db_query(ctx->db, &s, sql_rule_get, "i", rule_id)) < 0 || (rc = db_step(s)) < 0) {
		read_failed(ctx, rc);
		goto done;
	}
	if (rc == DB_DONE) {
		rc = sg_err_set(&ctx->err, SG_ENOTFOUND, "id", "R-ORG-5", "规则不存在",
				"no such rule");
		goto done;
	}
	old = render_rule(s);
	char *region = db_is_null(s, 11) ? NULL : arena_strdup(ctx->arena, db_text(s, 11));
	db_reset(s);
	if ((rc = may_edit_region(ctx, region))) {
		if (rc == SG_ENOTFOUND) /* a region outside the scope: no such rule */
			sg_err_set(&ctx->err, SG_ENOTFOUND, "id", "R-ORG-5", "规则不存在",
				   "no such rule");
		goto done;
	}
	const char *op = json_string_value(json_object_get(old, "op"));
	if (expected && !expected_fits(op, expected)) {
		rc = sg_err_setf(&ctx->err, SG_EINVAL, "expected", "R-ORG-5",
				 "期望值不适用于运算 %s",
				 "the expected value does not fit the operator %s", op);
		goto done;
	}
	char *text = json_dumps(expected ? expected : json_object_get(old, "expected"),
				JSON_ENCODE_ANY | JSON_COMPACT);
	rc = db_run(ctx->db, sql_rule_update, "tttti", text, text_or_old(p->clause, old, "clause"),
		    text_or_old(p->description_zh, old, "description_zh"),
		    text_or_old(p->description_en, old, "description_en"), rule_id);
	jsonmem_free(text);
	if (!rc)
		rc = db_run(ctx->db, sql_rule_set_touch, "ii", ctx->now, rule_id);
	if (rc) {
		read_failed(ctx, rc);
		goto done;
	}
	if ((rc = db_query(ctx->db, &s, sql_rule_get, "i", rule_id)) < 0 ||
	    (rc = db_step(s)) != DB_ROW) {
		rc = read_failed(ctx, rc < 0 ? rc : SG_EINTERNAL);
		goto done;
	}
	*out = render_rule(s);
	db_reset(s);
	rc = audit_append(ctx, "eligibility.rule_update", "eligibility_rule",
			  audit_id(ctx, rule_id), old, *out, AUDIT_OK);
done:
	json_decref(old);
	return finish_write(ctx, rc, out);
}

int org_ref_get(sg_ctx *ctx, int64_t id, struct org_ref *out)
{
	db_stmt *s;
	int rc = scope_query(ctx, &s, sql_ref, "i", id);

	memset(out, 0, sizeof *out);
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc
			      : sg_err_set(&ctx->err, SG_ENOTFOUND, "id", NULL, "组织不存在",
					   "no such organisation");
	out->id = id;
	snprintf(out->type, sizeof out->type, "%s", db_text(s, 1));
	snprintf(out->division_code, sizeof out->division_code, "%s", db_text(s, 2));
	out->individual = strcmp(out->type, "individual") == 0;
	db_reset(s);
	return 0;
}

int org_serve_region(sg_ctx *ctx, const char *uscc, const char *division_code, json_t **out)
{
	int64_t id = 0;
	int rc = perm_require(ctx, PERM_ORG_EDIT);

	*out = NULL;
	if (rc)
		return rc;
	if (!uscc || uscc_check(uscc, strlen(uscc), NULL) != 0)
		return sg_err_set(&ctx->err, SG_EINVAL, "uscc", "R-ORG-2", "统一社会信用代码无效",
				  "the USCC is not valid");
	sg_err_clear(&ctx->err);
	if ((rc = db_begin(ctx->db)))
		goto fail;
	if ((rc = check_division_in_scope(ctx, "division_code", division_code)))
		goto rollback;
	/* A USCC is a public identifier of a legal person: saying that none
	 * is registered tells nothing personal. */
	if ((rc = db_one_int(ctx->db, &id, sql_by_uscc, "t", uscc)) == SG_ENOTFOUND) {
		rc = sg_err_set(&ctx->err, SG_ENOTFOUND, "uscc", "R-ORG-2",
				"没有以此统一社会信用代码登记的组织，请先登记",
				"no organisation is registered with this USCC: register it first");
		goto rollback;
	}
	json_t *what = json_pack("{s:s}", "division_code", division_code);
	if (!rc)
		rc = db_run(ctx->db, sql_region_add, "itiI", id, division_code, ctx->now,
			    ctx->actor.user_id);
	if (!rc)
		rc = audit_append(ctx, "org.region_add", "org", audit_id(ctx, id), NULL, what,
				  AUDIT_OK);
	json_decref(what);
	if (!rc)
		rc = load(ctx, id, true, out);
	if (rc)
		goto rollback;
	if ((rc = db_commit(ctx->db))) {
		json_decref(*out);
		*out = NULL;
		goto fail;
	}
	return 0;
rollback:
	db_rollback(ctx->db);
fail:
	if (ctx->err.code != rc)
		sg_err_set(&ctx->err, rc, NULL, NULL, "保存组织失败",
			   "the organisation could not be saved");
	return rc;
}
