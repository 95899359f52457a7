/*
 * audit.c — appending to and verifying the audit chain.
 *
 * entry.hash = H(prev.hash ‖ canonical(entry)), hex, where canonical is
 * the compact JSON of the entry's fields with sorted keys, and H is SM3 or
 * SHA-256 as set once per database (settings.audit_digest). The id is part
 * of the canonical form and ids are consecutive, so reordering and deletion
 * break the chain; audit_head records the newest entry so that cutting off
 * the end is detected too.
 */
#include "domain/audit.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/crypto.h"
#include "base/jsonmem.h"
#include "base/log.h"
#include "domain/page.h"
#include "domain/row.h"

enum { HASH_HEX = 2 * DIGEST_LEN + 1 };

static const char sql_get_digest[] = "SELECT value FROM settings WHERE key = 'audit_digest'";
static const char sql_set_digest[] = "INSERT INTO settings (key, value) VALUES ('audit_digest', ?) "
				     "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
static const char sql_count[] = "SELECT COUNT(*) FROM audit_log";
static const char sql_head[] = "SELECT last_id, last_hash FROM audit_head WHERE one = 1";
static const char sql_insert[] =
    "INSERT INTO audit_log (id, at, actor_id, actor, ip, action, object_type, object_id,"
    " old_value, new_value, outcome, prev_hash, hash)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
/* Claiming the next id first takes the head's row lock, so concurrent
 * writers (several servers on one PostgreSQL) queue here and each sees the
 * hash its predecessor wrote. */
static const char sql_claim[] = "UPDATE audit_head SET last_id = last_id + 1 WHERE one = 1"
				" RETURNING last_id, last_hash";
static const char sql_set_head[] = "UPDATE audit_head SET last_hash = ? WHERE one = 1";
static const char sql_walk[] =
    "SELECT id, at, actor_id, actor, ip, action, object_type, object_id, old_value,"
    " new_value, outcome, prev_hash, hash FROM audit_log ORDER BY id";
static const char sql_list[] =
    "SELECT id, at, actor_id, actor, ip, action, object_type, object_id, old_value,"
    " new_value, outcome FROM audit_log"
    " WHERE (? = 0 OR id < ?) AND (? IS NULL OR action = ?) AND (? IS NULL OR actor = ?)"
    " AND at >= ? AND at < ? ORDER BY id DESC LIMIT ?";
static const char sql_actions[] =
    "SELECT action, COUNT(*) FROM audit_log GROUP BY action ORDER BY action";

static const struct enum_value object_values[] = {
    {"user", "账号", "account"},
    {"org", "组织机构", "organisation"},
    {"station", "社工站", "station"},
    {"social_worker", "社会工作者", "social worker"},
    {"catalog_item", "服务事项", "catalog item"},
    {"readiness_item", "建设标准条目", "readiness item"},
    {"eligibility_rule_set", "资格规则集", "eligibility rule set"},
    {"eligibility_rule", "资格规则", "eligibility rule"},
    {"division", "行政区划", "division"},
    {"calendar", "工作日历", "working-day calendar"},
    {"calendar_day", "节假日安排", "calendar day"},
    {"permission", "权限", "permission"},
    {"route", "接口", "endpoint"},
};
const struct enum_def audit_object_types = ENUM_DEF("audit.object_type", object_values);

enum { CST_OFFSET_MS = 8 * 3600 * 1000 };

/* The UTC epoch milliseconds of 00:00 China Standard Time on date
 * (YYYY-MM-DD), plus days. */
static int64_t cst_midnight(const char *date, int days)
{
	/* date is checked (clock_date_valid): digits where they belong */
	int y = (int)strtol(date, NULL, 10), m = (int)strtol(date + 5, NULL, 10);
	int d = (int)strtol(date + 8, NULL, 10);
	/* days from 1970-01-01 (Howard Hinnant's days_from_civil) */
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t day = era * 146097 + doe - 719468 + days;
	return day * 86400 * 1000 - CST_OFFSET_MS;
}

/* Keys whose values never enter the log (SECURITY.md "Audit"). */
static const char *const redacted_keys[] = {
    "password",	  "current_password", "new_password", "password_hash", "token",
    "csrf_token", "id_number",	      "phone",	      "mobile",	       "address",
    "birth_date", "health",	      "disability",   "diagnosis",
};

