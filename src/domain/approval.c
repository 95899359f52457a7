/*
 * approval.c — the record of maker–checker approvals and the checker's
 * inbox (approval.h).
 */
#include "domain/approval.h"

#include <string.h>

#include "domain/check.h"
#include "domain/page.h"
#include "domain/role.h"
#include "domain/row.h"
#include "domain/scope.h"
#include "domain/write.h"

static const struct enum_value kind_values[] = {
    {"project", "项目审批", "project approval"},
    {"contract", "合同签订", "contract signing"},
    {"amendment", "合同变更", "contract amendment"},
    {"evaluation", "评估结果确认", "evaluation result"},
};
const struct enum_def approval_kinds = ENUM_DEF("approval.kind", kind_values);
static const struct enum_value status_values[] = {
    {"pending", "待复核", "pending"},
    {"approved", "已通过", "approved"},
    {"returned", "已退回", "returned"},
    {"withdrawn", "已撤回", "withdrawn"},
};
const struct enum_def approval_statuses = ENUM_DEF("approval.status", status_values);

/* The permission that checks each kind, in kind_values' order. Kinds whose
 * module is not built yet have none (PERM_NONE: no one checks them). */
static enum perm checker_perm(const char *kind)
{
	if (strcmp(kind, "project") == 0)
		return PERM_PROJECT_APPROVE;
	if (strcmp(kind, "contract") == 0 || strcmp(kind, "amendment") == 0)
		return PERM_CONTRACT_SIGN;
	return PERM_NONE;
}

static const char sql_insert[] =
    "INSERT INTO approvals (kind, object_id, project_id, division_code, maker_id, made_at)"
    " VALUES (?, ?, ?, ?, ?, ?)";
static const char sql_pending[] =
    "SELECT id, maker_id FROM approvals WHERE kind = ? AND object_id = ? AND status = 'pending'";
static const char sql_decide[] =
    "UPDATE approvals SET status = ?, checker_id = ?, decided_at = ?, reason = ?"
    " WHERE kind = ? AND object_id = ? AND status = 'pending'";

#define APPROVAL_SELECT                                                                            \
	"SELECT a.id, a.kind, a.object_id, a.status, a.maker_id, um.display_name, a.made_at,"      \
	" a.checker_id, uc.display_name, a.decided_at, a.reason, p.id, p.code, p.name"             \
	" FROM approvals a JOIN projects p ON p.id = a.project_id"                                 \
	" LEFT JOIN users um ON um.id = a.maker_id LEFT JOIN users uc ON uc.id = a.checker_id"
static const char sql_history[] =
    APPROVAL_SELECT " WHERE a.kind = ? AND a.object_id = ? ORDER BY a.id";
/* The inbox: the kinds the actor checks are bound as flags. */
#define INBOX_WHERE                                                                                \
	" WHERE a.status = ? AND (? IS NULL OR a.kind = ?)"                                        \
	" AND ((a.kind = 'project' AND ? = 1) OR (a.kind = 'contract' AND ? = 1)"                  \
	" OR (a.kind = 'amendment' AND ? = 1) OR (a.kind = 'evaluation' AND ? = 1))"               \
	" AND (CASE WHEN ? = 1 THEN a.maker_id = :actor_uid"                                       \
	" ELSE (a.status <> 'pending' OR a.maker_id <> :actor_uid) END)"                           \
	" AND " SCOPE_DIVISION("a.division_code")
static const char sql_inbox[] = APPROVAL_SELECT INBOX_WHERE " AND a.id > ? ORDER BY a.id LIMIT ?";
static const char sql_inbox_count[] = "SELECT COUNT(*) FROM approvals a" INBOX_WHERE;

int approval_request(sg_ctx *ctx, const char *kind, int64_t object_id, int64_t project_id,
		     const char *division)
{
	int rc = db_run(ctx->db, sql_insert, "tiitii", kind, object_id, project_id, division,
			ctx->actor.user_id, ctx->now);
	if (rc == SG_ECONFLICT)
		return sg_err_set(&ctx->err, SG_ECONFLICT, "", "R-FLOW-1", "已有待复核的申请",
				  "an approval is already pending");
	return rc;
}

