/*
 * demo_purchase.c — the purchases of `shegong init --demo` (issue 9):
 * 綦江区民政局's 2026 plan and budget and its projects at different steps
 * of the path, and one project each for Ningxia and Baoshan.
 *
 * The seed gives the shape (the Qijiang report's demonstration stations,
 * its three providers 心连心, 齐跃创新 and 仁怀); the projects' names,
 * amounts, dates, scores and the objection are invented for the demo
 * (their texts say 演示). Every step goes through the domain modules as
 * the clerk who would take it — a maker and a second clerk who checks
 * (R-FLOW-1) — so the demo is audited and checked like any other
 * purchase. The clock is moved back for the earlier steps (ctx->now), so
 * that deadlines have passed where they must; the award in notice is
 * made today, so that its notice runs when the demo is opened.
 */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "cli/cli.h"
#include "domain/award.h"
#include "domain/budget.h"
#include "domain/catalog.h"
#include "domain/contract.h"
#include "domain/division.h"
#include "domain/plan.h"
#include "domain/project.h"
#include "domain/role.h"
#include "domain/tender.h"
#include "domain/user.h"

enum { DAY_MS = 86400000 };

struct demo {
	sg_ctx *ctx;
	sg_actor system; /* the command line's actor, restored at the end */
	int64_t maker, checker;
	int64_t now; /* the demo's today */
	int year;
};

static int64_t user_id(sg_ctx *ctx, const char *username)
{
	int64_t id = 0;
	return user_find(ctx, username, &id) ? 0 : id;
}

static bool division_known(sg_ctx *ctx, const char *code)
{
	json_t *d = NULL;
	int rc = division_get(ctx, code, &d);
	json_decref(d);
	ctx_err_reset(ctx);
	return rc == 0;
}

/* The national catalog's item code of area, as the 2026 catalog of
 * region lists it. */
static int64_t item_id(sg_ctx *ctx, const char *region, const char *area, const char *code)
{
	json_t *cat = NULL, *a, *i;
	size_t k, j;
	int64_t id = 0;
	if (catalog_get(ctx, region, 2026, &cat))
		return 0;
	json_array_foreach(json_object_get(cat, "areas"), k, a)
	{
		if (strcmp(json_string_value(json_object_get(a, "code")), area) != 0)
			continue;
		json_array_foreach(json_object_get(a, "items"), j, i)
		{
			if (strcmp(json_string_value(json_object_get(i, "code")), code) == 0)
				id = json_integer_value(json_object_get(i, "id"));
		}
	}
	json_decref(cat);
	return id;
}

/* Acts as account id, a civil affairs clerk, on day `day` (days from
 * the demo's today; negative: before). */
static void act(struct demo *d, int64_t id, int day)
{
	d->ctx->actor.user_id = id;
	d->ctx->actor.username = id == d->maker ? "qijiang" : "qijiang_review";
	d->ctx->actor.role = ROLE_CIVIL_AFFAIRS;
	d->ctx->now = d->now + (int64_t)day * DAY_MS;
}

/* The id of the reply *o (read after the call that sets it: the
 * argument is its address), which is dropped. */
static int64_t take_id(int rc, json_t **o)
{
	int64_t id = rc ? 0 : json_integer_value(json_object_get(*o, "id"));
	json_decref(*o);
	*o = NULL;
	return id;
}

static int report(sg_ctx *ctx, const char *what, int rc)
{
	if (rc) {
		fprintf(stderr, "shegong: demo purchase (%s): ", what);
		cli_print_error(&ctx->err);
	}
	return rc;
}

struct demo_project {
	const char *name, *township, *area, *item, *group;
	int64_t amount; /* fen */
	const char *start, *end;
	const char *matter, *nature; /* a declared content line instead of the item */
};

