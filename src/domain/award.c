/*
 * award.c — awards, their public notice and objections (award.h).
 *
 * Locking: a write on an award takes the project's row, then the
 * tender's (domain/tender.c), then reads the award under them.
 */
#include "domain/award.h"

#include <stdio.h>
#include <string.h>

#include "base/clock.h"
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