int approval_check(sg_ctx *ctx, const char *kind, int64_t object_id)
{
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_pending, "ti", kind, object_id);
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc
			      : sg_err_set(&ctx->err, SG_ECONFLICT, "", "R-FLOW-1",
					   "没有待复核的申请", "nothing is pending approval");
	int64_t maker = db_int(s, 1);
	db_reset(s);
	if (maker == ctx->actor.user_id)
		return sg_err_set(&ctx->err, SG_EFORBIDDEN, "checker", "R-FLOW-1",
				  "经办人不能复核自己提交的事项，须由另一位有权限的人员复核",
				  "the maker cannot check their own submission: another person "
				  "holding the permission must");
	return 0;
}

int approval_decide(sg_ctx *ctx, const char *kind, int64_t object_id, const char *status,
		    const char *reason)
{
	return db_run(ctx->db, sql_decide, "tiitti", status, ctx->actor.user_id, ctx->now, reason,
		      kind, object_id);
}

int approval_withdraw(sg_ctx *ctx, const char *kind, int64_t object_id, const char *reason)
{
	return db_run(ctx->db, sql_decide, "tiitti", "withdrawn", ctx->actor.user_id, ctx->now,
		      reason, kind, object_id);
}

static json_t *person(db_stmt *s, int id_col, int name_col)
{
	if (db_is_null(s, id_col))
		return json_null();
	return json_pack("{s:I,s:s?}", "id", (json_int_t)db_int(s, id_col), "name",
			 db_text(s, name_col));
}

static json_t *render(db_stmt *s)
{
	json_t *o = json_pack(
	    "{s:I,s:s,s:I,s:s,s:o,s:o,s:o,s:o,s:o,s:{s:I,s:s,s:s}}", "id", (json_int_t)db_int(s, 0),
	    "kind", db_text(s, 1), "object_id", (json_int_t)db_int(s, 2), "status", db_text(s, 3),
	    "maker", person(s, 4, 5), "made_at", row_time(s, 6), "checker", person(s, 7, 8),
	    "decided_at", row_time(s, 9), "reason", row_text(s, 10), "project", "id",
	    (json_int_t)db_int(s, 11), "code", db_text(s, 12), "name", db_text(s, 13));
	return o;
}

int approval_history(sg_ctx *ctx, const char *kind, int64_t object_id, json_t **out)
{
	db_stmt *s;
	json_t *a = json_array();
	int rc = db_query(ctx->db, &s, sql_history, "ti", kind, object_id);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		json_array_append_new(a, render(s));
	if (rc < 0) {
		json_decref(a);
		*out = NULL;
		return rc;
	}
	*out = a;
	return 0;
}

int approval_list(sg_ctx *ctx, const char *status, const char *kind, bool mine, int64_t cursor,
		  int limit, json_t **out)
{
	struct reading rd;
	int64_t total = 0, may[4];
	db_stmt *s;
	page pg;
	int rc = 0;

	*out = NULL;
	if (!status)
		status = "pending";
	if ((rc = check_enum(ctx, "status", "R-FLOW-1", status, &approval_statuses)) ||
	    (kind && (rc = check_enum(ctx, "kind", "R-FLOW-1", kind, &approval_kinds))))
		return rc;
	for (size_t i = 0; i < approval_kinds.n; i++) {
		enum perm p = checker_perm(approval_kinds.values[i].value);
		/* What one made is listed for them whatever they may check. */
		may[i] = mine || (p != PERM_NONE && perm_has(ctx, p));
	}
#define ARGS status, kind, kind, may[0], may[1], may[2], may[3], (int64_t)mine
	page_begin(&pg, limit);
	if (!(rc = read_open(&rd, ctx)) &&
	    !(rc = scope_one_int(ctx, &total, sql_inbox_count, "tttiiiii", ARGS)))
		rc =
		    scope_query(ctx, &s, sql_inbox, "tttiiiiiii", ARGS, cursor, (int64_t)limit + 1);
#undef ARGS
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		if (!page_add(&pg, db_int(s, 0), render(s))) {
			db_reset(s);
			rc = DB_DONE;
			break;
		}
	if (rc < 0) {
		page_abandon(&pg);
		return read_close(&rd, rc, "读取待办失败", "cannot read the approvals");
	}
	*out = page_finish(&pg);
	json_object_set_new_nocheck(*out, "total", json_integer(total));
	return read_close(&rd, 0, "读取待办失败", "cannot read the approvals");
}