static int64_t make_project(struct demo *d, int64_t department, int64_t plan,
			    const struct demo_project *p)
{
	int64_t item = item_id(d->ctx, p->township, p->area, p->item);
	json_t *items = json_pack("[I]", (json_int_t)item);
	json_t *groups = json_pack("[s]", p->group);
	json_t *towns = p->township ? json_pack("[s]", p->township) : json_array();
	json_t *lines = p->matter
			    ? json_pack("[{s:I,s:I},{s:s,s:s,s:I}]", "item_id", (json_int_t)item,
					"amount", (json_int_t)(p->amount / 2), "matter", p->matter,
					"nature", p->nature, "amount", (json_int_t)(p->amount / 2))
			    : json_pack("[{s:I,s:I}]", "item_id", (json_int_t)item, "amount",
					(json_int_t)p->amount);
	json_t *targets = json_pack(
	    "[{s:s,s:s,s:i},{s:s,s:s,s:i},{s:s,s:s,s:i},{s:s,s:s,s:s,s:s,s:s,s:i}]", "kind",
	    "quantity", "indicator", "cases", "target", 30, "kind", "scale", "indicator",
	    "people_served", "target", 500, "kind", "quality", "indicator", "satisfaction",
	    "target", 90, "kind", "effect", "indicator", "custom", "name",
	    "服务对象困难问题改善率（演示）", "unit", "%", "measure", "evaluation", "target", 80);
	struct project_fields f = PROJECT_FIELDS_UNSET;
	json_t *out = NULL;
	f.name = p->name;
	f.department_id = department;
	f.year = d->year;
	f.plan_id = plan;
	f.amount = p->amount;
	f.service_start = p->start;
	f.service_end = p->end;
	f.content = "以社会工作专业方法提供个案、小组和社区服务（演示数据）";
	f.standards = "按《社会工作服务指南》及区级服务标准执行（演示）";
	f.requirements = "配备持证社会工作者不少于3名，服务记录完整可查（演示）";
	f.item_ids = items;
	f.group_codes = groups;
	f.township_codes = towns;
	f.lines = lines;
	f.targets = targets;
	int64_t id = take_id(report(d->ctx, p->name, project_create(d->ctx, &f, &out)), &out);
	json_decref(items);
	json_decref(groups);
	json_decref(towns);
	json_decref(lines);
	json_decref(targets);
	return id;
}

/* Submitted by the maker on day, approved by the checker the day after. */
static int approve(struct demo *d, int64_t project, int day)
{
	json_t *out = NULL;
	act(d, d->maker, day);
	int rc = project_act(d->ctx, project, PROJECT_SUBMIT, NULL, &out);
	json_decref(out);
	if (!rc) {
		act(d, d->checker, day + 1);
		rc = project_act(d->ctx, project, PROJECT_APPROVE, NULL, &out);
		json_decref(out);
	}
	return report(d->ctx, "approve", rc);
}

/*
 * A competitive consultation of project published on day `from`, its
 * deadline 20 days later, bids from the three Qijiang providers (and a
 * refused attempt by the ineligible one), opened, scored by a panel of
 * three and awarded on day `award` (the first ranked). Returns the
 * tender's id, 0 on failure. *award_id receives the award (0 when the
 * calendar of the year was not imported: the tender stays scored).
 */
