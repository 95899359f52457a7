/*
 * demo_volunteer.c — the volunteers of `shegong init --demo` (issue 10):
 * a handful of volunteers of 古南街道's station, registered by the staff
 * of its operator 心连心 and paired with the station's social workers, so
 * that the records of the delivery demo (run after this one) can name
 * them with their hours: demo_volunteer_id("chen") and so on.
 *
 * The people are invented. Their ID numbers have valid GB 11643 check
 * characters but the sequence code 000, which is never assigned (the
 * sequence of people born on one day in one county starts at 001), so
 * none can be a real person's; their phone numbers start with 100, which
 * no mobile network uses. Every step goes through the domain module as
 * the provider's account would take it, so the demo is checked and
 * audited like any other registration.
 */
#include <stdio.h>
#include <string.h>

#include "base/codes.h"
#include "cli/cli.h"
#include "domain/role.h"
#include "domain/station.h"
#include "domain/user.h"
#include "domain/volunteer.h"

struct demo_volunteer {
	const char *key, *name, *born, *phone, *skills, *availability, *division, *status;
	int worker;   /* the station's worker paired with: 0 the head, 1 the next; -1 none */
	bool village; /* also serves 新山村社区社会工作室 */
};

/* Born on different days: the sequence 000 once per day and county. */
static const struct demo_volunteer demo_volunteers[] = {
    {"chen", "陈静怡", "19860412", "10000000101", "心理疏导、陪伴探访", "周末全天", NULL, NULL, 0,
     false},
    {"li", "李建国", "19570903", "10000000102", "书法、课业辅导（退休教师）", "工作日下午",
     "500110001001", NULL, 0, true},
    {"zhang", "张晓梅", "19790126", "10000000103", "文艺演出、手工编织", "每周六上午", NULL, NULL,
     1, false},
    {"wang", "王浩然", "20030615", "10000000104", "摄影、新媒体宣传", "寒暑假", NULL, NULL, 1,
     false},
    {"liu", "刘桂兰", "19620220", "10000000105", "老年陪伴、助餐配送", "每周二、四上午",
     "500110001001", NULL, 0, true},
    {"zhao", "赵子豪", "19911108", NULL, "急救培训（红十字会救护员）", "按活动预约", NULL, NULL, -1,
     false},
    {"sun", "孙丽", "19880730", "10000000107", "法律咨询", "暂停（外出务工）", NULL, "inactive", -1,
     false},
};
enum { DEMO_VOLUNTEERS = sizeof demo_volunteers / sizeof demo_volunteers[0] };

static int64_t volunteer_ids[DEMO_VOLUNTEERS];

int64_t demo_volunteer_id(const char *key)
{
	for (int i = 0; i < DEMO_VOLUNTEERS; i++)
		if (strcmp(demo_volunteers[i].key, key) == 0)
			return volunteer_ids[i];
	return 0;
}

static int report(sg_ctx *ctx, const char *what, int rc)
{
	if (rc) {
		fprintf(stderr, "shegong: demo volunteers (%s): ", what);
		cli_print_error(&ctx->err);
	}
	return rc;
}

/* The id of the township station of 500110001 and of the village room of
 * 500110001001, with the ids of the township station's staff (head first). */
struct place {
	int64_t station, village, workers[2];
};

static int find_place(sg_ctx *ctx, struct place *p)
{
	static const char *const divisions[] = {"500110001", "500110001001"};
	memset(p, 0, sizeof *p);
	for (int k = 0; k < 2; k++) {
		struct station_filter f = {.division = divisions[k], .working = -1};
		json_t *list = NULL;
		int rc = station_list(ctx, &f, 0, 50, &list);
		if (rc)
			return rc;
		size_t i;
		json_t *s;
		json_array_foreach(json_object_get(list, "items"), i, s)
		{
			if (strcmp(json_string_value(json_object_get(s, "division_code")),
				   divisions[k]) != 0)
				continue;
			int64_t id = json_integer_value(json_object_get(s, "id"));
			if (k == 0)
				p->station = id;
			else
				p->village = id;
			break;
		}
		json_decref(list);
	}
	if (!p->station)
		return 0;
	json_t *st = NULL, *w;
	size_t i;
	int rc = station_get(ctx, p->station, &st);
	if (rc)
		return rc;
	json_array_foreach(json_object_get(st, "staff"), i, w)
	{
		if (i < 2)
			p->workers[i] = json_integer_value(json_object_get(w, "worker_id"));
	}
	json_decref(st);
	return 0;
}

static int add_volunteer(sg_ctx *ctx, const struct place *p, int i)
{
	const struct demo_volunteer *d = &demo_volunteers[i];
	char first17[18], idn[ID_NUMBER_LEN + 1];
	json_t *stations = json_pack("[I]", (json_int_t)p->station), *out = NULL;
	bool existing = false;

	snprintf(first17, sizeof first17, "500110%s000", d->born);
	int rc = id_number_make(idn, first17);
	struct volunteer_fields f = {.name = d->name,
				     .phone = d->phone,
				     .id_number = idn,
				     .skills = d->skills,
				     .availability = d->availability,
				     .status = d->status,
				     .division_code = d->division,
				     .station_ids = stations};
	if (!rc)
		rc = volunteer_register(ctx, &f, &existing, &out);
	json_decref(stations);
	if (rc)
		return report(ctx, d->name, rc);
	int64_t id = json_integer_value(json_object_get(out, "id"));
	json_decref(out);
	volunteer_ids[i] = id;
	if (d->village && p->village) {
		rc = volunteer_station_add(ctx, id, p->village, "2025-03-01", &out);
		json_decref(out);
	}
	if (!rc && d->worker >= 0 && p->workers[d->worker]) {
		rc = volunteer_pair_add(ctx, id, p->workers[d->worker], "2025-03-01", &out);
		json_decref(out);
	}
	return report(ctx, d->name, rc);
}

int demo_volunteer(sg_ctx *ctx)
{
	sg_actor system = ctx->actor;
	struct place p;
	int64_t provider = 0;
	int rc;

	memset(volunteer_ids, 0, sizeof volunteer_ids);
	if ((rc = find_place(ctx, &p)))
		return report(ctx, "古南街道社会工作服务站", rc);
	if (!p.station || user_find(ctx, "xinlianxin", &provider) || !provider) {
		ctx_err_reset(ctx);
		return 0; /* the demo divisions were not imported */
	}
	/* registered by the operator's staff, as they would be */
	ctx->actor.user_id = provider;
	ctx->actor.username = "xinlianxin";
	ctx->actor.role = ROLE_PROVIDER;
	for (int i = 0; !rc && i < DEMO_VOLUNTEERS; i++)
		rc = add_volunteer(ctx, &p, i);
	ctx->actor = system;
	return rc;
}
