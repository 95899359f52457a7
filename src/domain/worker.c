/*
 * worker.c — the social workers (R-TAL-1): registration, reads and the
 * typed reference other modules use.
 */
#include "domain/worker.h"

#include <stdio.h>
#include <string.h>

#include "base/pii.h"

#include "domain/audit.h"
#include "domain/check.h"
#include "domain/page.h"
#include "domain/role.h"
#include "domain/scope.h"
#include "domain/write.h"

/* The audit actions of this module, in words (GET /api/v1/meta/enums). */
static const struct enum_value worker_actions_values[] = {
    {"social_worker.create", "登记社会工作者", "register a social worker"},
};
const struct enum_def worker_actions = ENUM_DEF("audit.action", worker_actions_values);

static const struct enum_value qualification_values[] = {
    {"assistant", "助理社会工作师", "assistant social worker"},
    {"intermediate", "社会工作师", "social worker"},
    {"senior", "高级社会工作师", "senior social worker"},
};
const struct enum_def worker_qualifications =
    ENUM_DEF("worker.qualification", qualification_values);

/* Who sees a social worker: the employer's division or a station's, for
 * division scopes; the employer or a station's operator, for providers;
 * the workers of their stations, for social workers and mentors (whose
 * records and volunteers name them: worker_ref_get). */
#define AT_STATION                                                                                 \
	"EXISTS (SELECT 1 FROM station_staff ss2 JOIN stations s2 ON s2.id = ss2.station_id"       \
	" WHERE ss2.worker_id = w.id AND "
#define WORKER_VISIBLE                                                                             \
	"(:actor_global = 1 OR (:actor_div = 1 AND (EXISTS (SELECT 1 FROM orgs o2"                 \
	" WHERE o2.id = w.employer_org_id AND " SCOPE_DIVISION(                                    \
	    "o2.division_code") ") OR " AT_STATION                                                 \
	    SCOPE_DIVISION(                                                                        \
		"s2.division_code") ")))"                                                          \
				    " OR (:actor_org = 1 AND (" SCOPE_ORG(                         \
					"w.employer_org_id") " OR " AT_STATION                     \
					SCOPE_ORG(                                                 \
					    "s2.operator_org_id") ")))"                            \
								  " OR (:actor_st = 1 "            \
								  "AND " AT_STATION SCOPE_STATION( \
								      "s2.id") ")))"
/* Who sees a station (R-ROLE-1): scope.h. */
#define STATION_VISIBLE SCOPE_STATION_SEEN("s")

#define WORKER_COLUMNS(X)                                                                          \
	X(WK_ID, "w.id", "id", COL_INT, DC_INTERNAL)                                               \
	X(WK_NAME, "w.name", "name", COL_TEXT, DC_PERSONAL)                                        \
	X(WK_QUALIFICATION, "w.qualification", "qualification", COL_TEXT, DC_INTERNAL)             \
	X(WK_CERTIFICATE, "w.certificate_no", "certificate_no", COL_TEXT, DC_PERSONAL)             \
	X(WK_EMPLOYER_ID, "w.employer_org_id", NULL, COL_HIDDEN, DC_INTERNAL)                      \
	X(WK_EMPLOYER_NAME, "o.name", NULL, COL_HIDDEN, DC_INTERNAL)                               \
	X(WK_EMPLOYER_TYPE, "o.type", NULL, COL_HIDDEN, DC_INTERNAL)                               \
	X(WK_FULL_TIME, "w.full_time", "full_time", COL_BOOL, DC_INTERNAL)                         \
	X(WK_CREATED_AT, "w.created_at", "created_at", COL_TIME, DC_INTERNAL)                      \
	X(WK_UPDATED_AT, "w.updated_at", "updated_at", COL_TIME, DC_INTERNAL)
enum { WK__FIRST, WORKER_COLUMNS(COLUMN_ENUM) WK__MAX };
const struct col_table worker_table = COLUMNS_TABLE("social_worker", WORKER_COLUMNS, WK__MAX);

#define WORKER_SELECT "SELECT " COLUMNS_SELECT(WORKER_COLUMNS)
#define WORKER_FROM   " FROM social_workers w LEFT JOIN orgs o ON o.id = w.employer_org_id"
static const char sql_worker_get[] =
    WORKER_SELECT WORKER_FROM " WHERE w.id = ? AND " WORKER_VISIBLE;
#define LIST_WHERE                                                                                 \
	" WHERE (? = 0 OR w.employer_org_id = ?)"                                                  \
	" AND (? IS NULL OR (? = 'none' AND w.qualification IS NULL) OR w.qualification = ?)"      \
	" AND (? IS NULL OR w.name LIKE ? ESCAPE '!') AND " WORKER_VISIBLE
