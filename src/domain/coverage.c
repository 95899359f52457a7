/*
 * coverage.c — coverage of a division by working stations (R-NET-3).
 * docs/ARCHITECTURE.md "Coverage: the query" explains the design: no
 * GROUP BY and no sort over the villages, every count a range scan of an
 * index, run once per child of the division.
 */
#include "domain/coverage.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "domain/audit.h"
#include "domain/check.h"
#include "domain/division.h"
#include "domain/page.h"
#include "domain/role.h"
#include "domain/scope.h"
#include "domain/write.h"

/* The audit actions of this module, in words (GET /api/v1/meta/enums). */
static const struct enum_value coverage_actions_values[] = {
    {"coverage.export", "导出未覆盖区划", "export the uncovered divisions"},
};
const struct enum_def coverage_actions = ENUM_DEF("audit.action", coverage_actions_values);

/* Coverage (R-NET-3), without sorting or grouping: on SQLite a GROUP BY
 * over the 64,000 codes of a province costs more than everything else
 * together (a temporary b-tree), so every count is a range scan of an
 * index, run once per child of the division (a few dozen at most).
 *
 * The range of the codes below a code c is [c, c || 'A'): codes are
 * digits, which every collation puts before letters. The primary key of
 * divisions answers it (the length of a code tells its level, so the
 * index alone counts); the partial index stations_working answers the
 * stations. */
static const char sql_cov_division[] = "SELECT code, name, level FROM divisions WHERE code = ?";
/* The children with their villages and the divisions (townships,
 * villages) that have a working station of the matching tier. */
#define IN_CHILD(col) col " >= c.code AND " col " < c.code || 'A'"
#define COV_WORKING(tier)                                                                          \
	"(SELECT COUNT(DISTINCT s.division_code) FROM stations s WHERE s.working = 1"              \
	" AND s.tier = '" tier "' AND " IN_CHILD("s.division_code") ")"
static const char sql_cov_children[] =
    "SELECT c.code, c.name, c.level,"
    " (SELECT COUNT(*) FROM divisions v WHERE " IN_CHILD(
	"v.code") " AND length(v.code) = 12),"
		  " " COV_WORKING("township") ", " COV_WORKING(
		      "village") " FROM divisions c WHERE c.parent_code = ? ORDER BY c.code";
/* Whether the division itself (a township or a village) has one. */
static const char sql_cov_self[] =
    "SELECT (SELECT COUNT(*) FROM stations WHERE working = 1 AND tier = 'township'"
    " AND division_code = ?), (SELECT COUNT(*) FROM stations WHERE working = 1"
    " AND tier = 'village' AND division_code = ?)";
/* The townships without a working station, reached down the tree (the
 * parent index: a province's ~2,000 townships and the ~150 divisions
 * above them, not its ~60,000 villages). Their number also gives the
 * townships' total: with a station + without. */
static const char sql_cov_missing_townships[] =
    "WITH RECURSIVE sub(code, name) AS (SELECT code, name FROM divisions WHERE code = ?"
    " UNION ALL SELECT d.code, d.name FROM sub JOIN divisions d ON d.parent_code = sub.code"
    " WHERE length(sub.code) < 9)"
    " SELECT code, name FROM sub WHERE length(code) = 9 AND NOT EXISTS (SELECT 1"
    " FROM stations s WHERE s.working = 1 AND s.tier = 'township'"
    " AND s.division_code = sub.code) ORDER BY code LIMIT ?";
/* The first villages without a room, in code order: the scan stops after
 * LIMIT. level, not length(code): PostgreSQL has statistics on a column
 * (not on an expression), and with them walks the index in order and stops
 * early instead of joining every village of a province and sorting. */
static const char sql_cov_missing_villages[] =
    "SELECT d.code, d.name FROM divisions d WHERE d.code >= ? AND d.code < ? || 'A'"
    " AND d.level = 4 AND NOT EXISTS (SELECT 1 FROM stations s WHERE s.working = 1"
    " AND s.tier = 'village' AND s.division_code = d.code) ORDER BY d.code LIMIT ?";

struct cov_counts {
	int64_t townships, townships_with, villages, villages_with;
};

struct cov_child {
	const char *code, *name;
	int level;
	struct cov_counts n;
};

static json_t *share(int64_t total, int64_t with)
{
	json_t *ratio = total ? json_real((double)((with * 20000 + total) / (2 * total)) / 10000.0)
			      : json_null();
	return json_pack("{s:I,s:I,s:o}", "total", (json_int_t)total, "with_station",
			 (json_int_t)with, "ratio", ratio);
}

static void counts_into(json_t *o, const struct cov_counts *n)
{
	json_object_set_new_nocheck(o, "townships", share(n->townships, n->townships_with));
	json_object_set_new_nocheck(o, "villages", share(n->villages, n->villages_with));
}

/* The child whose code starts code (children are in code order and of
 * one length), or NULL. */
static struct cov_child *child_of(struct cov_child *v, size_t n, const char *code)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(v[mid].code, code, strlen(v[mid].code));
		if (c == 0)
			return &v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Appends [{code, name}] from the rows of a query of those two columns. */
