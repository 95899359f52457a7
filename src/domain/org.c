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
#include "base/jsonv.h"
#include "base/mem.h"
#include "base/pii.h"
#include "base/utf8.h"
#include "domain/audit.h"
#include "domain/check.h"
#include "domain/eligibility.h"
#include "domain/page.h"
#include "domain/role.h"
#include "domain/row.h"
#include "domain/scope.h"
#include "domain/write.h"

/* The audit actions of this module, in words (GET /api/v1/meta/enums). */
static const struct enum_value org_actions_values[] = {
    {"org.create", "登记组织", "register an organisation"},
    {"org.update", "修改组织", "change an organisation"},
    {"org.document_add", "登记在案文件", "record a document"},
    {"org.unmask", "查看个人身份信息", "unmask an individual"},
    {"org.export", "导出组织机构", "export organisations"},
    {"org.region_add", "登记为本地服务组织", "register as serving a division"},
    {"org.person_registered_elsewhere", "重复登记个人（已在别处登记）",
     "a person registered elsewhere"},
};
const struct enum_def org_actions = ENUM_DEF("audit.action", org_actions_values);

static const struct enum_value type_values[] = {
    {"government", "国家机关", "government body"},
    {"civil_affairs", "民政部门", "civil affairs department"},
    {"public_institution_1", "公益一类事业单位", "public institution, class 1"},
    {"public_institution_2", "公益二类事业单位", "public institution, class 2"},
    {"public_institution_business", "从事生产经营活动的事业单位", "public institution in business"},
    {"mass_org_funded", "使用事业编制且由财政拨款保障的群团组织",
     "budget-funded mass organisation"},
    {"mass_org", "其他群团组织", "mass organisation"},
    {"enterprise", "企业", "enterprise"},
    {"social_org", "社会组织", "social organisation"},
    {"rural_collective", "农村集体经济组织", "rural collective"},
    {"self_governing", "基层群众性自治组织", "self-governing organisation"},
    {"individual", "个人", "individual"},
    {"university", "高校", "university"},
};
const struct enum_def org_types = ENUM_DEF("org.type", type_values);
static const char *const role_names[ORG_ROLE__MAX] = {"purchaser", "provider"};
static const struct enum_value status_values[] = {
    {"valid", "有效", "valid"},
    {"revoked", "已撤销", "revoked"},
    {"deregistered", "已注销", "deregistered"},
};
const struct enum_def org_statuses = ENUM_DEF("org.registration_status", status_values);
static const struct enum_value grade_values[] = {
    {"excellent", "优", "excellent"},
    {"good", "良", "good"},
    {"fair", "中", "fair"},
    {"poor", "差", "poor"},
};
const struct enum_def org_grades = ENUM_DEF("org.grade", grade_values);
static const struct enum_value document_values[] = {
    {"registration", "登记证书", "registration certificate"},
    {"governance", "治理制度文件", "governance rules"},
    {"finance", "财务管理制度", "financial rules"},
    {"qualification", "资质证明", "qualification"},
    {"other", "其他", "other"},
};
const struct enum_def org_document_kinds = ENUM_DEF("org.document_kind", document_values);

#define countof(a)	   (sizeof(a) / sizeof((a)[0]))
#define ID_NUMBER_AAD	   "orgs.id_number"
#define ID_NUMBER_ENC_SIZE (ID_NUMBER_LEN + PII_OVERHEAD)

/* The columns of an organisation. The name is public but an
 * individual's, which render() masks; the encrypted ID number is
 * sensitive and never rendered but masked (id_number_masked). */
