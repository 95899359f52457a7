/*
 * award.c — awards, their public notice and objections (award.h).
 *
 * Locking: a write on an award takes the project's row, then the
 * tender's (domain/tender.c), then reads the award under them.
 */
#include "domain/award.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/pii.h"
#include "base/utf8.h"
#include "domain/calendar.h"
#include "domain/check.h"
#include "domain/contract.h"
#include "domain/print.h"
#include "domain/project.h"
#include "domain/purchase_rule.h"
#include "domain/role.h"
#include "domain/row.h"
#include "domain/tender.h"
#include "domain/write.h"
#include "domain/scope.h"

static const char sql_ref[] =
    "SELECT a.id, a.tender_id, t.project_id, a.bid_id, b.org_id, b.price, a.status,"
    " a.notice_end, a.awarded_at,"
    " (SELECT COUNT(*) FROM objections x WHERE x.award_id = a.id AND x.status = 'pending')"
    " FROM awards a JOIN tenders t ON t.id = a.tender_id JOIN projects p ON p.id = t.project_id"
    " JOIN bids b ON b.id = a.bid_id WHERE a.id = ? AND " SCOPE_DIVISION("p.division_code");

int award_ref_managed(sg_ctx *ctx, int64_t id, struct award_ref *out)
{
	db_stmt *s;
	char today[11];
	int rc = scope_query(ctx, &s, sql_ref, "i", id);

	memset(out, 0, sizeof *out);
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc
			      : sg_err_set(&ctx->err, SG_ENOTFOUND, "award_id", NULL,
					   "中标（成交）结果不存在", "no such award");
	out->id = db_int(s, 0);
	out->tender_id = db_int(s, 1);
	out->project_id = db_int(s, 2);
	out->bid_id = db_int(s, 3);
	out->provider_id = db_int(s, 4);
	out->price = db_int(s, 5);
	snprintf(out->status, sizeof out->status, "%s", db_text(s, 6));
	snprintf(out->notice_end, sizeof out->notice_end, "%s", db_text(s, 7));
	out->awarded_at = db_int(s, 8);
	out->objections_pending = db_int(s, 9);
	db_reset(s);
	/* The notice ends at the end of its last working day, China time. */
	clock_cst_date(ctx->now, today);
	out->final = strcmp(out->status, "withdrawn") != 0 && strcmp(today, out->notice_end) > 0 &&
		     out->objections_pending == 0;
	return 0;
}

static const struct enum_value award_status_values[] = {
    {"in_notice", "公示中", "in public notice"},
    {"final", "公示期满", "final"},
    {"withdrawn", "已撤销", "withdrawn"},
};
const struct enum_def award_statuses = ENUM_DEF("award.status", award_status_values);

static const struct enum_value objection_status_values[] = {
    {"pending", "待答复", "awaiting a reply"},
    {"upheld", "异议成立", "upheld"},
    {"rejected", "异议不成立", "rejected"},
};
const struct enum_def objection_statuses = ENUM_DEF("objection.status", objection_status_values);

static const struct enum_value audit_values[] = {
    {"award.make", "确定中标（成交）供应商并公示", "make an award"},
    {"objection.lodge", "提出异议", "lodge an objection"},
    {"objection.reply", "答复异议", "reply to an objection"},
    {"objection.unmask", "查看异议人联系方式", "reveal an objector's contact"},
};
const struct enum_def award_audit_actions = ENUM_DEF("audit.action", audit_values);

enum {
	REASON_MIN = 2,
	REASON_MAX = 500,
	REPLY_MAX = 2000,
	NAME_MIN = 2,
	NAME_MAX = 50,
	CONTENT_MIN = 10,
	CONTENT_MAX = 5000,
	CONTACT_MAX = 100,
	/* objections an address may lodge in an hour */
	OBJECTIONS_PER_HOUR = 5,
	HOUR_MS = 3600000,
};
#define CONTACT_AAD "objections.contact_enc"