static int code_names(db_stmt *s, json_t *out)
{
	int rc;
	while ((rc = db_step(s)) == DB_ROW)
		json_array_append_new(
		    out, json_pack("{s:s,s:s}", "code", db_text(s, 0), "name", db_text(s, 1)));
	return rc < 0 ? rc : 0;
}

/* Outside the scope, as for a code that names nothing. */
static int no_division(sg_ctx *ctx)
{
	return sg_err_set(&ctx->err, SG_ENOTFOUND, "code", "R-ROLE-1", "行政区划不存在",
			  "no such division");
}

int coverage_get(sg_ctx *ctx, const char *code, json_t **out)
{
	struct cov_counts total = {0};
	struct cov_child *children = NULL;
	size_t nchildren = 0, cap = 0;
	json_t *division = NULL, *mt, *mv;
	struct reading rd;
	bool visible = false;
	db_stmt *s;
	int rc;

	*out = NULL;
	if ((rc = check_division_code(ctx, "code", code)))
		return rc;
	mt = json_array();
	mv = json_array();
	if (!(rc = read_open(&rd, ctx)))
		rc = division_in_scope(ctx, code, &visible);
	if (!rc && visible) {
		rc = db_query(ctx->db, &s, sql_cov_division, "t", code);
		if (!rc && (rc = db_step(s)) == DB_ROW) {
			const char *lv = division_level_name((int)db_int(s, 2));
			division = json_pack("{s:s,s:s,s:s?}", "code", db_text(s, 0), "name",
					     db_text(s, 1), "level", lv);
			db_reset(s);
			rc = 0;
		}
	}
	if (rc < 0 || !division)
		goto done;
	rc = db_query(ctx->db, &s, sql_cov_children, "t", code);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
		if (nchildren == cap) {
			cap = cap ? 2 * cap : 64;
			children = xrealloc(children, cap * sizeof *children);
		}
		struct cov_child *c = &children[nchildren++];
		*c = (struct cov_child){
		    .code = arena_strdup(ctx->arena, db_text(s, 0)),
		    .name = arena_strdup(ctx->arena, db_text(s, 1)),
		    .level = (int)db_int(s, 2),
		    .n = {.villages = db_int(s, 3),
			  .townships_with = db_int(s, 4),
			  .villages_with = db_int(s, 5)},
		};
		total.villages += c->n.villages;
		total.townships_with += c->n.townships_with;
		total.villages_with += c->n.villages_with;
	}
	if (rc >= 0 && (rc = db_query(ctx->db, &s, sql_cov_self, "tt", code, code)) == 0 &&
	    (rc = db_step(s)) == DB_ROW) {
		total.townships_with += db_int(s, 0) > 0;
		total.villages_with += db_int(s, 1) > 0;
		db_reset(s);
		rc = 0;
	}
	if (strlen(code) == 12)
		total.villages++;
	if (rc >= 0 && (rc = db_query(ctx->db, &s, sql_cov_missing_townships, "ti", code,
				      (int64_t)COVERAGE_TOWNSHIPS_MAX)) == 0)
		rc = code_names(s, mt);
	if (rc >= 0 && (rc = db_query(ctx->db, &s, sql_cov_missing_villages, "tti", code, code,
				      (int64_t)COVERAGE_MISSING_MAX)) == 0)
		rc = code_names(s, mv);
done:
	rc = read_close(&rd, rc < 0 ? rc : 0, "读取覆盖情况失败", "cannot read the coverage");
	if (rc || !division) {
		free(children);
		json_decref(division);
		json_decref(mt);
		json_decref(mv);
		return rc ? rc : no_division(ctx);
	}
	/* Every township is missing or has a station. */
	size_t i;
	json_t *t;
	total.townships = total.townships_with + (int64_t)json_array_size(mt);
	for (i = 0; i < nchildren; i++)
		children[i].n.townships = children[i].n.townships_with;
	json_array_foreach(mt, i, t)
	{
		struct cov_child *c =
		    child_of(children, nchildren, json_string_value(json_object_get(t, "code")));
		if (c)
			c->n.townships++;
	}
	json_t *o = json_object(), *kids = json_array();
	json_object_set_new_nocheck(o, "division", division);
	counts_into(o, &total);
	for (i = 0; i < nchildren; i++) {
		json_t *c =
		    json_pack("{s:s,s:s,s:s?}", "code", children[i].code, "name", children[i].name,
			      "level", division_level_name(children[i].level));
		counts_into(c, &children[i].n);
		json_array_append_new(kids, c);
	}
	free(children);
	json_object_set_new_nocheck(o, "children", kids);
	json_object_set_new_nocheck(o, "missing_townships", mt);
	json_object_set_new_nocheck(o, "missing_villages",
				    json_pack("{s:I,s:o}", "count",
					      (json_int_t)(total.villages - total.villages_with),
					      "items", mv));
	*out = o;
	return 0;
}

/* ----------------------------------------------------- the missing lists */