#define ORG_COLUMNS(X)                                                                             \
	X(C_ID, "o.id", "id", COL_INT, DC_PUBLIC)                                                  \
	X(C_TYPE, "o.type", "type", COL_TEXT, DC_PUBLIC)                                           \
	X(C_NAME, "o.name", NULL, COL_HIDDEN, DC_PUBLIC)                                           \
	X(C_USCC, "o.uscc", "uscc", COL_TEXT, DC_PUBLIC)                                           \
	X(C_ID_ENC, "o.id_number_enc", "id_number", COL_HIDDEN, DC_SENSITIVE)                      \
	X(C_DIVISION, "o.division_code", "division_code", COL_TEXT, DC_PUBLIC)                     \
	X(C_DIVISION_NAME, "d.name", "division_name", COL_TEXT, DC_PUBLIC)                         \
	X(C_STATUS, "o.registration_status", "registration_status", COL_TEXT, DC_PUBLIC)           \
	X(C_REGISTERED_ON, "o.registered_on", "registered_on", COL_TEXT, DC_PUBLIC)                \
	X(C_SCOPE, "o.business_scope", "business_scope", COL_TEXT, DC_PUBLIC)                      \
	X(C_STAFF, "o.full_time_staff", "full_time_staff", COL_INT, DC_INTERNAL)                   \
	X(C_QUALIFIED, "o.qualified_social_workers", "qualified_social_workers", COL_INT,          \
	  DC_INTERNAL)                                                                             \
	X(C_YEARS, "o.years_of_service", "years_of_service", COL_INT, DC_INTERNAL)                 \
	X(C_PROJECTS, "o.past_projects", "past_projects", COL_INT, DC_INTERNAL)                    \
	X(C_GRADE, "o.last_grade", "last_grade", COL_TEXT, DC_PUBLIC)                              \
	X(C_DISHONEST, "o.dishonest", "dishonest", COL_BOOL, DC_PUBLIC)                            \
	X(C_TAX, "o.tax_record_clean", "tax_record_clean", COL_BOOL, DC_INTERNAL)                  \
	X(C_INSURANCE, "o.social_insurance_clean", "social_insurance_clean", COL_BOOL,             \
	  DC_INTERNAL)                                                                             \
	X(C_GOVERNANCE,                                                                            \
	  "(SELECT COUNT(*) FROM org_documents g WHERE g.org_id = o.id AND g.kind = "              \
	  "'governance')",                                                                         \
	  "governance_documents", COL_INT, DC_INTERNAL)                                            \
	X(C_FINANCE,                                                                               \
	  "(SELECT COUNT(*) FROM org_documents g WHERE g.org_id = o.id AND g.kind = 'finance')",   \
	  "finance_documents", COL_INT, DC_INTERNAL)                                               \
	X(C_CREATED, "o.created_at", "created_at", COL_TIME, DC_INTERNAL)                          \
	X(C_UPDATED, "o.updated_at", "updated_at", COL_TIME, DC_INTERNAL)
enum { C__FIRST, ORG_COLUMNS(COLUMN_ENUM) C__MAX };
const struct col_table org_table = COLUMNS_TABLE("org", ORG_COLUMNS, C__MAX);
#define ORG_COLS                                                                                   \
	COLUMNS_SELECT(ORG_COLUMNS) " FROM orgs o JOIN divisions d ON d.code = o.division_code"

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
/* The list's total: the same filter without the cursor (the cursor's
 * `o.id > ?` bound 0). */
#define COUNT_FROM "SELECT COUNT(*) FROM orgs o WHERE " ORG_SCOPE LIST_FILTER
static const char sql_count[] = COUNT_FROM;
static const char sql_count_contains[] =
    COUNT_FROM " AND {contains o.name o.id orgs_search} AND o.type <> 'individual'";
static const char sql_count_prefix[] = COUNT_FROM " AND {prefix o.name} AND o.type <> 'individual'";
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

/* ------------------------------------------------------------- helpers */

