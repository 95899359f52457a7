/*
 * workbench.c — the to-do list (workbench.h).
 *
 * Each section is one query in the actor's scope, read in one snapshot;
 * nothing is written. The dates compared are China dates as text
 * ("YYYY-MM-DD" sorts as it reads).
 */
#include "domain/workbench.h"

#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "domain/approval.h"
#include "domain/budget.h"
#include "domain/coverage.h"
#include "domain/purchase_rule.h"
#include "domain/role.h"
#include "domain/scope.h"
#include "domain/write.h"

enum { DAY_MS = 86400000, NOTICE_SOON_DAYS = 3, CONTRACT_SOON_DAYS = 30 };

/* The date n days after date (both "YYYY-MM-DD", China time). */
static void date_plus(const char *date, int n, char out[11])
{
	char moment[17];
	int64_t ms = 0;
	snprintf(moment, sizeof moment, "%.10sT12:00", date);
	if (!clock_cst_parse(moment, &ms)) {
		snprintf(out, 11, "%s", date);
		return;
	}
	clock_cst_date(ms + (int64_t)n * DAY_MS, out);
}

static json_t *section(const char *kind, const char *zh, const char *en, const char *link)
{
	return json_pack("{s:s,s:s,s:s,s:i,s:s,s:[]}", "kind", kind, "title_zh", zh, "title_en", en,
			 "count", 0, "link", link, "items");
}

static json_t *item(int64_t id, const char *label, const char *detail, const char *due,
		    const char *link)
{
	return json_pack("{s:I,s:s,s:s?,s:s?,s:s}", "id", (json_int_t)id, "label", label, "detail",
			 detail, "due", due, "link", link);
}

/* Adds sec to sections when it has something; consumes it. */
static void keep(json_t *sections, json_t *sec)
{
	if (json_integer_value(json_object_get(sec, "count")) > 0)
		json_array_append(sections, sec);
	json_decref(sec);
}

static int approvals(sg_ctx *ctx, json_t *sections)
{
	json_t *page = NULL, *v;
	size_t i;
	int rc = approval_list(ctx, "pending", NULL, false, 0, WORKBENCH_ITEMS, &page);
	if (rc)
		return rc;
	json_t *sec = section("approvals", "待我审批", "waiting for my approval", "/approvals");
	json_object_set(sec, "count", json_object_get(page, "total"));
	json_array_foreach(json_object_get(page, "items"), i, v)
	{
		json_t *p = json_object_get(v, "project");
		const char *kind = json_string_value(json_object_get(v, "kind"));
		json_array_append_new(
		    json_object_get(sec, "items"),
		    item(json_integer_value(json_object_get(v, "id")),
			 json_string_value(json_object_get(p, "name")),
			 enum_zh(&approval_kinds, kind), NULL,
			 arena_printf(ctx->arena, "/projects/%lld",
				      (long long)json_integer_value(json_object_get(p, "id")))));
	}
	json_decref(page);
	keep(sections, sec);
	return 0;
}

#define MANAGED_AWARDS                                                                             \
	" FROM awards a JOIN tenders t ON t.id = a.tender_id JOIN projects p ON p.id = "           \
	"t.project_id"                                                                             \
	" WHERE " SCOPE_DIVISION("p.division_code")
static const char sql_notices[] =
    "SELECT t.id, p.name, a.notice_end" MANAGED_AWARDS
    " AND a.status = 'in_notice' AND a.notice_end >= ? AND a.notice_end <= ?"
    " ORDER BY a.notice_end, a.id";
static const char sql_objections[] =
    "SELECT t.id, p.name, x.lodged_at FROM objections x JOIN awards a ON a.id = x.award_id"
    " JOIN tenders t ON t.id = a.tender_id JOIN projects p ON p.id = t.project_id"
    " WHERE x.status = 'pending' AND " SCOPE_DIVISION("p.division_code") " ORDER BY x.id";
/* Final awards (notice over, nothing pending) without a live contract. */
static const char sql_unsigned[] =
    "SELECT t.id, p.name, a.notice_end, p.division_code, p.year" MANAGED_AWARDS
    " AND a.status = 'in_notice' AND a.notice_end < ?"
    " AND NOT EXISTS (SELECT 1 FROM objections x WHERE x.award_id = a.id"
    "   AND x.status = 'pending')"
    " AND NOT EXISTS (SELECT 1 FROM contracts c WHERE c.award_id = a.id"
    "   AND c.status IN ('signed', 'ended'))"
    " ORDER BY a.notice_end, a.id";