/* The townships and villages without a working station of their tier,
 * after a code, in code order, and their number. */
static const char sql_missing_townships_page[] =
    "WITH RECURSIVE sub(code, name) AS (SELECT code, name FROM divisions WHERE code = ?"
    " UNION ALL SELECT d.code, d.name FROM sub JOIN divisions d ON d.parent_code = sub.code"
    " WHERE length(sub.code) < 9)"
    " SELECT code, name FROM sub WHERE length(code) = 9 AND code > ? AND NOT EXISTS (SELECT 1"
    " FROM stations s WHERE s.working = 1 AND s.tier = 'township'"
    " AND s.division_code = sub.code) ORDER BY code LIMIT ?";
static const char sql_missing_townships_count[] =
    "WITH RECURSIVE sub(code) AS (SELECT code FROM divisions WHERE code = ?"
    " UNION ALL SELECT d.code FROM sub JOIN divisions d ON d.parent_code = sub.code"
    " WHERE length(sub.code) < 9)"
    " SELECT COUNT(*) FROM sub WHERE length(code) = 9 AND NOT EXISTS (SELECT 1"
    " FROM stations s WHERE s.working = 1 AND s.tier = 'township'"
    " AND s.division_code = sub.code)";
static const char sql_missing_villages_page[] =
    "SELECT d.code, d.name FROM divisions d WHERE d.code > ? AND d.code >= ? AND d.code < ? || 'A'"
    " AND d.level = 4 AND NOT EXISTS (SELECT 1 FROM stations s WHERE s.working = 1"
    " AND s.tier = 'village' AND s.division_code = d.code) ORDER BY d.code LIMIT ?";
static const char sql_missing_villages_count[] =
    "SELECT COUNT(*) FROM divisions d WHERE d.code >= ? AND d.code < ? || 'A'"
    " AND d.level = 4 AND NOT EXISTS (SELECT 1 FROM stations s WHERE s.working = 1"
    " AND s.tier = 'village' AND s.division_code = d.code)";

int coverage_missing(sg_ctx *ctx, const char *code, const char *tier, const char *cursor, int limit,
		     bool export, json_t **out)
{
	struct reading rd;
	bool visible = false, villages;
	int64_t total = 0, max = export ? COVERAGE_EXPORT_MAX : limit;
	json_t *items;
	db_stmt *s;
	int rc;

	*out = NULL;
	if ((rc = check_division_code(ctx, "code", code)))
		return rc;
	if (!tier || (strcmp(tier, "township") != 0 && strcmp(tier, "village") != 0))
		return sg_err_set(&ctx->err, SG_EINVAL, "tier", "R-NET-3",
				  "tier 应为 township（乡镇）或 village（村、社区）",
				  "tier must be township or village");
	if (cursor && (rc = check_division_code(ctx, "cursor", cursor)))
		return rc;
	assert(export || (limit > 0 && limit <= PAGE_MAX));
	villages = strcmp(tier, "village") == 0;
	items = json_array();
	if (!(rc = read_open(&rd, ctx)))
		rc = division_in_scope(ctx, code, &visible);
	if (!rc && !visible)
		rc = no_division(ctx);
	if (!rc)
		rc = villages
			 ? db_one_int(ctx->db, &total, sql_missing_villages_count, "tt", code, code)
			 : db_one_int(ctx->db, &total, sql_missing_townships_count, "t", code);
	if (!rc)
		rc = villages ? db_query(ctx->db, &s, sql_missing_villages_page, "ttti",
					 cursor ? cursor : "", code, code, max + 1)
			      : db_query(ctx->db, &s, sql_missing_townships_page, "tti", code,
					 cursor ? cursor : "", max + 1);
	int64_t n = 0;
	const char *last = NULL;
	bool more = false;
	if (rc)
		goto read;
	while ((rc = db_step(s)) == DB_ROW) {
		if (n == max) {
			more = true;
			db_reset(s);
			break;
		}
		last = arena_strdup(ctx->arena, db_text(s, 0));
		json_array_append_new(
		    items, json_pack("{s:s,s:s}", "code", db_text(s, 0), "name", db_text(s, 1)));
		n++;
	}
read:
	if (rc == DB_DONE || rc == DB_ROW)
		rc = 0;
	rc = read_close(&rd, rc, "读取覆盖情况失败", "cannot read the coverage");
	if (!rc && export) {
		json_t *what = json_pack("{s:s,s:s,s:I}", "division", code, "tier", tier, "count",
					 (json_int_t)n);
		rc = audit_append(ctx, "coverage.export", "division", code, NULL, what, AUDIT_OK);
		json_decref(what);
		if (rc && ctx->err.code != rc)
			sg_err_set(&ctx->err, rc, NULL, NULL, "导出失败", "the export failed");
	}
	if (rc) {
		json_decref(items);
		return rc;
	}
	*out =
	    json_pack("{s:o,s:o,s:I}", "items", items, "next_cursor",
		      more && last ? json_string(last) : json_null(), "total", (json_int_t)total);
	return 0;
}