/* The chain's digest, from settings (SM3 when unset). Read on every use:
 * a process may open databases with different digests, and the statement
 * is cached. Returns 0 or a negative code. */
static int digest_of(db *d, enum digest_alg *out)
{
	db_stmt *s;
	int rc = db_query(d, &s, sql_get_digest, NULL);

	*out = DIGEST_SM3;
	if (!rc)
		rc = db_step(s);
	if (rc == DB_ROW) {
		int named = digest_from_name(db_text(s, 0));
		db_reset(s);
		if (named < 0)
			return SG_EINTERNAL;
		*out = (enum digest_alg)named;
		return 0;
	}
	return rc;
}

const char *audit_id(sg_ctx *ctx, int64_t id)
{
	return id ? arena_printf(ctx->arena, "%lld", (long long)id) : "";
}

int audit_set_digest(db *d, const char *name, sg_err *err)
{
	int64_t n = 0;
	if (digest_from_name(name) < 0)
		return sg_err_set(err, SG_EINVAL, "audit_digest", "R-AUD-1",
				  "摘要算法应为 sm3 或 sha256", "the digest must be sm3 or sha256");
	int rc = db_one_int(d, &n, sql_count, NULL);
	if (rc)
		return sg_err_set(err, rc, NULL, NULL, "无法读取审计日志",
				  "cannot read the audit log");
	if (n > 0)
		return sg_err_set(err, SG_ECONFLICT, "audit_digest", "R-AUD-1",
				  "审计日志已有记录，不能更换摘要算法",
				  "the audit log has entries: its digest cannot change");
	return db_run(d, sql_set_digest, "t", name);
}

static bool is_redacted(const char *key)
{
	for (size_t i = 0; i < sizeof redacted_keys / sizeof redacted_keys[0]; i++)
		if (strcmp(key, redacted_keys[i]) == 0)
			return true;
	return false;
}

/* A deep copy of v with secret values replaced, and personal ones: the
 * members of table's personal and sensitive columns (table NULL: none),
 * which describe v itself, not the objects nested in it. */
static json_t *redact(const json_t *v, const struct col_table *table)
{
	if (json_is_object(v)) {
		json_t *o = json_object();
		const char *k;
		json_t *x;
		json_object_foreach((json_t *)v, k, x)
		{
			bool hide =
			    is_redacted(k) || (table && row_class_of(table, k) >= DC_PERSONAL);
			json_object_set_new(o, k,
					    hide ? json_string("[redacted]") : redact(x, NULL));
		}
		return o;
	}
	if (json_is_array(v)) {
		json_t *a = json_array();
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x) json_array_append_new(a, redact(x, NULL));
		return a;
	}
	return json_deep_copy(v);
}