static const char sql_ending[] =
    "SELECT c.id, p.name, c.end_on FROM contracts c JOIN projects p ON p.id = c.project_id"
    " WHERE c.status = 'signed' AND c.end_on >= ? AND c.end_on <= ?"
    " AND (" SCOPE_DIVISION("c.division_code") " OR " SCOPE_ORG(
	"c.provider_id") ")"
			 " ORDER BY c.end_on, c.id";
static const char sql_not_ready[] =
    "SELECT s.id, s.name, NULL FROM stations s WHERE s.working = 0"
    " AND s.status <> 'closed' AND " SCOPE_DIVISION("s.division_code") " ORDER BY s.id";
static const char sql_scope_divisions[] =
    "SELECT us.ref FROM user_scope us WHERE us.user_id = ? AND us.kind = 'division'"
    " ORDER BY us.ref LIMIT 3";

/* A section of the rows of sql (id, label, date): the first few listed,
 * all counted, each linking to link_base/<id>. */
static int rows_section(sg_ctx *ctx, json_t *sections, json_t *sec, const char *sql,
			const char *types, const char *a, const char *b, const char *link_base,
			bool date_is_time)
{
	db_stmt *s;
	int64_t n = 0;
	int rc = !strcmp(types, "tt")  ? scope_query(ctx, &s, sql, "tt", a, b)
		 : !strcmp(types, "t") ? scope_query(ctx, &s, sql, "t", a)
				       : scope_query(ctx, &s, sql, "");
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
		if (n++ >= WORKBENCH_ITEMS)
			continue;
		char when[11] = "";
		if (date_is_time)
			clock_cst_date(db_int(s, 2), when);
		else
			snprintf(when, sizeof when, "%s", db_text(s, 2) ? db_text(s, 2) : "");
		json_array_append_new(
		    json_object_get(sec, "items"),
		    item(db_int(s, 0), db_text(s, 1), NULL, when[0] ? when : NULL,
			 arena_printf(ctx->arena, "%s/%lld", link_base, (long long)db_int(s, 0))));
	}
	json_object_set_new(sec, "count", json_integer(n));
	if (rc < 0) {
		json_decref(sec);
		return rc;
	}
	keep(sections, sec);
	return 0;
}

/* Awards whose contract is due within the rule's days of the notice's
 * end (Government Procurement Law art. 46), late ones marked. The rows
 * are read first: the rule of each is a query of its own. */
static int contracts_due(sg_ctx *ctx, json_t *sections, const char *today)
{
	struct {
		int64_t id;
		const char *name;
		char end[11], division[13];
		int year;
	} rows[WORKBENCH_ITEMS];
	db_stmt *s;
	int64_t n = 0;
	int rc = scope_query(ctx, &s, sql_unsigned, "t", today);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
		if (n < WORKBENCH_ITEMS) {
			rows[n].id = db_int(s, 0);
			rows[n].name = arena_strdup(ctx->arena, db_text(s, 1));
			snprintf(rows[n].end, sizeof rows[n].end, "%s", db_text(s, 2));
			snprintf(rows[n].division, sizeof rows[n].division, "%s", db_text(s, 3));
			rows[n].year = (int)db_int(s, 4);
		}
		n++;
	}
	if (rc < 0)
		return rc;
	json_t *sec = section("contracts_due", "待签订合同", "contracts to sign", "/tenders");
	for (int64_t i = 0; i < n && i < WORKBENCH_ITEMS; i++) {
		struct purchase_rule r;
		char due[11];
		if ((rc = purchase_rule_get(ctx, "contract.sign_within_days", rows[i].division,
					    rows[i].year, &r))) {
			json_decref(sec);
			return rc;
		}
		date_plus(rows[i].end, (int)r.value, due);
		json_array_append_new(
		    json_object_get(sec, "items"),
		    item(rows[i].id, rows[i].name, strcmp(today, due) > 0 ? "已逾期" : NULL, due,
			 arena_printf(ctx->arena, "/tenders/%lld", (long long)rows[i].id)));
	}
	json_object_set_new(sec, "count", json_integer(n));
	keep(sections, sec);
	return 0;
}