static const char sql_worker_list[] =
    WORKER_SELECT WORKER_FROM LIST_WHERE " AND w.id > ? ORDER BY w.id LIMIT ?";
static const char sql_worker_count[] = "SELECT COUNT(*) FROM social_workers w" LIST_WHERE;
static const char sql_worker_stations[] =
    "SELECT s.id, s.name, s.tier, ss.role, ss.since FROM station_staff ss"
    " JOIN stations s ON s.id = ss.station_id WHERE ss.worker_id = ? AND " STATION_VISIBLE
    " ORDER BY s.id";
static const char sql_worker_insert[] =
    "INSERT INTO social_workers (name, qualification, certificate_no, employer_org_id,"
    " full_time, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char sql_own_org[] = "SELECT CAST(ref AS INTEGER) FROM user_scope WHERE user_id = ?"
				  " AND kind = 'org' ORDER BY ref LIMIT 1";
static const char sql_org_in_scope[] =
    "SELECT COUNT(*) FROM orgs o WHERE o.id = ? AND " SCOPE_DIVISION("o.division_code");

/* {id, name} of the employer, an individual's name masked; null for none. */
static json_t *employer_ref(db_stmt *s)
{
	if (db_is_null(s, WK_EMPLOYER_ID))
		return json_null();
	const char *type = db_text(s, WK_EMPLOYER_TYPE), *name = db_text(s, WK_EMPLOYER_NAME);
	char masked[256];
	if (type && strcmp(type, "individual") == 0) {
		if (pii_mask_name(name, db_len(s, WK_EMPLOYER_NAME), masked, sizeof masked) != 0)
			snprintf(masked, sizeof masked, "*");
		name = masked;
	}
	return json_pack("{s:I,s:s?}", "id", (json_int_t)db_int(s, WK_EMPLOYER_ID), "name", name);
}

static json_t *render_worker(db_stmt *s)
{
	json_t *o = row_object(s, &worker_table, 0);
	json_object_set_new_nocheck(o, "employer", employer_ref(s));
	return o;
}

static int no_worker(sg_ctx *ctx)
{
	return sg_err_set(&ctx->err, SG_ENOTFOUND, "id", NULL, "社会工作者不存在",
			  "no such social worker");
}

/* One worker within the actor's scope, with the stations the actor sees. */
static int load_worker(sg_ctx *ctx, int64_t id, json_t **out)
{
	json_t *w = NULL;
	db_stmt *s;
	int rc = scope_query(ctx, &s, sql_worker_get, "i", id);

	*out = NULL;
	if (!rc && (rc = db_step(s)) == DB_ROW) {
		w = render_worker(s);
		db_reset(s);
		rc = 0;
	} else if (rc >= 0) {
		return no_worker(ctx);
	}
	json_t *stations = json_array();
	if (!rc)
		rc = scope_query(ctx, &s, sql_worker_stations, "i", id);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		json_array_append_new(
		    stations, json_pack("{s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)db_int(s, 0),
					"name", db_text(s, 1), "tier", db_text(s, 2), "role",
					db_text(s, 3), "since", db_text(s, 4)));
	json_object_set_new_nocheck(w, "stations", stations);
	if (rc < 0) {
		json_decref(w);
		return rc;
	}
	*out = w;
	return 0;
}

int worker_ref_get(sg_ctx *ctx, int64_t id, struct worker_ref *out)
{
	db_stmt *s;
	int rc = scope_query(ctx, &s, sql_worker_get, "i", id);

	memset(out, 0, sizeof *out);
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc : no_worker(ctx);
	out->id = id;
	out->employer_org_id = db_is_null(s, WK_EMPLOYER_ID) ? 0 : db_int(s, WK_EMPLOYER_ID);
	out->full_time = db_int(s, WK_FULL_TIME) != 0;
	out->qualified = !db_is_null(s, WK_QUALIFICATION);
	db_reset(s);
	return 0;
}

int worker_get(sg_ctx *ctx, int64_t id, json_t **out)
{
	struct reading rd;
	int rc = read_open(&rd, ctx);

	*out = NULL;
	if (!rc)
		rc = load_worker(ctx, id, out);
	return read_close(&rd, rc, "读取社会工作者失败", "cannot read the social workers");
}

/* A LIKE pattern matching names that contain q: "%q%" with the LIKE
 * metacharacters escaped by '!'. */
static const char *contains_pattern(sg_arena *a, const char *q)
{
	size_t n = strlen(q);
	char *p = arena_alloc(a, 2 * n + 3), *o = p;
	*o++ = '%';
	for (const char *c = q; *c; c++) {
		if (*c == '%' || *c == '_' || *c == '!')
			*o++ = '!';
		*o++ = *c;
	}
	*o++ = '%';
	*o = '\0';
	return p;
}