#define AWARD_COLUMNS(X)                                                                           \
	X(AW_ID, "a.id", "id", COL_INT, DC_PUBLIC)                                                 \
	X(AW_BID_ID, "a.bid_id", "bid_id", COL_INT, DC_PUBLIC)                                     \
	X(AW_ORG_ID, "b.org_id", NULL, COL_HIDDEN, DC_PUBLIC)                                      \
	X(AW_ORG_NAME, "o.name", NULL, COL_HIDDEN, DC_PUBLIC)                                      \
	X(AW_PRICE, "b.price", "price", COL_INT, DC_PUBLIC)                                        \
	X(AW_RANK, "b.rank", "rank", COL_INT, DC_PUBLIC)                                           \
	X(AW_REASON, "a.reason", "reason", COL_TEXT, DC_PUBLIC)                                    \
	X(AW_STATUS, "a.status", "status", COL_TEXT, DC_PUBLIC)                                    \
	X(AW_STATUS_REASON, "a.status_reason", "status_reason", COL_TEXT, DC_PUBLIC)               \
	X(AW_AWARDED_AT, "a.awarded_at", "awarded_at", COL_TIME, DC_PUBLIC)                        \
	X(AW_NOTICE_START, "a.notice_start", "notice_start", COL_TEXT, DC_PUBLIC)                  \
	X(AW_NOTICE_END, "a.notice_end", "notice_end", COL_TEXT, DC_PUBLIC)
enum { AW__FIRST, AWARD_COLUMNS(COLUMN_ENUM) AW__MAX };
static const struct col_table award_table = COLUMNS_TABLE("award", AWARD_COLUMNS, AW__MAX);

/* The name is personal (masked in the list), the contact sensitive (kept
 * encrypted; its mask is stored beside it). */
#define OBJECTION_COLUMNS(X)                                                                       \
	X(OB_ID, "x.id", "id", COL_INT, DC_INTERNAL)                                               \
	X(OB_NAME, "x.name", "name", COL_MASKED_NAME, DC_PERSONAL)                                 \
	X(OB_CONTACT, "x.contact_mask", "contact", COL_TEXT, DC_INTERNAL)                          \
	X(OB_CONTENT, "x.content", "content", COL_TEXT, DC_INTERNAL)                               \
	X(OB_LODGED_AT, "x.lodged_at", "lodged_at", COL_TIME, DC_INTERNAL)                         \
	X(OB_STATUS, "x.status", "status", COL_TEXT, DC_INTERNAL)                                  \
	X(OB_REPLY, "x.reply", "reply", COL_TEXT, DC_INTERNAL)                                     \
	X(OB_REPLIED_AT, "x.replied_at", "replied_at", COL_TIME, DC_INTERNAL)
enum { OB__FIRST, OBJECTION_COLUMNS(COLUMN_ENUM) OB__MAX };
static const struct col_table objection_table =
    COLUMNS_TABLE("objection", OBJECTION_COLUMNS, OB__MAX);

static const char sql_awards[] =
    "SELECT " COLUMNS_SELECT(AWARD_COLUMNS) " FROM awards a JOIN bids b ON b.id = a.bid_id"
					    " JOIN orgs o ON o.id = b.org_id"
					    " WHERE a.tender_id = ? ORDER BY a.id DESC";
static const char sql_objections[] = "SELECT " COLUMNS_SELECT(
    OBJECTION_COLUMNS) " FROM objections x WHERE x.award_id = ? ORDER BY x.id";

static json_t *objection_json(db_stmt *s)
{
	return row_object(s, &objection_table, 0);
}

int award_list_of(sg_ctx *ctx, int64_t tender_id, bool purchaser, json_t **out)
{
	db_stmt *s;
	char today[11];
	json_t *list = json_array();
	int rc = db_query(ctx->db, &s, sql_awards, "i", tender_id);

	clock_cst_date(ctx->now, today);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
		json_t *o = row_object(s, &award_table, 0);
		json_object_set_new_nocheck(o, "org",
					    json_pack("{s:I,s:s}", "id",
						      (json_int_t)db_int(s, AW_ORG_ID), "name",
						      db_text(s, AW_ORG_NAME)));
		json_object_set_new_nocheck(
		    o, "notice_running",
		    json_boolean(strcmp(db_text(s, AW_STATUS), "in_notice") == 0 &&
				 strcmp(today, db_text(s, AW_NOTICE_END)) <= 0));
		json_array_append_new(list, o);
	}
	/* Objections, and finality, once the awards' statement is done. */
	size_t i;
	json_t *o;
	json_array_foreach(list, i, o)
	{
		int64_t id = json_integer_value(json_object_get(o, "id"));
		int64_t pending = 0;
		static const char sql_pending[] =
		    "SELECT COUNT(*) FROM objections WHERE award_id = ? AND status = 'pending'";
		if (rc < 0 || (rc = db_one_int(ctx->db, &pending, sql_pending, "i", id)))
			break;
		json_object_set_new_nocheck(o, "objections_pending", json_integer(pending));
		json_object_set_new_nocheck(
		    o, "final",
		    json_boolean(
			strcmp(json_string_value(json_object_get(o, "status")), "withdrawn") != 0 &&
			!json_is_true(json_object_get(o, "notice_running")) && !pending));
		if (purchaser && (rc = row_list_set(ctx->db, o, "objections", sql_objections, id,
						    objection_json)))
			break;
	}
	if (rc < 0) {
		json_decref(list);
		*out = NULL;
		return rc;
	}
	*out = list;
	return 0;
}