static int64_t procure(struct demo *d, int64_t project, const char *title, int from, int award,
		       const int64_t bidders[3], const int64_t prices[3], int64_t ineligible,
		       int64_t *award_id)
{
	sg_ctx *ctx = d->ctx;
	char deadline[17];
	json_t *out = NULL;
	json_t *items =
	    json_pack("[{s:s,s:i,s:s},{s:s,s:i,s:s},{s:s,s:i,s:s}]", "name", "服务方案", "weight",
		      40, "guidance", "需求分析准确、目标可测、方法专业", "name", "团队配置",
		      "weight", 25, "guidance", "持证社工数量与服务经验", "name",
		      "管理制度与风险防控", "weight", 15, "guidance", "制度完备、措施可行");
	*award_id = 0;
	act(d, d->maker, from);
	clock_cst_minute(ctx->now + 20 * (int64_t)DAY_MS, deadline);
	memcpy(deadline + 11, "09:30", 5);
	struct tender_fields t = TENDER_FIELDS_UNSET;
	t.project_id = project;
	t.method = "competitive_consultation";
	t.title = title;
	t.requirements = "在项目所在镇街开展个案、小组和社区服务，按月提交服务记录（演示）";
	t.standards = "《社会工作服务指南》及綦江区社会工作服务标准（演示）";
	t.qualifications =
	    "依法登记的社会组织，具有3名以上持证社会工作者，近三年无失信记录（演示）";
	t.price_weight = 20;
	t.deadline = deadline;
	t.items = items;
	int64_t id = take_id(report(ctx, title, tender_create(ctx, &t, &out)), &out);
	json_decref(items);
	if (!id || report(ctx, "publish", tender_act(ctx, id, TENDER_PUBLISH, NULL, &out)))
		return 0;
	json_decref(out);

	/* The bids, a week after the notice, as each provider's staff. */
	for (int i = 0; i < 3; i++) {
		struct bid_fields b = {.org_id = bidders[i], .price = prices[i], .paper = true};
		json_t *docs =
		    json_pack("[{s:s,s:i}]", "name", "响应文件（演示）", "pages", 60 + i);
		b.technical = "服务方案、团队配置与管理制度（演示）";
		b.documents = docs;
		act(d, d->maker, from + 7);
		int rc = bid_submit(ctx, id, &b, &out);
		json_decref(docs);
		json_decref(out);
		if (report(ctx, "bid", rc))
			return 0;
	}
	/* The ineligible organisation is refused at bid time (R-ORG-4). */
	struct bid_fields bad = {.org_id = ineligible, .price = prices[0], .paper = true};
	if (ineligible && bid_submit(ctx, id, &bad, &out) == 0) {
		json_decref(out);
		fputs("shegong: demo purchase: the ineligible bidder was not refused\n", stderr);
		return 0;
	}
	ctx_err_reset(ctx);

	/* The panel, before the opening; the opening and the scores after
	 * the deadline. */
	static const char *const panel[][2] = {
	    {"周教授（演示）", "重庆师范大学社会学院"},
	    {"吴老师（演示）", "重庆市社会工作协会"},
	    {"郑科长（演示）", "綦江区民政局"},
	};
	for (int i = 0; i < 3; i++) {
		struct panel_fields m = {.name = panel[i][0],
					 .affiliation = panel[i][1],
					 .expert = i < 2,
					 .no_conflict = true};
		act(d, d->maker, from + 18);
		if (report(ctx, "panel", panel_add(ctx, id, &m, &out)))
			return 0;
		json_decref(out);
	}
	act(d, d->maker, from + 21);
	if (report(ctx, "open", tender_act(ctx, id, TENDER_OPEN, NULL, &out)))
		return 0;
	/* The technical scores: the first bidder's the best. */
	json_t *tender = out, *scores = json_array();
	size_t i;
	json_t *b;
	json_array_foreach(json_object_get(tender, "bids"), i, b)
	{
		int64_t org = json_integer_value(json_object_get(json_object_get(b, "org"), "id"));
		int k = org == bidders[0] ? 0 : org == bidders[1] ? 1 : 2;
		static const int marks[3][3] = {
		    {3650, 2200, 1350}, {3300, 2000, 1200}, {3000, 1900, 1100}};
		json_t *row = json_array();
		size_t j;
		json_t *it;
		json_array_foreach(json_object_get(tender, "items"), j, it) json_array_append_new(
		    row, json_pack("{s:O,s:i}", "item_id", json_object_get(it, "id"), "score",
				   marks[k][j < 3 ? j : 2]));
		json_array_append_new(scores, json_pack("{s:O,s:o}", "bid_id",
							json_object_get(b, "id"), "items", row));
	}
	json_decref(tender);
	int rc = tender_score(ctx, id, scores, &out);
	json_decref(scores);
	if (report(ctx, "score", rc))
		return 0;
	json_decref(out);
	act(d, d->maker, award);
	rc = award_make(ctx, id, 0, NULL, &out);
	if (rc && strcmp(ctx->err.field, "calendar") == 0) {
		/* No holidays for the year: no notice can be counted. */
		fprintf(stderr, "shegong: demo purchase: %s stays scored (%s)\n", title,
			ctx->err.msg);
		ctx_err_reset(ctx);
		return id;
	}
	if (report(ctx, "award", rc))
		return 0;
	*award_id = json_integer_value(
	    json_object_get(json_array_get(json_object_get(out, "awards"), 0), "id"));
	json_decref(out);
	return id;
}