static char *dump_redacted(const json_t *v, const struct col_table *table)
{
	if (!v)
		return NULL;
	json_t *r = redact(v, table);
	char *s = json_dumps(r, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(r);
	return s;
}

struct entry {
	int64_t id, at, actor_id; /* actor_id 0 = none */
	const char *actor, *ip, *action, *object_type, *object_id;
	const char *old_value, *new_value, *outcome; /* may be NULL */
};

static int entry_hash(enum digest_alg alg, const char *prev, const struct entry *e,
		      char out[HASH_HEX])
{
	unsigned char md[DIGEST_LEN];
	json_t *o = json_pack(
	    "{s:I,s:I,s:o,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:s}", "id", (json_int_t)e->id, "at",
	    (json_int_t)e->at, "actor_id", e->actor_id ? json_integer(e->actor_id) : json_null(),
	    "actor", e->actor, "ip", e->ip, "action", e->action, "object_type", e->object_type,
	    "object_id", e->object_id, "old_value",
	    e->old_value ? json_string(e->old_value) : json_null(), "new_value",
	    e->new_value ? json_string(e->new_value) : json_null(), "outcome", e->outcome);
	if (!o)
		return SG_EINTERNAL;
	char *canon = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	if (!canon)
		return SG_EINTERNAL;
	int rc = crypto_digest2(alg, prev, strlen(prev), canon, strlen(canon), md);
	jsonmem_free(canon);
	if (!rc)
		hex_encode(md, DIGEST_LEN, out);
	return rc;
}

static int append(sg_ctx *ctx, const char *action, const char *object_type,
		  const struct col_table *table, const char *object_id, const json_t *old_value,
		  const json_t *new_value, const char *outcome)
{
	db *d = ctx->db;
	db_stmt *s = NULL;
	char prev[HASH_HEX] = "", hash[HASH_HEX];
	char *oldv = dump_redacted(old_value, table), *newv = dump_redacted(new_value, table);
	int64_t id = 0;
	enum digest_alg alg;
	int rc = db_begin(d);

	if (rc)
		goto cleanup;
	rc = digest_of(d, &alg);
	if (!rc)
		rc = db_query(d, &s, sql_claim, NULL);
	if (rc)
		goto rollback;
	rc = db_step(s);
	if (rc != DB_ROW) {
		rc = rc ? rc : SG_EINTERNAL;
		goto rollback;
	}
	id = db_int(s, 0);
	snprintf(prev, sizeof prev, "%s", db_text(s, 1) ? db_text(s, 1) : "");
	while ((rc = db_step(s)) == DB_ROW)
		;
	if (rc)
		goto rollback;

	struct entry e = {
	    .id = id,
	    .at = ctx->now ? ctx->now : clock_now_ms(),
	    .actor_id = ctx->actor.user_id,
	    .actor = ctx->actor.username ? ctx->actor.username : "-",
	    .ip = ctx->actor.ip ? ctx->actor.ip : "local",
	    .action = action,
	    .object_type = object_type,
	    .object_id = object_id ? object_id : "",
	    .old_value = oldv,
	    .new_value = newv,
	    .outcome = outcome,
	};
	rc = entry_hash(alg, prev, &e, hash);
	if (!rc)
		rc = db_run(d, sql_insert, "iiItttttttttt", e.id, e.at, e.actor_id, e.actor, e.ip,
			    e.action, e.object_type, e.object_id, e.old_value, e.new_value,
			    e.outcome, prev, hash);
	if (!rc)
		rc = db_run(d, sql_set_head, "t", hash);
	if (rc)
		goto rollback;
	rc = db_commit(d);
	goto cleanup;
rollback:
	db_rollback(d);
cleanup:
	jsonmem_free(oldv);
	jsonmem_free(newv);
	return rc;
}

int audit_verify(db *d, struct audit_verify_result *out)
{
	db_stmt *s;
	char prev[HASH_HEX] = "", hash[HASH_HEX];
	int64_t expect = 1, head_id = 0;
	enum digest_alg alg;
	int rc;

	memset(out, 0, sizeof *out);
	rc = digest_of(d, &alg);
	if (!rc)
		rc = db_query(d, &s, sql_walk, NULL);
	if (rc)
		return rc;
	while ((rc = db_step(s)) == DB_ROW) {
		struct entry e = {
		    .id = db_int(s, 0),
		    .at = db_int(s, 1),
		    .actor_id = db_is_null(s, 2) ? 0 : db_int(s, 2),
		    .actor = db_text(s, 3),
		    .ip = db_text(s, 4),
		    .action = db_text(s, 5),
		    .object_type = db_text(s, 6),
		    .object_id = db_text(s, 7),
		    .old_value = db_text(s, 8),
		    .new_value = db_text(s, 9),
		    .outcome = db_text(s, 10),
		};
		const char *stored_prev = db_text(s, 11), *stored = db_text(s, 12);
		out->count++;
		if (e.id != expect) {
			out->bad_id = e.id;
			snprintf(out->reason, sizeof out->reason,
				 "entries %lld to %lld are missing", (long long)expect,
				 (long long)e.id - 1);
		} else if (strcmp(stored_prev, prev) != 0) {
			out->bad_id = e.id;
			snprintf(out->reason, sizeof out->reason,
				 "its previous-hash does not match the entry before it");
		} else if (entry_hash(alg, prev, &e, hash) != 0 || strcmp(hash, stored) != 0) {
			out->bad_id = e.id;
			snprintf(out->reason, sizeof out->reason,
				 "its content does not match its hash (edited)");
		}
		if (out->bad_id) {
			db_reset(s);
			return 0;
		}
		snprintf(prev, sizeof prev, "%s", stored);
		expect++;
	}
	if (rc < 0)
		return rc;
	rc = db_query(d, &s, sql_head, NULL);
	if (rc)
		return rc;
	if (db_step(s) == DB_ROW) {
		head_id = db_int(s, 0);
		bool same = strcmp(db_text(s, 1), prev) == 0;
		db_reset(s);
		if (head_id != expect - 1 || !same) {
			out->bad_id = expect;
			snprintf(out->reason, sizeof out->reason,
				 "the log ends at entry %lld but its head records entry %lld",
				 (long long)expect - 1, (long long)head_id);
		}
	}
	return 0;
}

static json_t *parsed_or_null(const char *text)
{
	json_t *v = text ? json_loads(text, 0, NULL) : NULL;
	return v ? v : json_null();
}

int audit_list(sg_ctx *ctx, const struct audit_filter *f, int64_t cursor, int limit, json_t **out)
{
	db_stmt *s;
	page pg;
	int rc;

	*out = NULL;
	if ((f->from && !clock_date_valid(f->from)) || (f->to && !clock_date_valid(f->to)))
		return sg_err_set(&ctx->err, SG_EINVAL,
				  f->from && !clock_date_valid(f->from) ? "from" : "to", "R-AUD-1",
				  "日期应为 YYYY-MM-DD", "a date is YYYY-MM-DD");
	int64_t from = f->from ? cst_midnight(f->from, 0) : INT64_MIN;
	int64_t to = f->to ? cst_midnight(f->to, 1) : INT64_MAX;
	rc = db_query(ctx->db, &s, sql_list, "iittttiii", cursor, cursor, f->action, f->action,
		      f->actor, f->actor, from, to, (int64_t)limit + 1);
	page_begin(&pg, limit);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
		char at[32];
		clock_iso(db_int(s, 1), at);
		json_t *item =
		    json_pack("{s:I,s:s,s:o,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:s}", "id",
			      (json_int_t)db_int(s, 0), "at", at, "actor_id",
			      db_is_null(s, 2) ? json_null() : json_integer(db_int(s, 2)), "actor",
			      db_text(s, 3), "ip", db_text(s, 4), "action", db_text(s, 5),
			      "object_type", db_text(s, 6), "object_id", db_text(s, 7), "old_value",
			      parsed_or_null(db_text(s, 8)), "new_value",
			      parsed_or_null(db_text(s, 9)), "outcome", db_text(s, 10));
		if (!page_add(&pg, db_int(s, 0), item)) {
			db_reset(s);
			rc = DB_DONE;
			break;
		}
	}
	if (rc < 0) {
		page_abandon(&pg);
		return sg_err_set(&ctx->err, rc, NULL, NULL, "无法读取审计日志",
				  "cannot read the audit log");
	}
	*out = page_finish(&pg);
	return 0;
}

int audit_actions(sg_ctx *ctx, json_t **out)
{
	json_t *items = json_array();
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_actions, NULL);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		json_array_append_new(items, json_pack("{s:s,s:I}", "action", db_text(s, 0),
						       "count", (json_int_t)db_int(s, 1)));
	if (rc < 0) {
		json_decref(items);
		*out = NULL;
		return sg_err_set(&ctx->err, rc, NULL, NULL, "无法读取审计日志",
				  "cannot read the audit log");
	}
	*out = json_pack("{s:o}", "items", items);
	return 0;
}

int audit_append(sg_ctx *ctx, const char *action, const char *object_type, const char *object_id,
		 const json_t *old_value, const json_t *new_value, const char *outcome)
{
	return append(ctx, action, object_type, NULL, object_id, old_value, new_value, outcome);
}

int audit_append_row(sg_ctx *ctx, const char *action, const struct col_table *table,
		     const char *object_id, const json_t *old_value, const json_t *new_value,
		     const char *outcome)
{
	return append(ctx, action, table->object, table, object_id, old_value, new_value, outcome);
}