/* --------------------------------------------------------------- awards */

static int lock_tender(sg_ctx *ctx, int64_t tender_id)
{
	struct tender_ref t;
	int rc = tender_ref_managed(ctx, tender_id, &t);
	if (!rc)
		rc = project_lock(ctx, t.project_id);
	if (!rc)
		rc = tender_lock(ctx, tender_id);
	return rc;
}

static const struct write_spec award_write = {
    .table = &award_table,
    .fail_zh = "保存中标（成交）结果失败",
    .fail_en = "the award could not be saved",
};

static const char sql_live[] =
    "SELECT COUNT(*) FROM awards WHERE tender_id = ? AND status <> 'withdrawn'";
static const char sql_bid_rank[] =
    "SELECT rank FROM bids WHERE id = ? AND tender_id = ? AND status = 'valid'";
static const char sql_insert[] =
    "INSERT INTO awards (tender_id, bid_id, reason, awarded_at, notice_start, notice_end,"
    " awarded_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

int award_make(sg_ctx *ctx, int64_t tender_id, int64_t bid_id, const char *reason, json_t **out)
{
	struct tender_ref t;
	struct purchase_rule r;
	struct write w;
	int64_t live = 0, rank = 0, org_id = 0, price = 0, id = 0;
	char today[11], end[11];
	int rc = perm_require(ctx, PERM_TENDER_EDIT);

	*out = NULL;
	if (rc)
		return rc;
	rc = write_open_new(&w, ctx, &award_write, "award.make");
	if (!rc)
		rc = tender_ref_managed(ctx, tender_id, &t);
	if (!rc)
		rc = lock_tender(ctx, tender_id);
	if (!rc && strcmp(t.status, "scored") != 0)
		rc = sg_err_setf(&ctx->err, SG_ECONFLICT, "status", "R-PROC-2",
				 "采购项目处于“%s”%.0s状态，评审后方可定标",
				 "%.0sthe tender is %s: the award follows the scoring",
				 enum_zh(&tender_statuses, t.status),
				 enum_en(&tender_statuses, t.status));
	if (!rc && !(rc = db_one_int(ctx->db, &live, sql_live, "i", t.id)) && live)
		rc = sg_err_set(&ctx->err, SG_ECONFLICT, "status", "R-PROC-2",
				"已有中标（成交）结果", "an award is in force");
	/* The first ranked, unless the purchaser names another with why. */
	if (!rc && bid_id == 0) {
		if ((rc = tender_ranked(ctx, t.id, 1, &bid_id, &org_id, &price)) == SG_ENOTFOUND)
			rc = sg_err_set(&ctx->err, SG_ECONFLICT, "bid_id", "R-PROC-2",
					"没有排名第一的有效投标", "no valid bid is ranked first");
	}
	if (!rc &&
	    (rc = db_one_int(ctx->db, &rank, sql_bid_rank, "ii", bid_id, t.id)) == SG_ENOTFOUND)
		rc = sg_err_set(&ctx->err, SG_EINVAL, "bid_id", "R-PROC-2",
				"应选择本项目经评审排名的有效投标",
				"the award goes to a valid, ranked bid of the tender");
	size_t n = reason ? utf8_count(reason, strlen(reason)) : 0;
	if (!rc && rank != 1 && (utf8_blank(reason) || n < REASON_MIN || n > REASON_MAX))
		rc = sg_err_setf(&ctx->err, SG_EINVAL, "reason", "R-PROC-2",
				 "未按排名第一确定中标（成交）供应商，须说明理由（%d 至 %d 字）",
				 "an award to other than the first ranked needs a reason (%d to %d "
				 "characters)",
				 REASON_MIN, REASON_MAX);
	/* The notice: N working days after today, by the calendar of the
	 * project's region (a year not imported refuses the award rather
	 * than count a wrong end). */
	clock_cst_date(ctx->now, today);
	if (!rc)
		rc = purchase_rule_get(ctx, "notice.working_days", t.division_code, t.year, &r);
	if (!rc)
		rc = calendar_add_workdays(ctx, t.division_code, today, (int)r.value, end);
	if (!rc)
		rc = db_one_int(ctx->db, &id, sql_insert, "iitittii", t.id, bid_id,
				rank == 1 ? NULL : reason, ctx->now, today, end, ctx->actor.user_id,
				ctx->now);
	if (!rc)
		rc = tender_move(ctx, t.id, "scored", "awarded");
	if (!rc) {
		write_created(&w, id);
		write_set_now(&w, json_pack("{s:I,s:I,s:I,s:s,s:s,s:s?}", "tender_id",
					    (json_int_t)t.id, "bid_id", (json_int_t)bid_id, "rank",
					    (json_int_t)rank, "notice_start", today, "notice_end",
					    end, "reason", rank == 1 ? NULL : reason));
	}
	rc = write_close(&w, rc, NULL);
	return rc ? rc : tender_get(ctx, tender_id, out);
}