static int uncovered(sg_ctx *ctx, json_t *sections)
{
	db_stmt *s;
	char codes[3][13];
	int n = 0;
	int rc = db_query(ctx->db, &s, sql_scope_divisions, "i", ctx->actor.user_id);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		snprintf(codes[n++], sizeof codes[0], "%s", db_text(s, 0));
	if (rc < 0)
		return rc;
	json_t *sec =
	    section("townships_uncovered", "尚未覆盖的镇街", "townships not covered", "/coverage");
	int64_t total = 0;
	for (int i = 0; i < n; i++) {
		json_t *page = NULL, *v;
		size_t k;
		/* A township's own scope has no townships below it. */
		if (strlen(codes[i]) > 6)
			continue;
		if ((rc = coverage_missing(ctx, codes[i], "township", NULL, WORKBENCH_ITEMS, false,
					   &page))) {
			json_decref(sec);
			return rc;
		}
		total += json_integer_value(json_object_get(page, "total"));
		json_array_foreach(json_object_get(page, "items"), k, v)
		{
			const char *code = json_string_value(json_object_get(v, "code"));
			if (json_array_size(json_object_get(sec, "items")) < WORKBENCH_ITEMS)
				json_array_append_new(
				    json_object_get(sec, "items"),
				    item(0, json_string_value(json_object_get(v, "name")), NULL,
					 NULL,
					 arena_printf(ctx->arena, "/coverage?division=%s", code)));
		}
		json_decref(page);
	}
	json_object_set_new(sec, "count", json_integer(total));
	keep(sections, sec);
	return 0;
}

/* The year's budgets in the scope, summed. */
static int budget(sg_ctx *ctx, int year, json_t *out)
{
	json_t *page = NULL, *v;
	size_t i;
	int64_t amount = 0, committed = 0, contracted = 0, paid = 0;
	int rc = budget_list(ctx, year, 0, 0, 200, &page);
	if (rc)
		return rc;
	json_array_foreach(json_object_get(page, "items"), i, v)
	{
		amount += json_integer_value(json_object_get(v, "amount"));
		committed += json_integer_value(json_object_get(v, "committed"));
		contracted += json_integer_value(json_object_get(v, "contracted"));
		paid += json_integer_value(json_object_get(v, "paid"));
	}
	json_object_set_new(
	    out, "budget",
	    json_array_size(json_object_get(page, "items"))
		? json_pack("{s:i,s:I,s:I,s:I,s:I,s:I,s:I}", "year", year, "count",
			    (json_int_t)json_array_size(json_object_get(page, "items")), "amount",
			    (json_int_t)amount, "committed", (json_int_t)committed, "contracted",
			    (json_int_t)contracted, "paid", (json_int_t)paid, "left",
			    (json_int_t)(amount - committed))
		: json_null());
	json_decref(page);
	return 0;
}

int workbench_get(sg_ctx *ctx, json_t **out)
{
	struct reading rd;
	char today[11], soon[11], month[11];
	int year = clock_cst_year(ctx->now);
	json_t *o = json_object(), *sections = json_array();
	int rc = read_open(&rd, ctx);

	*out = NULL;
	clock_cst_date(ctx->now, today);
	date_plus(today, NOTICE_SOON_DAYS, soon);
	date_plus(today, CONTRACT_SOON_DAYS, month);
	if (!rc && perm_has(ctx, PERM_APPROVAL_READ))
		rc = approvals(ctx, sections);
	if (!rc && perm_has(ctx, PERM_TENDER_EDIT))
		rc = rows_section(ctx, sections,
				  section("notices_ending", "公示即将结束", "notices ending soon",
					  "/tenders?status=awarded"),
				  sql_notices, "tt", today, soon, "/tenders", false);
	if (!rc && perm_has(ctx, PERM_TENDER_EDIT))
		rc = rows_section(ctx, sections,
				  section("objections", "待答复的异议", "objections to answer",
					  "/tenders?status=awarded"),
				  sql_objections, "", NULL, NULL, "/tenders", true);
	if (!rc && perm_has(ctx, PERM_CONTRACT_EDIT))
		rc = contracts_due(ctx, sections, today);
	if (!rc && perm_has(ctx, PERM_CONTRACT_READ))
		rc = rows_section(
		    ctx, sections,
		    section("contracts_ending", "即将到期的合同", "contracts ending", "/contracts"),
		    sql_ending, "tt", today, month, "/contracts", false);
	if (!rc && perm_has(ctx, PERM_STATION_EDIT))
		rc = rows_section(ctx, sections,
				  section("stations_not_ready", "尚未运转的社工站",
					  "stations not working", "/stations?working=false"),
				  sql_not_ready, "", NULL, NULL, "/stations", false);
	if (!rc && perm_has(ctx, PERM_COVERAGE_READ) && scope_is_divisional(&ctx->actor))
		rc = uncovered(ctx, sections);
	if (!rc && perm_has(ctx, PERM_BUDGET_READ))
		rc = budget(ctx, year, o);
	rc = read_close(&rd, rc, "读取工作台失败", "cannot read the workbench");
	if (rc) {
		json_decref(o);
		json_decref(sections);
		return rc;
	}
	json_object_set_new(o, "date", json_string(today));
	json_object_set_new(o, "year", json_integer(year));
	json_object_set_new(o, "sections", sections);
	*out = o;
	return 0;
}