bool org_type_valid(const char *type)
{
	return enum_index(&org_types, type) >= 0;
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
	json_t *o = row_object(s, &org_table, 0);

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

/* ----------------------------------------------------------------- lists */

static int check_filter(sg_ctx *ctx, const struct org_filter *f)
{
	if (f->type && !org_type_valid(f->type))
		return sg_err_set(&ctx->err, SG_EINVAL, "type", "R-ORG-1", "未知的组织类型",
				  "unknown organisation type");
	return f->division ? check_division_code(ctx, "division", f->division) : 0;
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

/* The number of organisations filter f selects (eligibility aside). */
static int count(sg_ctx *ctx, const struct org_filter *f, int64_t *out)
{
	const char *q = f->q && *f->q ? f->q : NULL;
	bool contains = q && utf8_count(q, strlen(q)) >= 3;
	const char *sql = !q ? sql_count : contains ? sql_count_contains : sql_count_prefix;
	int rc = q ? scope_one_int(ctx, out, sql,
				   "itttt"
				   "t",
				   (int64_t)0, f->type, f->type, f->division, f->division,
				   db_search_arg(ctx->db,
						 contains ? DB_SEARCH_CONTAINS : DB_SEARCH_PREFIX,
						 q, ctx->arena))
		   : scope_one_int(ctx, out, sql, "itttt", (int64_t)0, f->type, f->type,
				   f->division, f->division);
	return rc ? read_failed(ctx, rc) : 0;
}

struct list_state {
	const struct org_filter *f;
	struct eligibility_cache *cache;
	int year, rc;
	page page;   /* org_list */
	json_t *all; /* org_export */
};

/* Whether org passes the filter's eligibility test; false with st->rc set
 * on a read error. */
static bool wanted(sg_ctx *ctx, struct list_state *st, const json_t *org)
{
	bool ok = false;
	if (st->f->eligible < 0)
		return true;
	if (!st->cache)
		st->cache = eligibility_cache_new();
	st->rc = eligibility_check(ctx, st->cache, json_integer_value(json_object_get(org, "id")),
				   json_string_value(json_object_get(org, "division_code")),
				   (enum org_role)st->f->eligible, st->year, &ok);
	return st->rc == 0 && ok;
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
	struct list_state st = {.f = f, .year = f->year};
	int64_t last = cursor;
	int rc, n;

	*out = NULL;
	if ((rc = check_filter(ctx, f)) || (rc = db_begin_read(ctx->db)))
		return rc;
	page_begin(&st.page, limit);
	/* Without the eligibility filter every row is wanted, and limit + 1
	 * rows tell whether there is a next page; and the total is one count
	 * (with it, deciding every row would cost what the page's scan limit
	 * avoids: no total then). */
	int scan_max = f->eligible < 0 ? limit + 1 : ORG_SCAN_MAX;
	int64_t total = -1;
	rc = f->eligible < 0 ? count(ctx, f, &total) : 0;
	if (!rc)
		rc = scan(ctx, f, cursor, scan_max, visit_page, &st, &last, &n);
	db_commit(ctx->db);
	eligibility_cache_free(st.cache);
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
	json_object_set_new_nocheck(*out, "total", total >= 0 ? json_integer(total) : json_null());
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
	struct list_state st = {.f = f, .year = f->year, .all = json_array()};
	int64_t last = 0;
	int rc, n;

	*out = NULL;
	if ((rc = check_filter(ctx, f)) || (rc = db_begin_read(ctx->db))) {
		json_decref(st.all);
		return rc;
	}
	rc = scan(ctx, f, 0, ORG_EXPORT_MAX, visit_export, &st, &last, &n);
	db_commit(ctx->db);
	eligibility_cache_free(st.cache);
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
	int rc;
	if (in->registration_status && (rc = check_enum(ctx, "registration_status", "R-ORG-1",
							in->registration_status, &org_statuses)))
		return rc;
	if (in->last_grade && *in->last_grade &&
	    (rc = check_enum(ctx, "last_grade", "R-ORG-1", in->last_grade, &org_grades)))
		return rc;
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

/* A person registered already: said without where or by whom (the
 * registration may lie outside the actor's scope), since detecting a
 * person registered twice is a real need (duplicate benefits) but must
 * not become a way to learn where someone is registered. */
static int person_elsewhere(sg_ctx *ctx)
{
	return sg_err_set(&ctx->err, SG_ECONFLICT, "id_number", "R-ORG-2",
			  "此人已在别处登记，不能重复登记",
			  "this person is already registered elsewhere");
}

enum {
	PERSON_HITS_MAX = 5,		  /* duplicate-person answers an account gets… */
	PERSON_HITS_WINDOW = 3600 * 1000, /* …per hour */
};
static const char sql_person_hits[] = "SELECT COUNT(*) FROM audit_log WHERE actor_id = ?"
				      " AND action = 'org.person_registered_elsewhere' AND at > ?";

/* Each "registered elsewhere" answer is audited in its own transaction
 * (the write it refused rolls back); an account that has had
 * PERSON_HITS_MAX of them in the last hour is refused before any lookup,
 * so the check cannot be run through a list of numbers. */
static int person_hits_check(sg_ctx *ctx)
{
	int64_t n = 0;
	int rc = db_one_int(ctx->db, &n, sql_person_hits, "ii", ctx->actor.user_id,
			    ctx->now - PERSON_HITS_WINDOW);
	if (rc)
		return read_failed(ctx, rc);
	if (n < PERSON_HITS_MAX)
		return 0;
	rc =
	    sg_err_set(&ctx->err, SG_ELOCKED, "id_number", "R-PII", "查重次数过多，请一小时后再试",
		       "too many registrations of people already registered: try again in an hour");
	ctx->err.retry_after = 3600;
	return rc;
}

static void person_hit_audit(sg_ctx *ctx)
{
	sg_err saved = ctx->err;
	audit_append(ctx, "org.person_registered_elsewhere", "org", "", NULL, NULL, AUDIT_DENIED);
	ctx->err = saved;
}

/* The first two characters of a USCC (GB 32100-2015): the registration
 * authority and the category within it. An organisation's type must fit
 * them: a social organisation is registered by civil affairs (5), an
 * enterprise by market regulation (9), a public institution by the
 * establishment office (1) … */
static const struct {
	const char *type, *prefixes; /* two characters each, space-separated */
} uscc_fits[] = {
    {"government", "11"},
    {"civil_affairs", "11"},
    {"public_institution_1", "12"},
    {"public_institution_2", "12"},
    {"public_institution_business", "12"},
    {"mass_org_funded", "13"},
    {"mass_org", "13 51"},
    {"enterprise", "91 92 93"},
    {"social_org", "51 52 53 59"},
    {"rural_collective", "N1 N2 N3 N9"},
    {"self_governing", "54 59"},
    {"university", "12 52"},
};

static int check_uscc_fits(sg_ctx *ctx, const char *type, const char *uscc)
{
	for (size_t i = 0; i < sizeof uscc_fits / sizeof uscc_fits[0]; i++) {
		if (strcmp(uscc_fits[i].type, type) != 0)
			continue;
		for (const char *p = uscc_fits[i].prefixes; *p; p += p[2] ? 3 : 2)
			if (p[0] == uscc[0] && p[1] == uscc[1])
				return 0;
		char zh[256], en[200];
		snprintf(zh, sizeof zh,
			 "统一社会信用代码前两位（登记管理部门和机构类别）“%.2s”与组织类型“%s”"
			 "不符，应为 %s 之一",
			 uscc, enum_zh(&org_types, type), uscc_fits[i].prefixes);
		snprintf(en, sizeof en,
			 "the first two characters of the USCC (registration authority and "
			 "category) \"%.2s\" do not fit the type %s: one of %s",
			 uscc, type, uscc_fits[i].prefixes);
		return sg_err_set(&ctx->err, SG_EINVAL, "uscc", "R-ORG-2", zh, en);
	}
	return 0;
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
		if ((rc = uscc_check(in->uscc, strlen(in->uscc), &ctx->err)) ||
		    (rc = check_uscc_fits(ctx, in->type, in->uscc)))
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
	int64_t found = 0;
	if ((rc = db_one_int(ctx->db, &found, sql_id_number_taken, "t", index)))
		return read_failed(ctx, rc);
	return found ? person_elsewhere(ctx) : 0;
}

static int64_t or_default(int64_t v, int64_t def)
{
	return v >= 0 ? v : def;
}

static const char *empty_null(const char *s)
{
	return s && *s ? s : NULL;
}

/* -------------------------------------------------------------- the write */

static int org_lock(sg_ctx *ctx, int64_t id)
{
	return db_run(ctx->db, sql_lock, "i", id);
}

/* The audited value: the organisation as rendered (masked), in scope. */
static int snapshot(sg_ctx *ctx, int64_t id, json_t **out)
{
	return load(ctx, id, true, out);
}

/* What a write's caller receives: the organisation with its documents,
 * read inside the write's transaction. */
static int detail(sg_ctx *ctx, int64_t id, json_t **out)
{
	int rc = load(ctx, id, true, out);
	if (!rc && (rc = load_documents(ctx, id, *out))) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

static const struct write_spec org_write = {
    .table = &org_table,
    .fail_zh = "保存组织失败",
    .fail_en = "the organisation could not be saved",
    .lock = org_lock,
    .snapshot = snapshot,
    .detail = detail,
};

/* A write whose audited values and reply the caller makes itself. */
static const struct write_spec org_part_write = {
    .table = &org_table,
    .fail_zh = "保存组织失败",
    .fail_en = "the organisation could not be saved",
    .lock = org_lock,
    .snapshot = snapshot,
};

int org_create(sg_ctx *ctx, const struct org_fields *in, json_t **out)
{
	unsigned char enc[ID_NUMBER_ENC_SIZE];
	char index[65];
	struct write w;
	int64_t id = 0;
	int rc;

	*out = NULL;
	if ((rc = perm_require(ctx, PERM_ORG_EDIT)))
		return rc;
	if (!org_type_valid(in->type))
		return check_enum(ctx, "type", "R-ORG-1", in->type, &org_types);
	if (!in->name)
		return invalid(ctx, "name", "名称必填", "the name is required");
	if (!in->division_code)
		return sg_err_set(&ctx->err, SG_EINVAL, "division_code", "R-DIV-1", "行政区划必填",
				  "the division is required");
	if ((rc = check_fields(ctx, in)))
		return rc;
	bool individual = strcmp(in->type, "individual") == 0;
	if (individual && ctx->actor.user_id && (rc = person_hits_check(ctx)))
		return rc;
	rc = write_open_new(&w, ctx, &org_write, "org.create");
	if (!rc)
		rc = division_in_scope_or_404(ctx, in->division_code);
	if (!rc)
		rc = identify(ctx, in, individual, enc, index);
	if (!rc) {
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
		if (rc == SG_ECONFLICT && individual) /* a concurrent registration */
			person_elsewhere(ctx);
		else if (rc == SG_ECONFLICT)
			sg_err_set(&ctx->err, rc, "uscc", "R-ORG-2", "该组织已登记",
				   "this organisation is already registered");
	}
	mem_wipe(enc, sizeof enc);
	if (!rc)
		rc = write_created(&w, id);
	rc = write_close(&w, rc, out);
	if (rc == SG_ECONFLICT && individual)
		person_hit_audit(ctx);
	return rc;
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

int org_update(sg_ctx *ctx, int64_t id, const struct org_fields *in, json_t **out)
{
	struct write w;
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
	rc = write_open(&w, ctx, &org_write, "org.update", id);
	const json_t *old = write_old(&w);
	if (!rc && in->division_code)
		rc = division_in_scope_or_404(ctx, in->division_code);
	if (!rc)
		rc = db_run(ctx->db, sql_update,
			    "tttttiiiit"
			    "iii"
			    "ii",
			    in->name, /* NULL keeps the stored name: the old one is masked */
			    in->division_code ? in->division_code
					      : jsonv_str(old, "division_code", ""),
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
	return write_close(&w, rc, out);
}

int org_document_add(sg_ctx *ctx, int64_t org_id, const char *kind, const char *title,
		     const char *issued_on, json_t **out)
{
	struct write w;
	json_t *doc = NULL;
	int64_t id = 0;
	int rc;

	*out = NULL;
	if ((rc = perm_require(ctx, PERM_ORG_EDIT)))
		return rc;
	if ((rc = check_enum(ctx, "kind", "R-ORG-1", kind, &org_document_kinds)))
		return rc;
	if (utf8_blank(title))
		return invalid(ctx, "title", "文件名称必填", "the title is required");
	if (issued_on && *issued_on && !clock_date_valid(issued_on))
		return invalid(ctx, "issued_on", "日期应为 YYYY-MM-DD 格式",
			       "the date is a date YYYY-MM-DD");
	rc = write_open(&w, ctx, &org_part_write, "org.document_add", org_id);
	if (!rc)
		rc = db_one_int(ctx->db, &id, sql_document_insert, "ittti", org_id, kind, title,
				empty_null(issued_on), ctx->now);
	if (!rc)
		rc = db_run(ctx->db, sql_touch, "ii", ctx->now, org_id);
	if (!rc) {
		doc = json_pack("{s:I,s:I,s:s,s:s,s:s?}", "id", (json_int_t)id, "org_id",
				(json_int_t)org_id, "kind", kind, "title", title, "issued_on",
				empty_null(issued_on));
		write_set_old(&w, NULL);
		write_set_now(&w, json_incref(doc));
	}
	if ((rc = write_close(&w, rc, NULL))) {
		json_decref(doc);
		return rc;
	}
	*out = doc;
	return 0;
}

int org_unmask(sg_ctx *ctx, int64_t id, const char *reason, json_t **out)
{
	struct write w;
	json_t *clear = NULL;
	db_stmt *s;
	char number[ID_NUMBER_LEN + 1];
	int rc;

	*out = NULL;
	if ((rc = perm_require(ctx, PERM_ORG_UNMASK)))
		return rc;
	size_t n = reason ? utf8_count(reason, strlen(reason)) : 0;
	if (utf8_blank(reason) || n < 2 || n > 200)
		return sg_err_set(&ctx->err, SG_EINVAL, "reason", "R-PII",
				  "请说明查看原因（2 至 200 字）",
				  "state the reason (2 to 200 characters)");
	rc = write_open(&w, ctx, &org_part_write, "org.unmask", id);
	if (!rc && strcmp(jsonv_str(write_old(&w), "type", ""), "individual") != 0)
		rc = sg_err_set(&ctx->err, SG_EINVAL, "id", "R-PII", "只有个人的信息需要解除遮盖",
				"only an individual's data is masked");
	if (!rc && !(rc = db_query(ctx->db, &s, sql_get_unscoped, "i", id))) {
		if ((rc = db_step(s)) == DB_ROW) {
			if (id_number_of(s, number) == 0) {
				clear = json_pack("{s:I,s:s,s:s}", "id", (json_int_t)id, "name",
						  db_text(s, C_NAME), "id_number", number);
				rc = 0;
			} else {
				rc = sg_err_set(&ctx->err, SG_EINTERNAL, NULL, "R-PII",
						"敏感数据无法解密",
						"sensitive data cannot be decrypted");
			}
			mem_wipe(number, sizeof number);
			db_reset(s);
		} else if (rc == DB_DONE) {
			rc = SG_EINTERNAL; /* the row was there a moment ago, locked */
		}
	}
	if (!rc) {
		/* The entry names the fields seen, never their values. */
		write_set_old(&w, NULL);
		write_set_now(&w, json_pack("{s:s,s:[s,s]}", "reason", reason, "fields", "name",
					    "id_number"));
	}
	if ((rc = write_close(&w, rc, NULL))) {
		json_decref(clear);
		return rc;
	}
	*out = clear;
	return 0;
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