/* ----------------------------------------------------------- objections */

static bool anonymous(const char *name)
{
	static const char *const names[] = {"匿名", "无名",	 "无名氏", "佚名",
					    "某某", "anonymous", "anon",   "none"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(name, names[i]) == 0)
			return true;
	return false;
}

/* A contact: a mobile (11 digits from 1), a landline (digits and '-',
 * 7 to 20), or an e-mail address. Its mask into out. */
static bool contact_ok(const char *c, char out[CONTACT_MAX + 8])
{
	size_t n = strlen(c), digits = 0, dashes = 0;
	const char *at = strchr(c, '@');
	for (size_t i = 0; i < n; i++) {
		if (c[i] >= '0' && c[i] <= '9')
			digits++;
		else if (c[i] == '-')
			dashes++;
	}
	if (!at && digits + dashes == n && digits >= 7 && n <= 20) {
		if (n == 11 && c[0] == '1' && !dashes) {
			pii_mask_phone(c, n, out);
		} else {
			snprintf(out, CONTACT_MAX + 8, "%.3s****%s", c, c + n - 2);
		}
		return true;
	}
	if (at && at > c && strchr(at, '.') && at[1] != '.' && c[n - 1] != '.' &&
	    !strchr(at + 1, '@') && !strpbrk(c, " \t<>\"'")) {
		snprintf(out, CONTACT_MAX + 8, "%.1s***%s", c, at);
		return true;
	}
	return false;
}

static const struct write_spec objection_write = {
    .table = &objection_table,
    .fail_zh = "提交异议失败",
    .fail_en = "the objection could not be lodged",
};

static const char sql_award_public[] = "SELECT status, notice_end FROM awards WHERE id = ?";
static const char sql_from_addr[] =
    "SELECT COUNT(*) FROM objections WHERE addr_hash = ? AND lodged_at > ?";
static const char sql_lodge[] =
    "INSERT INTO objections (award_id, name, contact_enc, contact_mask, addr_hash, content,"
    " lodged_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";