/*
 * The contract of award award_id: drafted with its seven clauses and two
 * instalments (the second on the final evaluation) by the maker on day,
 * signed by the checker the day after; the service starts on day + 7
 * (and, when close, the project is evaluated and closed on day + 30).
 */
static int contract(struct demo *d, int64_t project, int64_t award_id, const struct demo_project *p,
		    int day, bool close)
{
	sg_ctx *ctx = d->ctx;
	json_t *out = NULL;
	struct contract_fields c = CONTRACT_FIELDS_UNSET;
	c.award_id = award_id;
	c.start_on = p->start;
	c.end_on = p->end;
	c.clauses[CLAUSE_SUBJECT] = "乙方在项目所在镇街提供困境儿童关爱社会工作服务（演示）";
	c.clauses[CLAUSE_QUANTITY] = "个案不少于30个，小组不少于6个，社区活动不少于12场（演示）";
	c.clauses[CLAUSE_QUALITY] = "符合《社会工作服务指南》，服务对象满意度不低于90%（演示）";
	c.clauses[CLAUSE_TERM] = "自合同约定的服务开始之日起12个月（演示）";
	c.clauses[CLAUSE_PAYMENT_METHOD] =
	    "分两期支付：合同签订后支付60%，末期评估等级为良及以上后支付40%（演示）";
	c.clauses[CLAUSE_BREACH_LIABILITY] =
	    "乙方未达到服务数量、质量要求的，按未完成比例扣减服务费用（演示）";
	c.clauses[CLAUSE_DISPUTE_RESOLUTION] =
	    "协商解决；协商不成的，向甲方所在地人民法院提起诉讼（演示）";
	act(d, d->maker, day);
	if (report(ctx, "contract", contract_create(ctx, &c, &out)))
		return ctx->err.code;
	int64_t id = json_integer_value(json_object_get(out, "id"));
	int64_t price = json_integer_value(json_object_get(out, "price"));
	json_decref(out);
	int64_t first = price * 6 / 10;
	json_t *items =
	    json_pack("[{s:I},{s:I,s:s,s:s}]", "amount", (json_int_t)first, "amount",
		      (json_int_t)(price - first), "evaluation", "final", "min_grade", "good");
	int rc = contract_instalments_set(ctx, id, items, &out);
	json_decref(items);
	json_decref(out);
	if (!rc)
		rc = contract_act(ctx, id, CONTRACT_SUBMIT, NULL, &out);
	if (!rc) {
		json_decref(out);
		act(d, d->checker, day + 1);
		rc = contract_act(ctx, id, CONTRACT_SIGN, NULL, &out);
	}
	if (!rc) {
		json_decref(out);
		act(d, d->maker, day + 7);
		rc = project_act(ctx, project, PROJECT_START, NULL, &out);
	}
	if (!rc && close) {
		json_decref(out);
		act(d, d->maker, day + 30);
		rc = project_act(ctx, project, PROJECT_EVALUATE, NULL, &out);
		if (!rc) {
			json_decref(out);
			rc = project_act(ctx, project, PROJECT_CLOSE, NULL, &out);
		}
	}
	json_decref(rc ? NULL : out);
	return report(ctx, "contract", rc);
}

/* Ningxia's and Baoshan's one project each, made by their own clerks:
 * Ningxia's submitted for approval, Baoshan's a complete draft. */
