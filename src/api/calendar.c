/* calendar.c (api) — the working-day calendar (domain/calendar.h): the
 * holidays and make-up working days of a year, the end of a period of
 * working days, and a region's own days. */
#include "api/api.h"
#include "base/clock.h"
#include "domain/calendar.h"

/* The year in China (UTC+8) of a time. */
static int china_year(int64_t ms)
{
	return clock_year(ms + INT64_C(8) * 3600 * 1000);
}

/* GET /api/v1/calendar?year=&division= → 200 {year, division_code,
 * imported, years, items, total, next_cursor}: the year's days (default:
 * this year in China) that apply to the division (default: national
 * only), each with its name; 400 (year, division). */
static int api_calendar_year(sg_req *r)
{
	int64_t year = china_year(r->ctx.now);
	json_t *out;
	int rc = req_query_int(r, "year", CALENDAR_YEAR_MIN, CALENDAR_YEAR_MAX, "R-PROC-3", &year);
	if (!rc)
		rc = calendar_year(&r->ctx, (int)year, req_query_cut(r, "division", 16), &out);
	return rc ? rc : reply_json(r, 200, out);
}

/* GET /api/v1/calendar/workdays?from=&n=&division= → 200 {from, n,
 * division_code, end}: the day that ends n working days (default 5, the
 * public notice's) after from (not counted); 400 (from, n, division, and
 * "calendar": a year of the period has not been imported). */
static int api_calendar_workdays(sg_req *r)
{
	int64_t n = 5;
	json_t *out;
	int rc = req_query_int(r, "n", 1, CALENDAR_WORKDAYS_MAX, "R-PROC-3", &n);
	if (!rc)
		rc = calendar_workdays(&r->ctx, req_query_cut(r, "division", 16),
				       req_query_cut(r, "from", 16), (int)n, &out);
	return rc ? rc : reply_json(r, 200, out);
}

/* The body's fields, listed in full: the table is what
 * tests/api/openapi.test.mjs compares the API description with. */
static const jsonv_field day_fields[] = {
    {"date", JV_STRING, true, 10, 10, "R-PROC-3"},
    {"kind", JV_STRING, true, 1, 16, "R-PROC-3"},
    {"name", JV_STRING, true, 1, 64, "R-PROC-3"},
    {"division_code", JV_STRING, true, 2, 12, "R-DIV-1"},
};

/* POST /api/v1/calendar/days → 201 the local day; 400, 403, 404
 * (division_code outside the scope), 409 (the division has a day of that
 * date). */
static int api_calendar_day_add(sg_req *r)
{
	json_t *in, *out = NULL;
	int rc = req_body(r, FIELDS(day_fields), &in);
	if (rc)
		return rc;
	struct calendar_day_new d = {
	    .date = jsonv_str(in, "date", NULL),
	    .kind = jsonv_str(in, "kind", NULL),
	    .name = jsonv_str(in, "name", NULL),
	    .division_code = jsonv_str(in, "division_code", NULL),
	};
	rc = calendar_day_add(&r->ctx, &d, &out);
	return reply_done(r, rc, in, 201, out);
}

/* DELETE /api/v1/calendar/days/{id} → 200 the day as it was; 403, 404
 * (no such day, or a local day outside the scope), 409 (a national day:
 * only the import changes those). */
static int api_calendar_day_remove(sg_req *r)
{
	return reply_read(r, calendar_day_remove);
}

/* The routes of this module (api/routes.c lists the modules). */
const struct route calendar_routes[] = {
    {HTTP_GET, "/api/v1/calendar", api_calendar_year, PERM_SIGNED_IN,
     "list the holidays and make-up working days of a year"},
    {HTTP_GET, "/api/v1/calendar/workdays", api_calendar_workdays, PERM_SIGNED_IN,
     "the day a period of working days ends"},
    {HTTP_POST, "/api/v1/calendar/days", api_calendar_day_add, PERM_CALENDAR_EDIT,
     "add a local holiday or working day"},
    {HTTP_DELETE, "/api/v1/calendar/days/{id}", api_calendar_day_remove, PERM_CALENDAR_EDIT,
     "remove a local holiday or working day"},
};
const size_t calendar_routes_count = sizeof calendar_routes / sizeof calendar_routes[0];
const struct enum_def *const calendar_enums[] = {&calendar_actions, &calendar_kinds,
						 &calendar_sources, NULL};