int objection_lodge(sg_ctx *ctx, int64_t award_id, const char *name, const char *contact,
		    const char *content, json_t **out)
{
	struct write w;
	char mask[CONTACT_MAX + 8], addr[PII_INDEX_HEX], today[11], status[16], end[11];
	unsigned char enc[CONTACT_MAX + PII_OVERHEAD];
	size_t enc_len = 0;
	int64_t n = 0, id = 0;
	db_stmt *s;
	int rc;

	*out = NULL;
	size_t nn = name ? utf8_count(name, strlen(name)) : 0;
	if (!name || utf8_blank(name) || nn < NAME_MIN || nn > NAME_MAX || anonymous(name))
		return sg_err_setf(&ctx->err, SG_EINVAL, "name", "R-PROC-3",
				   "异议应以实名提出：请填写真实姓名或单位名称（%d 至 %d 字）",
				   "an objection is lodged in a real name (%d to %d characters)",
				   NAME_MIN, NAME_MAX);
	if (!contact || strlen(contact) > CONTACT_MAX || !contact_ok(contact, mask))
		return sg_err_set(&ctx->err, SG_EINVAL, "contact", "R-PROC-3",
				  "请填写有效的联系电话或电子邮箱",
				  "a phone number or an e-mail address to reply to");
	size_t nc = content ? utf8_count(content, strlen(content)) : 0;
	if (!content || utf8_blank(content) || nc < CONTENT_MIN || nc > CONTENT_MAX)
		return sg_err_setf(&ctx->err, SG_EINVAL, "content", "R-PROC-3",
				   "请写明异议事项和理由（%d 至 %d 字）",
				   "state the objection and its grounds (%d to %d characters)",
				   CONTENT_MIN, CONTENT_MAX);
	const char *ip = ctx->actor.ip ? ctx->actor.ip : "";
	if (pii_blind_index("objection_addr", ip, strlen(ip), addr) ||
	    pii_encrypt(CONTACT_AAD, contact, strlen(contact), enc, &enc_len))
		return sg_err_set(&ctx->err, SG_EINTERNAL, NULL, "R-PII", "敏感数据加密失败",
				  "cannot encrypt sensitive data");
	rc = write_open_new(&w, ctx, &objection_write, "objection.lodge");
	if (!rc && !(rc = db_one_int(ctx->db, &n, sql_from_addr, "ti", addr, ctx->now - HOUR_MS)) &&
	    n >= OBJECTIONS_PER_HOUR) {
		rc = sg_err_set(&ctx->err, SG_ELOCKED, NULL, "R-PROC-3",
				"提交过于频繁，请一小时后再试",
				"too many objections: try again in an hour");
		ctx->err.retry_after = 3600;
	}
	bool found = false;
	if (!rc && !(rc = db_query(ctx->db, &s, sql_award_public, "i", award_id)) &&
	    (rc = db_step(s)) == DB_ROW) {
		snprintf(status, sizeof status, "%s", db_text(s, 0));
		snprintf(end, sizeof end, "%s", db_text(s, 1));
		db_reset(s);
		found = strcmp(status, "withdrawn") != 0;
		rc = 0;
	}
	if (rc >= 0 && !found)
		rc = sg_err_set(&ctx->err, SG_ENOTFOUND, "award_id", NULL,
				"公示中的中标（成交）结果不存在", "no such award in notice");
	clock_cst_date(ctx->now, today);
	if (!rc && (strcmp(status, "in_notice") != 0 || strcmp(today, end) > 0))
		rc = sg_err_setf(&ctx->err, SG_ECONFLICT, "award_id", "R-PROC-3",
				 "公示期已于 %s 结束，不再受理异议",
				 "the notice ended on %s: objections are closed", end);
	if (!rc)
		rc = db_one_int(ctx->db, &id, sql_lodge, "itbttti", award_id, name, enc, enc_len,
				mask, addr, content, ctx->now);
	if (!rc) {
		/* The trail names the objection, never who lodged it. */
		write_created(&w, id);
		write_set_now(&w, json_pack("{s:I}", "award_id", (json_int_t)award_id));
	}
	mem_wipe(enc, sizeof enc);
	if ((rc = write_close(&w, rc, NULL)))
		return rc;
	*out = json_pack("{s:I,s:I,s:s,s:s}", "id", (json_int_t)id, "award_id",
			 (json_int_t)award_id, "status", "pending", "notice_end", end);
	return 0;
}

static const char sql_objection[] =
    "SELECT x.id, x.award_id, x.status, a.tender_id, a.bid_id, a.status, b.rank"
    " FROM objections x JOIN awards a ON a.id = x.award_id JOIN bids b ON b.id = a.bid_id"
    " JOIN tenders t ON t.id = a.tender_id JOIN projects p ON p.id = t.project_id"
    " WHERE x.id = ? AND " SCOPE_DIVISION("p.division_code");