static int other_regions(struct demo *d)
{
	static const struct {
		const char *account, *department, *township;
		struct demo_project p;
		bool submit;
	} regions[] = {
	    {"ningxia",
	     "nx_department",
	     "640104001",
	     {"宁夏社会工作专业人才能力提升项目（演示）", "640104001", "social_affairs",
	      "capacity_building", "dibao", 80000000, "2026-06-01", "2027-05-31", NULL, NULL},
	     true},
	    {"baoshan",
	     "bs_bureau",
	     "310113101",
	     {"宝山区街镇社工站专业督导项目（演示）", "310113101", "social_affairs",
	      "capacity_building", "elderly", 48000000, "2026-07-01", "2027-06-30", NULL, NULL},
	     false},
	};
	sg_ctx *ctx = d->ctx;
	json_t *out = NULL;
	for (size_t i = 0; i < sizeof regions / sizeof regions[0]; i++) {
		ctx->actor = d->system; /* the lookups are the command line's */
		int64_t clerk = user_id(ctx, regions[i].account);
		int64_t dep = demo_org_id(regions[i].department);
		if (!clerk || !dep || !division_known(ctx, regions[i].township))
			continue; /* the region's divisions were not imported */
		d->maker = clerk;
		act(d, clerk, -40);
		ctx->actor.username = regions[i].account;
		if (report(
			ctx, "budget",
			budget_create(ctx, dep, d->year, 300000000, "本级财政预算（演示）", &out)))
			return ctx->err.code;
		json_decref(out);
		int64_t id = make_project(d, dep, 0, &regions[i].p);
		if (!id)
			return ctx->err.code ? ctx->err.code : SG_EINTERNAL;
		if (regions[i].submit &&
		    report(ctx, "submit", project_act(ctx, id, PROJECT_SUBMIT, NULL, &out)))
			return ctx->err.code;
		if (regions[i].submit)
			json_decref(out);
	}
	return 0;
}