int worker_list(sg_ctx *ctx, int64_t employer_org_id, const char *qualification, const char *q,
		int64_t cursor, int limit, json_t **out)
{
	struct reading rd;
	int64_t total = 0;
	db_stmt *s;
	page pg;
	int rc = 0;

	*out = NULL;
	if (qualification && strcmp(qualification, "none") != 0)
		rc = check_enum(ctx, "qualification", "R-TAL-1", qualification,
				&worker_qualifications);
	if (rc || (rc = check_query(ctx, "q", q, WORKER_QUERY_MAX)))
		return rc;
	const char *like = q && *q ? contains_pattern(ctx->arena, q) : NULL;
#define FILTER                                                                                     \
	employer_org_id, employer_org_id, qualification, qualification, qualification, like, like
	page_begin(&pg, limit);
	if (!(rc = read_open(&rd, ctx)) &&
	    !(rc = scope_one_int(ctx, &total, sql_worker_count, "iittttt", FILTER)))
		rc = scope_query(ctx, &s, sql_worker_list, "iitttttii", FILTER, cursor,
				 (int64_t)limit + 1);
#undef FILTER
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		if (!page_add(&pg, db_int(s, WK_ID), render_worker(s))) {
			db_reset(s);
			rc = DB_DONE;
			break;
		}
	if (rc < 0) {
		page_abandon(&pg);
		return read_close(&rd, rc, "读取社会工作者失败", "cannot read the social workers");
	}
	*out = page_finish(&pg);
	json_object_set_new_nocheck(*out, "total", json_integer(total));
	return read_close(&rd, 0, "读取社会工作者失败", "cannot read the social workers");
}

/* The employer given to a worker this actor registers (R-ROLE-1). */
static int employer_for(sg_ctx *ctx, int64_t asked, int64_t *out)
{
	int64_t n = 0;
	int rc;

	*out = asked;
	if (role_scope_kind(ctx->actor.role) == SCOPE_ORG) {
		if ((rc = db_one_int(ctx->db, out, sql_own_org, "i", ctx->actor.user_id)) &&
		    rc != SG_ENOTFOUND)
			return rc;
		if (rc == SG_ENOTFOUND || (asked && asked != *out))
			return sg_err_set(
			    &ctx->err, SG_EINVAL, "employer_org_id", "R-ROLE-1",
			    "承接主体只能登记本机构的社会工作者",
			    "provider staff register their own organisation's workers");
		return 0;
	}
	if (!asked) {
		if (scope_global(&ctx->actor))
			return 0;
		return sg_err_set(&ctx->err, SG_EINVAL, "employer_org_id", "R-TAL-1",
				  "请指定社会工作者的工作单位（本辖区登记的组织）",
				  "give the worker's employer (an organisation registered in "
				  "your area)");
	}
	if ((rc = scope_one_int(ctx, &n, sql_org_in_scope, "i", asked)))
		return rc;
	if (!n)
		return sg_err_set(&ctx->err, SG_ENOTFOUND, "employer_org_id", "R-ROLE-1",
				  "组织不存在", "no such organisation");
	return 0;
}

/* The audited value: the row without its personal columns (redacted by
 * worker_table's data classes). */
static int snapshot(sg_ctx *ctx, int64_t id, json_t **out)
{
	return load_worker(ctx, id, out);
}

static const struct write_spec worker_write = {
    .table = &worker_table,
    .fail_zh = "保存社会工作者失败",
    .fail_en = "the social worker could not be saved",
    .snapshot = snapshot,
    .detail = load_worker,
};

int worker_create(sg_ctx *ctx, const struct worker_new *in, json_t **out)
{
	struct write w;
	int64_t id = 0, employer = 0;
	int rc = perm_require(ctx, PERM_WORKER_REGISTER);

	*out = NULL;
	if (rc || (rc = check_required(ctx, "name", "R-TAL-1", in->name)) ||
	    (in->qualification && (rc = check_enum(ctx, "qualification", "R-TAL-1",
						   in->qualification, &worker_qualifications))))
		return rc;
	rc = write_open_new(&w, ctx, &worker_write, "social_worker.create");
	if (!rc)
		rc = employer_for(ctx, in->employer_org_id, &employer);
	if (!rc)
		rc = db_one_int(
		    ctx->db, &id, sql_worker_insert, "tttIiii", in->name, in->qualification,
		    in->certificate_no && in->certificate_no[0] ? in->certificate_no : NULL,
		    employer, (int64_t)in->full_time, ctx->now, ctx->now);
	if (!rc)
		rc = write_created(&w, id);
	return write_close(&w, rc, out);
}