struct objection_ref {
	int64_t id, award_id, tender_id, bid_id, rank;
	char status[16], award_status[16];
};

static int objection_get(sg_ctx *ctx, int64_t id, struct objection_ref *o)
{
	db_stmt *s;
	int rc = scope_query(ctx, &s, sql_objection, "i", id);
	memset(o, 0, sizeof *o);
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc
			      : sg_err_set(&ctx->err, SG_ENOTFOUND, "id", NULL, "异议不存在",
					   "no such objection");
	o->id = db_int(s, 0);
	o->award_id = db_int(s, 1);
	snprintf(o->status, sizeof o->status, "%s", db_text(s, 2));
	o->tender_id = db_int(s, 3);
	o->bid_id = db_int(s, 4);
	snprintf(o->award_status, sizeof o->award_status, "%s", db_text(s, 5));
	o->rank = db_is_null(s, 6) ? 0 : db_int(s, 6);
	db_reset(s);
	return 0;
}

static const char sql_reply[] = "UPDATE objections SET status = ?, reply = ?, replied_by = ?,"
				" replied_at = ? WHERE id = ?";
static const char sql_withdraw[] = "UPDATE awards SET status = 'withdrawn', status_reason = ?,"
				   " updated_at = ? WHERE id = ?";
/* The withdrawn award's bid leaves the ranking; those below move up. */
static const char sql_drop_bid[] = "UPDATE bids SET status = 'invalid', status_reason = ?,"
				   " rank = NULL WHERE id = ?";
static const char sql_move_up[] =
    "UPDATE bids SET rank = rank - 1 WHERE tender_id = ? AND rank > ? AND status = 'valid'";

int objection_reply(sg_ctx *ctx, int64_t objection_id, const char *status, const char *reply,
		    json_t **out)
{
	struct objection_ref o;
	struct write w;
	int rc = perm_require(ctx, PERM_TENDER_EDIT);

	*out = NULL;
	if (rc || (rc = check_enum(ctx, "status", "R-PROC-3", status, &objection_statuses)))
		return rc;
	if (strcmp(status, "pending") == 0)
		return sg_err_set(&ctx->err, SG_EINVAL, "status", "R-PROC-3",
				  "答复应认定异议成立或不成立", "a reply upholds or rejects");
	size_t n = reply ? utf8_count(reply, strlen(reply)) : 0;
	if (!reply || utf8_blank(reply) || n < REASON_MIN || n > REPLY_MAX)
		return sg_err_setf(&ctx->err, SG_EINVAL, "reply", "R-PROC-3",
				   "请填写答复意见（%d 至 %d 字）",
				   "a reply of %d to %d characters", REASON_MIN, REPLY_MAX);
	rc = write_open_new(&w, ctx, &objection_write, "objection.reply");
	if (!rc)
		rc = objection_get(ctx, objection_id, &o);
	if (!rc)
		rc = lock_tender(ctx, o.tender_id);
	if (!rc && strcmp(o.status, "pending") != 0)
		rc = sg_err_set(&ctx->err, SG_ECONFLICT, "status", "R-PROC-3", "该异议已答复",
				"the objection has its reply");
	if (!rc)
		rc = db_run(ctx->db, sql_reply, "ttiii", status, reply, ctx->actor.user_id,
			    ctx->now, objection_id);
	/* Upheld: the award is withdrawn and the tender is scored again. */
	bool withdraw = !rc && strcmp(status, "upheld") == 0 && strcmp(o.award_status, "withdrawn");
	if (withdraw && !(rc = db_run(ctx->db, sql_withdraw, "tii", reply, ctx->now, o.award_id)) &&
	    !(rc = db_run(ctx->db, sql_drop_bid, "ti", "异议成立，中标（成交）结果撤销",
			  o.bid_id)) &&
	    !(rc = db_run(ctx->db, sql_move_up, "ii", o.tender_id, o.rank)))
		rc = tender_move(ctx, o.tender_id, "awarded", "scored");
	if (!rc) {
		write_created(&w, objection_id);
		write_set_now(&w, json_pack("{s:I,s:s,s:b}", "award_id", (json_int_t)o.award_id,
					    "status", status, "award_withdrawn", withdraw));
	}
	rc = write_close(&w, rc, NULL);
	return rc ? rc : tender_get(ctx, o.tender_id, out);
}