int demo_purchase(sg_ctx *ctx)
{
	struct demo d = {
	    .ctx = ctx, .system = ctx->actor, .now = ctx->now ? ctx->now : clock_now_ms()};
	json_t *out = NULL;
	int rc = SG_EINTERNAL; /* until the end is reached */

	d.year = 2026;
	d.maker = user_id(ctx, "qijiang");
	d.checker = user_id(ctx, "qijiang_review");
	int64_t bureau = demo_org_id("qj_bureau"), xlx = demo_org_id("xinlianxin"),
		qy = demo_org_id("qiyue"), rh = demo_org_id("renhuai"),
		bad = demo_org_id("qj_dishonest");
	if (!d.maker || !d.checker || !bureau || !xlx || !qy || !rh || !bad)
		return 0; /* Chongqing's divisions were not imported: nothing to buy */

	/* The year's budget and plan, in January. */
	act(&d, d.maker, -300);
	if (report(ctx, "budget",
		   budget_create(ctx, bureau, d.year, 600000000, "区级财政预算及福彩公益金（演示）",
				 &out)))
		goto done;
	json_decref(out);
	json_t *areas =
	    json_pack("[s,s,s]", "social_assistance", "elderly_services", "child_welfare");
	struct plan_fields pf = {
	    .department_id = bureau,
	    .year = d.year,
	    .name = "綦江区2026年政府购买社会工作服务计划",
	    .goals = "镇街社会工作服务站运营全覆盖；困境儿童、留守老人关爱服务覆盖率达到100%；"
		     "服务对象满意度不低于90%（演示）",
	    .actions = "一季度完成项目设计和审批，二季度完成采购并签订合同，"
		       "三季度开展中期评估，四季度开展末期评估（演示）",
	    .area_codes = areas,
	};
	int64_t plan = take_id(report(ctx, "plan", plan_create(ctx, &pf, &out)), &out);
	json_decref(areas);
	if (!plan || report(ctx, "publish plan", plan_publish(ctx, plan, &out)))
		goto done;
	json_decref(out);

	static const struct demo_project projects[] = {
	    {"古南街道留守儿童关爱服务项目（演示）", "500110001", "child_welfare",
	     "psychological_support", "left_behind_child", 36000000, "2026-03-01", "2027-02-28",
	     NULL, NULL},
	    {"文龙街道困境儿童关爱服务项目（演示）", "500110002", "child_welfare", "living_care",
	     "child_in_difficulty", 30000000, "2026-07-01", "2027-06-30", NULL, NULL},
	    {"东溪镇留守老人关爱服务项目（演示）", "500110109", "elderly_services", "living_care",
	     "elderly", 28000000, "2026-09-01", "2027-08-31", NULL, NULL},
	    {"通惠街道社区公益性岗位项目（演示）", "500110007", "social_affairs",
	     "resource_linking", "dibao", 12000000, "2026-09-01", "2027-08-31",
	     "社区公益性岗位人员聘用", "staffing_posts"},
	    {"三江街道困境儿童关爱服务项目（演示）", "500110003", "child_welfare",
	     "psychological_support", "child_in_difficulty", 32000000, "2026-06-01", "2027-05-31",
	     NULL, NULL},
	};
	enum { N_PROJECTS = sizeof projects / sizeof projects[0] };
	int64_t ids[N_PROJECTS] = {0};
	for (int i = 0; i < N_PROJECTS; i++) {
		/* A township the divisions imported lack (a partial import):
		 * its project is left out. */
		if (!division_known(ctx, projects[i].township)) {
			if (i < 2)
				return 0;
			continue;
		}
		act(&d, d.maker, i == 0 ? -290 : i == 4 ? -210 : -75 + i);
		if (!(ids[i] = make_project(&d, bureau, plan, &projects[i])))
			goto done;
	}
	/* 古南: approved in January, procured and awarded in February; its
	 * notice is long over. */
	int64_t award = 0;
	const int64_t bidders[3] = {xlx, qy, rh};
	const int64_t prices_gunan[3] = {35200000, 34000000, 35800000};
	if (approve(&d, ids[0], -288) ||
	    !procure(&d, ids[0], "古南街道留守儿童关爱服务项目竞争性磋商（演示）", -286, -262,
		     bidders, prices_gunan, bad, &award))
		goto done;
	/* ... its contract signed, its service run, evaluated and closed. */
	if (award && contract(&d, ids[0], award, &projects[0], -250, true))
		goto done;
	/* 三江: its contract signed in the spring, in service now. */
	const int64_t prices_sanjiang[3] = {31500000, 30800000, 31900000};
	if (ids[4] && (approve(&d, ids[4], -205) ||
		       !procure(&d, ids[4], "三江街道困境儿童关爱服务项目竞争性磋商（演示）", -200,
				-176, bidders, prices_sanjiang, bad, &award) ||
		       (award && contract(&d, ids[4], award, &projects[4], -160, false))))
		goto done;
	/* 文龙: its award made today, in notice, with an objection waiting. */
	const int64_t prices_wenlong[3] = {29500000, 28800000, 29900000};
	if (approve(&d, ids[1], -70) ||
	    !procure(&d, ids[1], "文龙街道困境儿童关爱服务项目竞争性磋商（演示）", -24, 0, bidders,
		     prices_wenlong, bad, &award))
		goto done;
	if (award) {
		ctx->actor = d.system;
		ctx->actor.user_id = 0;
		ctx->actor.ip = "203.0.113.7";
		ctx->now = d.now;
		if (report(ctx, "objection",
			   objection_lodge(ctx, award, "王某某（演示）", "13900001234",
					   "第一候选人响应文件中的持证社工人数与实际在岗人数不符，"
					   "请予核实（演示）。",
					   &out)))
			goto done;
		json_decref(out);
	}
	/* 东溪: submitted, waiting for the second clerk (待办). */
	act(&d, d.maker, -2);
	if (ids[2] && report(ctx, "submit", project_act(ctx, ids[2], PROJECT_SUBMIT, NULL, &out)))
		goto done;
	if (ids[2])
		json_decref(out);
	/* 通惠: a draft that cannot be submitted — a line on the negative
	 * list (R-CAT-3). */
	if ((rc = other_regions(&d)))
		goto done;
	rc = 0;
done:
	/* Each failure was reported where it happened. */
	ctx->actor = d.system;
	ctx->now = d.now;
	return rc;
}