int objection_contact(sg_ctx *ctx, int64_t objection_id, const char *reason, json_t **out)
{
	static const char sql_clear[] = "SELECT name, contact_enc FROM objections WHERE id = ?";
	struct objection_ref o;
	struct write w;
	json_t *clear = NULL;
	db_stmt *s;
	int rc = perm_require(ctx, PERM_TENDER_EDIT);

	*out = NULL;
	if (rc)
		return rc;
	size_t n = reason ? utf8_count(reason, strlen(reason)) : 0;
	if (!reason || utf8_blank(reason) || n < 2 || n > 200)
		return sg_err_set(&ctx->err, SG_EINVAL, "reason", "R-PII",
				  "请说明查看原因（2 至 200 字）",
				  "state the reason (2 to 200 characters)");
	rc = write_open_new(&w, ctx, &objection_write, "objection.unmask");
	if (!rc)
		rc = objection_get(ctx, objection_id, &o);
	if (!rc && !(rc = db_query(ctx->db, &s, sql_clear, "i", objection_id))) {
		if ((rc = db_step(s)) == DB_ROW) {
			char plain[CONTACT_MAX + 1];
			size_t len = 0, plen = 0;
			const unsigned char *enc = db_blob(s, 1, &len);
			if (len <= CONTACT_MAX + PII_OVERHEAD &&
			    pii_decrypt(CONTACT_AAD, enc, len, plain, &plen) == 0) {
				clear = json_pack("{s:I,s:s,s:s}", "id", (json_int_t)objection_id,
						  "name", db_text(s, 0), "contact", plain);
				rc = 0;
			} else {
				rc = sg_err_set(&ctx->err, SG_EINTERNAL, NULL, "R-PII",
						"敏感数据无法解密",
						"sensitive data cannot be decrypted");
			}
			mem_wipe(plain, sizeof plain);
			db_reset(s);
		} else if (rc == DB_DONE) {
			rc = SG_EINTERNAL;
		}
	}
	if (!rc) {
		/* The entry names the fields seen and why, never their values. */
		write_created(&w, objection_id);
		write_set_now(
		    &w, json_pack("{s:s,s:[s,s]}", "reason", reason, "fields", "name", "contact"));
	}
	if ((rc = write_close(&w, rc, NULL))) {
		json_decref(clear);
		return rc;
	}
	*out = clear;
	return 0;
}

/* ---------------------------------------------------------------- print */

static const char sql_notice[] =
    "SELECT p.code, p.name, o.name, t.method, t.title, t.requirements, t.standards,"
    " a.id, a.notice_start, a.notice_end, a.reason, bo.name, b.price, b.total_score,"
    " p.division_code, p.year"
    " FROM awards a JOIN tenders t ON t.id = a.tender_id JOIN projects p ON p.id = t.project_id"
    " JOIN orgs o ON o.id = p.department_id JOIN bids b ON b.id = a.bid_id"
    " JOIN orgs bo ON bo.id = b.org_id"
    " WHERE a.tender_id = ? AND a.status <> 'withdrawn' AND " SCOPE_DIVISION("p.division_code");
static const char sql_notice_panel[] =
    "SELECT name, affiliation FROM panel_members WHERE tender_id = ? ORDER BY id";

int award_notice_print(sg_ctx *ctx, int64_t tender_id, char **out, size_t *len)
{
	struct reading rd;
	struct purchase_rule r;
	char capital[256], code[40], method[32], start[11], end[11], division[13];
	db_stmt *s;
	sg_buf b;
	int year = 0;
	int64_t award_id = 0, price = 0, score = 0;
	int rc = read_open(&rd, ctx);

	*out = NULL;
	*len = 0;
	buf_init(&b, PRINT_MAX);
	if (!rc && !(rc = scope_query(ctx, &s, sql_notice, "i", tender_id)) &&
	    (rc = db_step(s)) != DB_ROW)
		rc = rc < 0 ? rc
			    : sg_err_set(&ctx->err, SG_ENOTFOUND, "id", NULL,
					 "该采购项目没有有效的中标（成交）结果",
					 "the tender has no award in force");
	if (rc == DB_ROW) {
		/* The award's row, rendered as it is read. */
#define PUT(x)	(rc = rc ? rc : buf_puts(&b, x))
#define ESC(x)	(rc = rc ? rc : print_escaped(&b, x, false))
#define TEXT(x) (rc = rc ? rc : print_escaped(&b, x, true))
		snprintf(code, sizeof code, "%s", db_text(s, 0));
		snprintf(method, sizeof method, "%s", db_text(s, 3));
		award_id = db_int(s, 7);
		snprintf(start, sizeof start, "%s", db_text(s, 8));
		snprintf(end, sizeof end, "%s", db_text(s, 9));
		price = db_int(s, 12);
		score = db_is_null(s, 13) ? -1 : db_int(s, 13);
		snprintf(division, sizeof division, "%s", db_text(s, 14));
		year = (int)db_int(s, 15);
		rc = print_begin(&b, arena_printf(ctx->arena, "中标（成交）结果公告 %s", code));
		PUT("<h1>中标（成交）结果公告</h1>\n<h2>一、项目编号和名称</h2>\n<p>");
		ESC(code);
		PUT("　");
		ESC(db_text(s, 1));
		PUT("</p>\n<h2>二、采购方式</h2>\n<p>");
		ESC(enum_zh(&tender_methods, method));
		PUT("</p>\n<h2>三、中标（成交）信息</h2>\n<p>供应商名称：");
		ESC(db_text(s, 11));
		PUT("</p>\n<p>中标（成交）金额：人民币 ");
		PUT(print_yuan(ctx, price));
		PUT(" 元（大写：");
		if (!rc && !(rc = contract_amount_capital(price, capital, sizeof capital)))
			ESC(capital);
		PUT("）</p>\n");
		if (score >= 0)
			PUT(arena_printf(ctx->arena, "<p>评审得分：%lld.%02lld 分</p>\n",
					 (long long)(score / 100), (long long)(score % 100)));
		if (!db_is_null(s, 10)) {
			PUT("<p>未确定排名第一的供应商的理由：");
			ESC(db_text(s, 10));
			PUT("</p>\n");
		}
		PUT("<h2>四、主要标的信息</h2>\n<p>");
		ESC(db_text(s, 4));
		PUT("</p>\n<p>服务需求：");
		TEXT(db_text(s, 5));
		PUT("</p>\n<p>服务标准：");
		TEXT(db_text(s, 6));
		PUT("</p>\n");
		const char *department = arena_strdup(ctx->arena, db_text(s, 2));
		db_reset(s);
		PUT("<h2>五、评审小组成员名单</h2>\n<p>");
		int n = 0;
		if (!rc)
			rc = db_query(ctx->db, &s, sql_notice_panel, "i", tender_id);
		while (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
			rc = 0;
			PUT(n++ ? "、" : "");
			ESC(db_text(s, 0));
			if (db_text(s, 1) && *db_text(s, 1)) {
				PUT("（");
				ESC(db_text(s, 1));
				PUT("）");
			}
		}
		if (rc == DB_DONE)
			rc = 0;
		PUT(n ? "</p>\n" : "—</p>\n");
		if (!rc)
			rc = purchase_rule_get(ctx, "notice.working_days", division, year, &r);
		PUT("<h2>六、公告期限</h2>\n<p>自");
		PUT(print_date_zh(ctx, start));
		PUT("起至");
		PUT(print_date_zh(ctx, end));
		PUT(arena_printf(ctx->arena, "止（%lld 个工作日）。</p>\n", (long long)r.value));
		PUT("<h2>七、提出异议</h2>\n<p>对本结果有异议的，请于公告期限内以书面形式实名提出，"
		    "并留下联系电话或电子邮箱，逾期不予受理。网上提交：/public/objection?award=");
		PUT(arena_printf(ctx->arena, "%lld", (long long)award_id));
		PUT("</p>\n<div class=\"issuer\"><p>");
		ESC(department);
		PUT("</p><p>");
		PUT(print_date_zh(ctx, start));
		PUT("</p></div>\n");
		rc = rc ? rc : print_end(&b);
#undef PUT
#undef ESC
#undef TEXT
	}
	rc = read_close(&rd, rc, "生成结果公告失败", "the award notice could not be printed");
	if (rc) {
		buf_free(&b);
		return rc;
	}
	*out = b.p;
	*len = b.len;
	return 0;
}
