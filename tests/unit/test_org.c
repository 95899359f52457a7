/* test_org.c — organisations and who may purchase or provide (domain/org.h,
 * R-ORG-1..5): the national rules for each kind of organisation, the rule
 * operators as rules are changed, the choice of rule set by region and
 * year, the checks of a registration, the ID number of an individual kept
 * encrypted and shown only with a reason, and what each role's scope lets
 * it list, on a migrated temporary SQLite database. */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/codes.h"
#include "base/pii.h"
#include "domain/eligibility.h"
#include "domain/org.h"
#include "domain/role.h"
#include "fixture.h"

static const unsigned char key[KEY_LEN] = {
    0x3c, 0x11, 0x5a, 0x90, 0x27, 0xe4, 0x08, 0x6b, 0xd2, 0x41, 0x9f, 0x73, 0x10, 0xaa, 0x5e, 0xc8,
    0x01, 0x77, 0xb3, 0x6d, 0x2f, 0x95, 0xe0, 0x4c, 0x88, 0x19, 0xfe, 0x36, 0xa1, 0x52, 0xcd, 0x0b,
};

enum { ADMIN = 1, CIVIL = 7, CIVIL_BJ = 8, TOWNSHIP = 9, PROVIDER = 10, WORKER = 11 };

/* 1 admin; 7 civil affairs of 綦江区; 8 civil affairs of 东城区; 9 township
 * staff of 古南街道; 10 provider staff (their organisation is added by the
 * test); 11 a social worker without any scope row. */
static const struct {
	int id;
	const char *name, *display_name;
	int role;
	const char *division; /* the scope, or NULL */
} users[] = {
    {ADMIN, "admin", "管理员", ROLE_ADMIN, NULL},
    {CIVIL, "qijiang", "綦江民政", ROLE_CIVIL_AFFAIRS, "500110"},
    {CIVIL_BJ, "dongcheng", "东城民政", ROLE_CIVIL_AFFAIRS, "110101"},
    {TOWNSHIP, "gunan", "古南街道", ROLE_TOWNSHIP, "500110001"},
    {PROVIDER, "xlx", "心连心", ROLE_PROVIDER, NULL},
    {WORKER, "worker", "社工", ROLE_SOCIAL_WORKER, NULL},
};

static void act_as(struct fixture *f, int user)
{
	for (size_t i = 0; i < sizeof users / sizeof users[0]; i++)
		if (users[i].id == user) {
			fixture_actor(f, users[i].role, users[i].id, users[i].name);
			return;
		}
	fail_msg("no such test user %d", user);
}

static struct fixture *fx_open(void)
{
	struct fixture *f = fixture_open("org");

	fixture_division(f, "50", "重庆市", NULL);
	fixture_division(f, "5001", "市辖区", "50");
	fixture_division(f, "500110", "綦江区", "5001");
	fixture_division(f, "500113", "巴南区", "5001");
	fixture_division(f, "500110001", "古南街道", "500110");
	fixture_division(f, "11", "北京市", NULL);
	fixture_division(f, "1101", "市辖区", "11");
	fixture_division(f, "110101", "东城区", "1101");
	for (size_t i = 0; i < sizeof users / sizeof users[0]; i++)
		if (users[i].division)
			fixture_user_with_scope(f, users[i].id, users[i].name,
						users[i].display_name, users[i].role, "division",
						users[i].division);
		else
			fixture_user(f, users[i].id, users[i].name, users[i].display_name,
				     users[i].role);
	assert_int_equal(pii_init(key, PII_SM4_GCM), 0);
	act_as(f, CIVIL);
	return f;
}

static void fx_close(struct fixture *f)
{
	pii_shutdown();
	fixture_close(f);
}

static int64_t audits(struct fixture *f, const char *action)
{
	int64_t n = -1;
	assert_int_equal(db_one_int(f->ctx.db, &n,
				    "SELECT COUNT(*) FROM audit_log WHERE action = ?", "t", action),
			 0);
	return n;
}

/* ---- codes ---- */

/* A valid USCC: authority and category (e.g. "52"), the 6-digit division
 * of the registering authority, and a serial number. */
static void make_uscc(char out[USCC_LEN + 1], const char *kind, const char *division, int serial)
{
	char first8[16], org[10], first17[18];
	snprintf(first8, sizeof first8, "%08d", serial % 100000000);
	assert_int_equal(orgcode_make(org, first8), 0);
	snprintf(first17, sizeof first17, "%.2s%.6s%.9s", kind, division, org);
	assert_int_equal(uscc_make(out, first17), 0);
}

/* A valid ID number born on yyyymmdd in division. */
static void make_id(char out[ID_NUMBER_LEN + 1], const char *division, const char *yyyymmdd,
		    int serial)
{
	char first17[18];
	snprintf(first17, sizeof first17, "%s%s%03d", division, yyyymmdd, serial);
	assert_int_equal(id_number_make(out, first17), 0);
}

/* ---- organisations ---- */

/* Facts of an organisation that passes every national provider rule. */
static struct org_fields good_provider(const char *type, const char *name, const char *uscc,
				       const char *division)
{
	struct org_fields in = ORG_FIELDS_UNSET;
	in.type = type;
	in.name = name;
	in.uscc = uscc;
	in.division_code = division;
	in.registration_status = "valid";
	in.registered_on = "2015-06-01";
	in.business_scope = "社会工作服务、社区服务、心理咨询";
	in.full_time_staff = 12;
	in.qualified_social_workers = 6;
	in.years_of_service = 8;
	in.past_projects = 15;
	in.last_grade = "excellent";
	in.dishonest = 0;
	in.tax_record_clean = 1;
	in.social_insurance_clean = 1;
	return in;
}

static struct org_fields bare(const char *type, const char *name, const char *uscc,
			      const char *division)
{
	struct org_fields in = ORG_FIELDS_UNSET;
	in.type = type;
	in.name = name;
	in.uscc = uscc;
	in.division_code = division;
	return in;
}

static int64_t create(struct fixture *f, const struct org_fields *in)
{
	json_t *out = NULL;
	sg_err_clear(&f->ctx.err);
	int rc = org_create(&f->ctx, in, &out);
	if (rc)
		fail_msg("org_create %s: %d %s (%s)", in->name ? in->name : "(null)", rc,
			 f->ctx.err.field, f->ctx.err.msg_en);
	int64_t id = json_integer_value(json_object_get(out, "id"));
	assert_true(id > 0);
	json_decref(out);
	return id;
}

/* A governance and a finance document on file. */
static void add_documents(struct fixture *f, int64_t id)
{
	json_t *out;
	assert_int_equal(org_document_add(&f->ctx, id, "governance", "章程", "2020-01-01", &out),
			 0);
	json_decref(out);
	assert_int_equal(org_document_add(&f->ctx, id, "finance", "财务管理制度", NULL, &out), 0);
	json_decref(out);
}

/* A registered good provider of the given type, with documents. */
static int64_t create_good(struct fixture *f, const char *type, const char *name, const char *kind,
			   const char *division, int serial)
{
	char uscc[USCC_LEN + 1];
	make_uscc(uscc, kind, "500110", serial);
	struct org_fields in = good_provider(type, name, uscc, division);
	int64_t id = create(f, &in);
	add_documents(f, id);
	return id;
}

/* ---- decisions ---- */

static json_t *decide(struct fixture *f, int64_t id, enum org_role role, const char *region,
		      int year)
{
	json_t *d = NULL;
	sg_err_clear(&f->ctx.err);
	int rc = eligibility_decision(&f->ctx, id, role, region, year, &d);
	if (rc)
		fail_msg("org_eligibility %lld: %d %s", (long long)id, rc, f->ctx.err.msg_en);
	assert_non_null(d);
	return d;
}

/* The codes of the rules that failed, comma-separated, in order. */
static const char *failed(const json_t *d)
{
	static char buf[512];
	size_t i, n = 0;
	json_t *r;

	buf[0] = '\0';
	json_array_foreach(json_object_get(d, "rules"), i, r)
	{
		if (json_is_true(json_object_get(r, "passed")))
			continue;
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", n ? "," : "",
				      json_string_value(json_object_get(r, "id")));
		assert_true(n < sizeof buf);
	}
	return buf;
}

/* The decision's entry for rule code, or NULL when it does not apply. */
static json_t *rule_of(const json_t *d, const char *code)
{
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(d, "rules"), i, r)
	{
		if (strcmp(json_string_value(json_object_get(r, "id")), code) == 0)
			return r;
	}
	return NULL;
}

static bool eligible(const json_t *d)
{
	return json_is_true(json_object_get(d, "eligible"));
}

static const char *set_code(const json_t *d)
{
	return json_string_value(json_object_get(json_object_get(d, "rule_set"), "code"));
}

/* Decides and returns whether rule code passed (fails the test when the
 * rule does not apply). */
static bool passes(struct fixture *f, int64_t id, enum org_role role, const char *code)
{
	json_t *d = decide(f, id, role, NULL, 0);
	json_t *r = rule_of(d, code);
	if (!r)
		fail_msg("rule %s does not apply to %lld", code, (long long)id);
	bool passed = json_is_true(json_object_get(r, "passed"));
	json_decref(d);
	return passed;
}

/* Verdict and failed rules of a decision in one string, e.g.
 * "no:provider.type" or "yes:". */
static const char *verdict(struct fixture *f, int64_t id, enum org_role role)
{
	static char buf[600];
	json_t *d = decide(f, id, role, NULL, 0);
	bool quick = true;
	snprintf(buf, sizeof buf, "%s:%s", eligible(d) ? "yes" : "no", failed(d));
	json_decref(d);
	/* org_is_eligible, used by other modules, agrees */
	assert_int_equal(eligibility_verdict(&f->ctx, id, role, NULL, 0, &quick), 0);
	assert_int_equal(quick, buf[0] == 'y');
	return buf;
}

/* The id of rule code in the rule set set. */
static int64_t rule_id(struct fixture *f, const char *set, const char *code)
{
	int64_t id = 0;
	assert_int_equal(
	    db_one_int(f->ctx.db, &id,
		       "SELECT r.id FROM eligibility_rules r JOIN eligibility_rule_sets s"
		       " ON s.id = r.rule_set_id WHERE s.code = ? AND r.code = ?",
		       "tt", set, code),
	    0);
	return id;
}

/* Changes a rule's expected value (expected consumed); returns the code. */
static int change_rule(struct fixture *f, int64_t id, json_t *expected, const char *clause)
{
	json_t *out = NULL;
	sg_err_clear(&f->ctx.err);
	struct eligibility_rule_patch p = {.expected = expected, .clause = clause};
	int rc = eligibility_rule_update(&f->ctx, id, &p, &out);
	json_decref(expected);
	if (rc == 0) {
		assert_non_null(out);
		assert_int_equal(json_integer_value(json_object_get(out, "id")), id);
	} else {
		assert_null(out);
	}
	json_decref(out);
	return rc;
}

/* Adds a rule to the national set for providers, as a migration would. */
static int64_t add_rule(struct fixture *f, const char *code, const char *fact, const char *op,
			const char *expected)
{
	int64_t id = 0;
	assert_int_equal(
	    db_one_int(f->ctx.db, &id,
		       "INSERT INTO eligibility_rules (rule_set_id, code, role, position, fact, op,"
		       " expected, applies_to, description_zh, description_en, clause)"
		       " SELECT id, ?, 'provider', 50, ?, ?, ?, NULL, '测试', 'test', '测试条款'"
		       " FROM eligibility_rule_sets WHERE code = 'national' RETURNING id",
		       "tttt", code, fact, op, expected),
	    0);
	return id;
}

/* ------------------------------------------------------------- R-ORG-3/4 */

static void test_seeded_rules(void **state)
{
	(void)state;
	struct fixture *f = fx_open();
	json_t *out;

	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM eligibility_rule_sets"), 1);
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM eligibility_rules"), 12);
	assert_int_equal(eligibility_rule_sets(&f->ctx, &out), 0);
	json_t *items = json_object_get(out, "items");
	assert_int_equal(json_array_size(items), 1);
	json_t *national = json_array_get(items, 0);
	assert_string_equal(json_string_value(json_object_get(national, "code")), "national");
	assert_true(json_is_null(json_object_get(national, "region_code")));
	assert_true(json_is_null(json_object_get(national, "year")));
	json_t *rules = json_object_get(national, "rules");
	assert_int_equal(json_array_size(rules), 12);
	/* by role name (provider before purchaser), then position */
	assert_string_equal(json_string_value(json_object_get(json_array_get(rules, 0), "code")),
			    "provider.type");
	assert_string_equal(json_string_value(json_object_get(json_array_get(rules, 1), "code")),
			    "provider.registration");
	assert_string_equal(json_string_value(json_object_get(json_array_get(rules, 11), "code")),
			    "purchaser.type");
	assert_true(json_is_array(json_object_get(json_array_get(rules, 11), "expected")));
	assert_true(json_is_null(json_object_get(json_array_get(rules, 11), "applies_to")));
	assert_true(json_is_array(json_object_get(json_array_get(rules, 1), "applies_to")));
	json_decref(out);

	assert_int_equal(org_role_from_name("purchaser"), ORG_PURCHASER);
	assert_int_equal(org_role_from_name("provider"), ORG_PROVIDER);
	assert_int_equal(org_role_from_name("buyer"), -1);
	assert_int_equal(org_role_from_name(NULL), -1);
	assert_true(org_type_valid("public_institution_2"));
	assert_true(org_type_valid("individual"));
	assert_false(org_type_valid("club"));
	assert_false(org_type_valid(""));
	assert_false(org_type_valid(NULL));
	fx_close(f);
}

static void test_purchasers_and_providers(void **state)
{
	(void)state;
	struct fixture *f = fx_open();

	int64_t gov = create_good(f, "government", "綦江区人民政府", "11", "500110", 1);
	int64_t bureau = create_good(f, "civil_affairs", "重庆市綦江区民政局", "11", "500110", 2);
	int64_t pi1 = create_good(f, "public_institution_1", "綦江区社会福利院", "12", "500110", 3);
	int64_t pi2 = create_good(f, "public_institution_2", "綦江区社会工作服务指导站", "12",
				  "500110001", 4);
	int64_t funded = create_good(f, "mass_org_funded", "綦江区妇女联合会", "13", "500110", 5);
	int64_t social =
	    create_good(f, "social_org", "綦江区心连心社会工作服务中心", "52", "500110", 6);

	/* government bodies and civil affairs departments purchase, never provide */
	assert_string_equal(verdict(f, gov, ORG_PURCHASER), "yes:");
	assert_string_equal(verdict(f, bureau, ORG_PURCHASER), "yes:");
	assert_string_equal(verdict(f, gov, ORG_PROVIDER), "no:provider.type");
	assert_string_equal(verdict(f, bureau, ORG_PROVIDER), "no:provider.type");
	/* a public institution class 1 does neither */
	assert_string_equal(verdict(f, pi1, ORG_PURCHASER), "no:purchaser.type");
	assert_string_equal(verdict(f, pi1, ORG_PROVIDER), "no:provider.type");
	/* class 2 provides */
	assert_string_equal(verdict(f, pi2, ORG_PROVIDER), "yes:");
	assert_string_equal(verdict(f, pi2, ORG_PURCHASER), "no:purchaser.type");
	/* a budget-funded mass organisation does neither */
	assert_string_equal(verdict(f, funded, ORG_PURCHASER), "no:purchaser.type");
	assert_string_equal(verdict(f, funded, ORG_PROVIDER), "no:provider.type");
	/* a qualified social organisation provides, every rule explained */
	assert_string_equal(verdict(f, social, ORG_PURCHASER), "no:purchaser.type");
	json_t *d = decide(f, social, ORG_PROVIDER, NULL, 0);
	assert_true(eligible(d));
	assert_string_equal(json_string_value(json_object_get(d, "role")), "provider");
	assert_int_equal(json_integer_value(json_object_get(d, "year")), 2026);
	assert_string_equal(json_string_value(json_object_get(d, "region_code")), "500110");
	assert_string_equal(set_code(d), "national");
	assert_int_equal(json_array_size(json_object_get(d, "rules")), 11);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(d, "org"), "id")),
			 social);
	json_t *staff = rule_of(d, "provider.full_time_staff");
	assert_non_null(staff);
	assert_string_equal(json_string_value(json_object_get(staff, "fact")), "full_time_staff");
	assert_int_equal(json_integer_value(json_object_get(staff, "value")), 12);
	assert_string_equal(json_string_value(json_object_get(staff, "op")), "ge");
	assert_int_equal(json_integer_value(json_object_get(staff, "expected")), 3);
	assert_int_equal(json_integer_value(json_object_get(staff, "rule_id")),
			 rule_id(f, "national", "provider.full_time_staff"));
	assert_true(strlen(json_string_value(json_object_get(staff, "clause"))) > 0);
	json_decref(d);

	/* too few qualified staff: refused by exactly that rule */
	char uscc[USCC_LEN + 1];
	make_uscc(uscc, "52", "500110", 7);
	struct org_fields in =
	    good_provider("social_org", "綦江区齐跃社会工作服务中心", uscc, "500110");
	in.qualified_social_workers = 0;
	int64_t understaffed = create(f, &in);
	add_documents(f, understaffed);
	d = decide(f, understaffed, ORG_PROVIDER, NULL, 0);
	assert_false(eligible(d));
	assert_string_equal(failed(d), "provider.qualified_social_workers");
	json_t *r = rule_of(d, "provider.qualified_social_workers");
	assert_int_equal(json_integer_value(json_object_get(r, "value")), 0);
	assert_int_equal(json_integer_value(json_object_get(r, "expected")), 1);
	json_decref(d);

	/* without documents on file: the two document rules */
	make_uscc(uscc, "91", "500110", 8);
	in = good_provider("enterprise", "綦江区仁怀社工服务有限公司", uscc, "500110");
	int64_t undocumented = create(f, &in);
	assert_string_equal(verdict(f, undocumented, ORG_PROVIDER),
			    "no:provider.governance_documents,provider.finance_documents");
	add_documents(f, undocumented);
	assert_string_equal(verdict(f, undocumented, ORG_PROVIDER), "yes:");

	/* an organisation outside the scope is not found */
	act_as(f, CIVIL_BJ);
	json_t *none = NULL;
	assert_int_equal(eligibility_decision(&f->ctx, social, ORG_PROVIDER, NULL, 0, &none),
			 SG_ENOTFOUND);
	assert_null(none);
	/* a malformed region */
	act_as(f, CIVIL);
	assert_int_equal(eligibility_decision(&f->ctx, social, ORG_PROVIDER, "abc", 0, &none),
			 SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "division");
	assert_null(none);
	fx_close(f);
}

static void test_individual(void **state)
{
	(void)state;
	struct fixture *f = fx_open();
	char id[ID_NUMBER_LEN + 1];

	make_id(id, "500110", "19850315", 427);
	struct org_fields in = bare("individual", "张晓红", NULL, "500110001");
	in.id_number = id;
	in.qualified_social_workers = 1;
	in.dishonest = 0;
	in.tax_record_clean = 1;
	in.social_insurance_clean = 1;
	int64_t person = create(f, &in);

	/* a qualified individual provides; the rules on staff, registration,
	 * business scope and documents are not theirs */
	json_t *d = decide(f, person, ORG_PROVIDER, NULL, 0);
	assert_true(eligible(d));
	assert_string_equal(failed(d), "");
	assert_int_equal(json_array_size(json_object_get(d, "rules")), 6);
	assert_null(rule_of(d, "provider.full_time_staff"));
	assert_null(rule_of(d, "provider.registration"));
	assert_null(rule_of(d, "provider.business_scope"));
	assert_null(rule_of(d, "provider.governance_documents"));
	assert_null(rule_of(d, "provider.finance_documents"));
	assert_non_null(rule_of(d, "provider.qualified_social_workers"));
	/* the decision names the person masked */
	assert_string_equal(json_string_value(json_object_get(json_object_get(d, "org"), "name")),
			    "张**");
	json_decref(d);
	assert_string_equal(verdict(f, person, ORG_PURCHASER), "no:purchaser.type");

	/* without the qualification: refused by that rule alone */
	make_id(id, "500110", "19900101", 12);
	in.id_number = id;
	in.name = "李四";
	in.qualified_social_workers = 0;
	int64_t unqualified = create(f, &in);
	assert_string_equal(verdict(f, unqualified, ORG_PROVIDER),
			    "no:provider.qualified_social_workers");
	fx_close(f);
}

static void test_registration_revoked(void **state)
{
	(void)state;
	struct fixture *f = fx_open();
	json_t *out = NULL;

	int64_t id =
	    create_good(f, "social_org", "綦江区心连心社会工作服务中心", "52", "500110", 1);
	assert_string_equal(verdict(f, id, ORG_PROVIDER), "yes:");

	struct org_fields change = ORG_FIELDS_UNSET;
	change.registration_status = "revoked";
	assert_int_equal(org_update(&f->ctx, id, &change, &out), 0);
	assert_string_equal(json_string_value(json_object_get(out, "registration_status")),
			    "revoked");
	/* the other facts are kept */
	assert_int_equal(json_integer_value(json_object_get(out, "full_time_staff")), 12);
	assert_int_equal(json_integer_value(json_object_get(out, "governance_documents")), 1);
	assert_true(json_is_true(json_object_get(out, "tax_record_clean")));
	json_decref(out);
	assert_int_equal(audits(f, "org.update"), 1);
	assert_string_equal(verdict(f, id, ORG_PROVIDER), "no:provider.registration");

	change.registration_status = "deregistered";
	assert_int_equal(org_update(&f->ctx, id, &change, &out), 0);
	json_decref(out);
	assert_string_equal(verdict(f, id, ORG_PROVIDER), "no:provider.registration");

	change.registration_status = "valid";
	assert_int_equal(org_update(&f->ctx, id, &change, &out), 0);
	json_decref(out);
	assert_string_equal(verdict(f, id, ORG_PROVIDER), "yes:");
	assert_int_equal(audits(f, "org.update"), 3);
	fx_close(f);
}

/* ------------------------------------------------------------- R-ORG-5 */

static void test_operators(void **state)
{
	(void)state;
	struct fixture *f = fx_open();
	char uscc[USCC_LEN + 1];

	int64_t good =
	    create_good(f, "social_org", "綦江区心连心社会工作服务中心", "52", "500110", 1);
	/* no grade and no business scope: facts without a value */
	make_uscc(uscc, "52", "500110", 2);
	struct org_fields in =
	    good_provider("social_org", "綦江区新起点社会工作服务中心", uscc, "500110");
	in.last_grade = NULL;
	in.business_scope = NULL;
	int64_t blank = create(f, &in);
	add_documents(f, blank);
	assert_string_equal(verdict(f, blank, ORG_PROVIDER), "no:provider.business_scope");
	act_as(f, ADMIN); /* the national set is an administrator's */

	/* eq, on a string and on a boolean */
	int64_t reg = rule_id(f, "national", "provider.registration");
	assert_true(passes(f, good, ORG_PROVIDER, "provider.registration"));
	assert_int_equal(change_rule(f, reg, json_string("revoked"), NULL), 0);
	assert_false(passes(f, good, ORG_PROVIDER, "provider.registration"));
	assert_int_equal(change_rule(f, reg, json_string("valid"), NULL), 0);
	assert_true(passes(f, good, ORG_PROVIDER, "provider.registration"));
	int64_t dishonest = rule_id(f, "national", "provider.dishonest");
	assert_int_equal(change_rule(f, dishonest, json_true(), NULL), 0);
	assert_false(passes(f, good, ORG_PROVIDER, "provider.dishonest"));
	assert_int_equal(change_rule(f, dishonest, json_false(), NULL), 0);
	assert_true(passes(f, good, ORG_PROVIDER, "provider.dishonest"));

	/* ge: the threshold itself passes */
	int64_t staff = rule_id(f, "national", "provider.full_time_staff");
	assert_int_equal(change_rule(f, staff, json_integer(12), NULL), 0);
	assert_true(passes(f, good, ORG_PROVIDER, "provider.full_time_staff"));
	assert_int_equal(change_rule(f, staff, json_integer(13), NULL), 0);
	assert_false(passes(f, good, ORG_PROVIDER, "provider.full_time_staff"));
	assert_string_equal(verdict(f, good, ORG_PROVIDER), "no:provider.full_time_staff");
	assert_int_equal(change_rule(f, staff, json_integer(3), NULL), 0);
	assert_string_equal(verdict(f, good, ORG_PROVIDER), "yes:");

	/* in: the purchaser types */
	int64_t ptype = rule_id(f, "national", "purchaser.type");
	assert_int_equal(
	    change_rule(f, ptype, json_pack("[s,s]", "social_org", "government"), NULL), 0);
	assert_string_equal(verdict(f, good, ORG_PURCHASER), "yes:");
	assert_int_equal(
	    change_rule(f, ptype, json_pack("[s,s]", "government", "civil_affairs"), NULL), 0);
	assert_string_equal(verdict(f, good, ORG_PURCHASER), "no:purchaser.type");

	/* not_in: a missing grade is not a bad one */
	int64_t grade = rule_id(f, "national", "provider.last_grade");
	assert_true(passes(f, good, ORG_PROVIDER, "provider.last_grade"));
	assert_true(passes(f, blank, ORG_PROVIDER, "provider.last_grade"));
	assert_int_equal(change_rule(f, grade, json_pack("[s,s]", "fair", "excellent"), NULL), 0);
	assert_false(passes(f, good, ORG_PROVIDER, "provider.last_grade"));
	assert_true(passes(f, blank, ORG_PROVIDER, "provider.last_grade"));
	assert_int_equal(change_rule(f, grade, json_pack("[s]", "poor"), NULL), 0);

	/* contains: a part of the text; a missing text contains nothing */
	int64_t scope = rule_id(f, "national", "provider.business_scope");
	assert_int_equal(change_rule(f, scope, json_string("心理"), NULL), 0);
	assert_true(passes(f, good, ORG_PROVIDER, "provider.business_scope"));
	assert_false(passes(f, blank, ORG_PROVIDER, "provider.business_scope"));
	assert_int_equal(change_rule(f, scope, json_string("养老"), NULL), 0);
	assert_false(passes(f, good, ORG_PROVIDER, "provider.business_scope"));
	assert_int_equal(change_rule(f, scope, json_string("社会工作"), NULL), 0);
	assert_true(passes(f, good, ORG_PROVIDER, "provider.business_scope"));

	/* ne and le, in rules added as data */
	int64_t ne = add_rule(f, "provider.test_ne", "last_grade", "ne", "\"poor\"");
	assert_true(passes(f, good, ORG_PROVIDER, "provider.test_ne"));
	assert_true(passes(f, blank, ORG_PROVIDER, "provider.test_ne"));
	assert_int_equal(change_rule(f, ne, json_string("excellent"), NULL), 0);
	assert_false(passes(f, good, ORG_PROVIDER, "provider.test_ne"));
	assert_true(passes(f, blank, ORG_PROVIDER, "provider.test_ne")); /* null ≠ "excellent" */
	int64_t le = add_rule(f, "provider.test_le", "past_projects", "le", "100");
	assert_true(passes(f, good, ORG_PROVIDER, "provider.test_le"));
	assert_int_equal(change_rule(f, le, json_integer(15), NULL), 0);
	assert_true(passes(f, good, ORG_PROVIDER, "provider.test_le"));
	assert_int_equal(change_rule(f, le, json_integer(14), NULL), 0);
	assert_false(passes(f, good, ORG_PROVIDER, "provider.test_le"));

	/* a null value: eq null passes only where the fact has no value */
	int64_t eqnull = add_rule(f, "provider.test_null", "last_grade", "eq", "\"excellent\"");
	assert_true(passes(f, good, ORG_PROVIDER, "provider.test_null"));
	assert_false(passes(f, blank, ORG_PROVIDER, "provider.test_null"));
	assert_int_equal(change_rule(f, eqnull, json_null(), NULL), 0);
	assert_false(passes(f, good, ORG_PROVIDER, "provider.test_null"));
	assert_true(passes(f, blank, ORG_PROVIDER, "provider.test_null"));
	json_t *d = decide(f, blank, ORG_PROVIDER, NULL, 0);
	json_t *r = rule_of(d, "provider.test_null");
	assert_true(json_is_null(json_object_get(r, "value")));
	assert_true(json_is_null(json_object_get(r, "expected")));
	json_decref(d);
	/* a fact that is not a rule fact is never read: it has no value */
	int64_t uscc_rule = add_rule(f, "provider.test_uscc", "uscc", "ne", "\"x\"");
	d = decide(f, good, ORG_PROVIDER, NULL, 0);
	r = rule_of(d, "provider.test_uscc");
	assert_true(json_is_null(json_object_get(r, "value")));
	assert_true(json_is_true(json_object_get(r, "passed")));
	json_decref(d);
	(void)uscc_rule;

	/* the expected value must fit the operator; nothing changes otherwise */
	int64_t before = audits(f, "eligibility.rule_update");
	json_t *bad_in = json_pack("[s,i]", "government", 1);
	json_t *too_many = json_array();
	for (int i = 0; i < 65; i++)
		json_array_append_new(too_many, json_string("x"));
	const struct {
		int64_t rule;
		json_t *expected;
	} misfits[] = {
	    {staff, json_string("many")},
	    {staff, json_integer(-1)},
	    {staff, json_integer(100001)},
	    {staff, json_null()},
	    {staff, json_real(3.5)},
	    {ptype, json_string("government")},
	    {ptype, bad_in},
	    {ptype, too_many},
	    {grade, json_null()},
	    {scope, json_string("")},
	    {scope, json_integer(5)},
	    {reg, json_pack("{s:s}", "a", "b")},
	    {reg, json_pack("[s]", "valid")},
	};
	for (size_t i = 0; i < sizeof misfits / sizeof misfits[0]; i++) {
		assert_int_equal(change_rule(f, misfits[i].rule, misfits[i].expected, NULL),
				 SG_EINVAL);
		assert_string_equal(f->ctx.err.field, "expected");
	}
	assert_int_equal(audits(f, "eligibility.rule_update"), before);
	assert_int_equal(change_rule(f, staff, json_integer(100000), NULL), 0);
	assert_int_equal(change_rule(f, staff, json_integer(0), NULL), 0);

	/* the clause alone; a blank clause; no such rule */
	assert_int_equal(change_rule(f, staff, NULL, "新条款第一条"), 0);
	d = decide(f, good, ORG_PROVIDER, NULL, 0);
	r = rule_of(d, "provider.full_time_staff");
	assert_string_equal(json_string_value(json_object_get(r, "clause")), "新条款第一条");
	assert_int_equal(json_integer_value(json_object_get(r, "expected")), 0);
	json_decref(d);
	assert_int_equal(change_rule(f, staff, NULL, " \xe3\x80\x80 "), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "clause");
	assert_int_equal(change_rule(f, 999999, json_integer(1), NULL), SG_ENOTFOUND);
	assert_int_equal(audits(f, "eligibility.rule_update"), before + 3);
	fx_close(f);
}

static void test_rule_set_selection(void **state)
{
	(void)state;
	struct fixture *f = fx_open();
	json_t *out = NULL;

	int64_t qj =
	    create_good(f, "social_org", "綦江区心连心社会工作服务中心", "52", "500110", 1);
	int64_t gn = create_good(f, "social_org", "古南街道社会工作服务站", "52", "500110001", 2);
	act_as(f, ADMIN);
	int64_t bn = create_good(f, "social_org", "巴南区社会工作服务中心", "52", "500113", 3);
	act_as(f, CIVIL);

	/* 綦江区 gets its own set, copied from the national one */
	assert_int_equal(eligibility_rule_set_create(&f->ctx, "qijiang", "500110", 0,
						     "綦江区承接主体条件", "Qijiang provider rules",
						     "綦江区民政局通知", &out),
			 0);
	assert_string_equal(json_string_value(json_object_get(out, "based_on")), "national");
	assert_true(json_is_null(json_object_get(out, "year")));
	json_decref(out);
	assert_int_equal(audits(f, "eligibility.rule_set_create"), 1);
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM eligibility_rules r JOIN"
					  " eligibility_rule_sets s ON s.id = r.rule_set_id"
					  " WHERE s.code = 'qijiang'"),
			 12);
	assert_int_equal(change_rule(f, rule_id(f, "qijiang", "provider.full_time_staff"),
				     json_integer(20), "綦江区通知第三条"),
			 0);

	/* it decides in the region and below; the sibling keeps the national set */
	json_t *d = decide(f, qj, ORG_PROVIDER, NULL, 0);
	assert_string_equal(set_code(d), "qijiang");
	assert_string_equal(failed(d), "provider.full_time_staff");
	assert_string_equal(
	    json_string_value(json_object_get(rule_of(d, "provider.full_time_staff"), "clause")),
	    "綦江区通知第三条");
	json_decref(d);
	d = decide(f, gn, ORG_PROVIDER, NULL, 0);
	assert_string_equal(set_code(d), "qijiang");
	json_decref(d);
	act_as(f, ADMIN);
	d = decide(f, bn, ORG_PROVIDER, NULL, 0);
	assert_string_equal(set_code(d), "national");
	assert_true(eligible(d));
	json_decref(d);
	/* the region asked for decides, not the organisation's own */
	d = decide(f, qj, ORG_PROVIDER, "500113", 0);
	assert_string_equal(set_code(d), "national");
	assert_string_equal(json_string_value(json_object_get(d, "region_code")), "500113");
	assert_true(eligible(d));
	json_decref(d);
	d = decide(f, bn, ORG_PROVIDER, "500110001", 0);
	assert_string_equal(set_code(d), "qijiang");
	json_decref(d);
	d = decide(f, qj, ORG_PROVIDER, "110101", 0);
	assert_string_equal(set_code(d), "national");
	json_decref(d);

	/* a year's own set beats the every-year one, that year only; it is
	 * copied from the set that decided for that year */
	act_as(f, CIVIL);
	assert_int_equal(eligibility_rule_set_create(&f->ctx, "qijiang-2030", "500110", 2030,
						     "綦江区 2030", "Qijiang 2030", "测试", &out),
			 0);
	assert_string_equal(json_string_value(json_object_get(out, "based_on")), "qijiang");
	assert_int_equal(json_integer_value(json_object_get(out, "year")), 2030);
	json_decref(out);
	d = decide(f, qj, ORG_PROVIDER, NULL, 2030);
	assert_string_equal(set_code(d), "qijiang-2030");
	assert_int_equal(json_integer_value(json_object_get(d, "year")), 2030);
	assert_int_equal(
	    json_integer_value(json_object_get(rule_of(d, "provider.full_time_staff"), "expected")),
	    20);
	json_decref(d);
	d = decide(f, qj, ORG_PROVIDER, NULL, 2029);
	assert_string_equal(set_code(d), "qijiang");
	json_decref(d);
	d = decide(f, qj, ORG_PROVIDER, NULL, 0);
	assert_string_equal(set_code(d), "qijiang");
	json_decref(d);

	/* a national set of one year: below a region's own set of every year */
	assert_int_equal(
	    db_run(f->ctx.db,
		   "INSERT INTO eligibility_rule_sets (code, region_code, year, name_zh, name_en,"
		   " source_zh) VALUES ('national-2031', NULL, 2031, '全国 2031', 'National 2031',"
		   " '测试')",
		   NULL),
	    0);
	assert_int_equal(
	    db_run(f->ctx.db,
		   "INSERT INTO eligibility_rules (rule_set_id, code, role, position, fact, op,"
		   " expected, applies_to, description_zh, description_en, clause)"
		   " SELECT (SELECT id FROM eligibility_rule_sets WHERE code = 'national-2031'),"
		   " code, role, position, fact, op, expected, applies_to, description_zh,"
		   " description_en, clause FROM eligibility_rules WHERE rule_set_id ="
		   " (SELECT id FROM eligibility_rule_sets WHERE code = 'national')",
		   NULL),
	    0);
	act_as(f, ADMIN);
	d = decide(f, bn, ORG_PROVIDER, NULL, 2031);
	assert_string_equal(set_code(d), "national-2031");
	json_decref(d);
	d = decide(f, bn, ORG_PROVIDER, NULL, 2030);
	assert_string_equal(set_code(d), "national");
	json_decref(d);
	d = decide(f, qj, ORG_PROVIDER, NULL, 2031);
	assert_string_equal(set_code(d), "qijiang");
	json_decref(d);

	/* the list: national first, then by region and year */
	assert_int_equal(eligibility_rule_sets(&f->ctx, &out), 0);
	json_t *items = json_object_get(out, "items");
	assert_int_equal(json_array_size(items), 4);
	const char *order[] = {"national", "national-2031", "qijiang", "qijiang-2030"};
	for (size_t i = 0; i < 4; i++) {
		json_t *s = json_array_get(items, i);
		assert_string_equal(json_string_value(json_object_get(s, "code")), order[i]);
		assert_int_equal(json_array_size(json_object_get(s, "rules")), 12);
	}
	json_decref(out);

	/* conflicts, scope and bad input */
	act_as(f, CIVIL);
	out = NULL;
	assert_int_equal(
	    eligibility_rule_set_create(&f->ctx, "qijiang-again", "500110", 0, "x", "x", "x", &out),
	    SG_ECONFLICT);
	assert_string_equal(f->ctx.err.field, "region_code");
	sg_err_clear(&f->ctx.err);
	assert_int_equal(
	    eligibility_rule_set_create(&f->ctx, "qijiang", "500110001", 0, "x", "x", "x", &out),
	    SG_ECONFLICT);
	sg_err_clear(&f->ctx.err);
	assert_int_equal(
	    eligibility_rule_set_create(&f->ctx, "bj", "110101", 0, "x", "x", "x", &out),
	    SG_ENOTFOUND);
	assert_string_equal(f->ctx.err.field, "division_code");
	sg_err_clear(&f->ctx.err);
	assert_int_equal(
	    eligibility_rule_set_create(&f->ctx, "x1", "5001x", 0, "x", "x", "x", &out), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "region_code");
	sg_err_clear(&f->ctx.err);
	assert_int_equal(eligibility_rule_set_create(&f->ctx, "x1", NULL, 0, "x", "x", "x", &out),
			 SG_EINVAL);
	sg_err_clear(&f->ctx.err);
	assert_int_equal(
	    eligibility_rule_set_create(&f->ctx, "x1", "500110001", 0, "x", " ", "x", &out),
	    SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "name_en");
	act_as(f, CIVIL_BJ);
	assert_int_equal(
	    eligibility_rule_set_create(&f->ctx, "x2", "500110001", 0, "x", "x", "x", &out),
	    SG_ENOTFOUND);
	act_as(f, TOWNSHIP);
	assert_int_equal(
	    eligibility_rule_set_create(&f->ctx, "x3", "500110001", 0, "x", "x", "x", &out),
	    SG_EFORBIDDEN);
	assert_null(out);
	assert_int_equal(audits(f, "eligibility.rule_set_create"), 2);

	/* who changes which rules */
	int64_t national = rule_id(f, "national", "provider.full_time_staff");
	int64_t own = rule_id(f, "qijiang", "provider.full_time_staff");
	act_as(f, CIVIL);
	assert_int_equal(change_rule(f, national, json_integer(5), NULL), SG_EFORBIDDEN);
	act_as(f, CIVIL_BJ);
	assert_int_equal(change_rule(f, own, json_integer(5), NULL), SG_ENOTFOUND);
	assert_string_equal(f->ctx.err.field, "id");
	act_as(f, TOWNSHIP);
	assert_int_equal(change_rule(f, own, json_integer(5), NULL), SG_EFORBIDDEN);
	act_as(f, PROVIDER);
	assert_int_equal(change_rule(f, national, json_integer(5), NULL), SG_EFORBIDDEN);
	act_as(f, ADMIN);
	assert_int_equal(change_rule(f, own, json_integer(3), NULL), 0);
	assert_int_equal(change_rule(f, national, json_integer(3), NULL), 0);
	act_as(f, CIVIL);
	assert_string_equal(verdict(f, qj, ORG_PROVIDER), "yes:");
	fx_close(f);
}

/* ------------------------------------------------------------- R-ORG-1/2 */

static void expect_create_error(struct fixture *f, const struct org_fields *in, int code,
				const char *field)
{
	json_t *out = NULL;
	sg_err_clear(&f->ctx.err);
	int rc = org_create(&f->ctx, in, &out);
	if (rc != code)
		fail_msg("org_create %s: %d, expected %d (%s: %s)", in->name ? in->name : "(null)",
			 rc, code, f->ctx.err.field, f->ctx.err.msg_en);
	assert_null(out);
	if (field)
		assert_string_equal(f->ctx.err.field, field);
}

static void test_create_checks(void **state)
{
	(void)state;
	struct fixture *f = fx_open();
	char good[USCC_LEN + 1], wrong[USCC_LEN + 1], id[ID_NUMBER_LEN + 1],
	    bad_id[ID_NUMBER_LEN + 1], unborn[ID_NUMBER_LEN + 1];

	make_uscc(good, "52", "500110", 100);
	memcpy(wrong, good, sizeof wrong);
	wrong[17] = good[17] == '0' ? '1' : '0'; /* the check character */
	make_id(id, "500110", "19800101", 1);
	memcpy(bad_id, id, sizeof bad_id);
	bad_id[17] = id[17] == '0' ? '1' : '0';
	make_id(unborn, "500110", "20300101", 1); /* born after ctx.now */

	struct org_fields in = bare("social_org", "测试社工中心", good, "500110");
	in.uscc = wrong;
	expect_create_error(f, &in, SG_EINVAL, "uscc");
	assert_string_equal(f->ctx.err.rule, "R-ORG-2");
	in.uscc = "52500110mjp0000137"; /* lower case is refused, not folded */
	expect_create_error(f, &in, SG_EINVAL, "uscc");
	in.uscc = NULL;
	expect_create_error(f, &in, SG_EINVAL, "uscc");
	in.uscc = good;
	in.id_number = id; /* only an individual has one */
	expect_create_error(f, &in, SG_EINVAL, "id_number");
	in.id_number = NULL;
	in.type = "club";
	expect_create_error(f, &in, SG_EINVAL, "type");
	in.type = NULL;
	expect_create_error(f, &in, SG_EINVAL, "type");
	in.type = "social_org";
	in.name = NULL;
	expect_create_error(f, &in, SG_EINVAL, "name");
	in.name = "  ";
	expect_create_error(f, &in, SG_EINVAL, "name");
	in.name = "\xe3\x80\x80"; /* an ideographic space */
	expect_create_error(f, &in, SG_EINVAL, "name");
	in.name = "测试社工中心";
	in.division_code = NULL;
	expect_create_error(f, &in, SG_EINVAL, "division_code");
	in.division_code = "5001x";
	expect_create_error(f, &in, SG_EINVAL, "division_code");
	in.division_code = "500199"; /* well-formed, unknown */
	expect_create_error(f, &in, SG_ENOTFOUND, "division_code");
	in.division_code = "110101"; /* outside the scope */
	expect_create_error(f, &in, SG_ENOTFOUND, "division_code");
	in.division_code = "500110";
	in.registration_status = "lost";
	expect_create_error(f, &in, SG_EINVAL, "registration_status");
	in.registration_status = "";
	expect_create_error(f, &in, SG_EINVAL, "registration_status");
	in.registration_status = NULL;
	in.last_grade = "superb";
	expect_create_error(f, &in, SG_EINVAL, "last_grade");
	in.last_grade = NULL;
	in.registered_on = "2021-02-30";
	expect_create_error(f, &in, SG_EINVAL, "registered_on");
	in.registered_on = "2021/02/03";
	expect_create_error(f, &in, SG_EINVAL, "registered_on");
	in.registered_on = NULL;

	/* an individual: an ID number, no USCC */
	struct org_fields person = bare("individual", "张三", NULL, "500110");
	expect_create_error(f, &person, SG_EINVAL, "id_number");
	person.id_number = bad_id;
	expect_create_error(f, &person, SG_EINVAL, "id_number");
	person.id_number = unborn;
	expect_create_error(f, &person, SG_EINVAL, "id_number");
	person.id_number = "50011019800101001"; /* 17 characters */
	expect_create_error(f, &person, SG_EINVAL, "id_number");
	person.id_number = id;
	person.uscc = good;
	expect_create_error(f, &person, SG_EINVAL, "uscc");
	person.uscc = NULL;

	/* roles that do not register organisations */
	act_as(f, TOWNSHIP);
	expect_create_error(f, &in, SG_EFORBIDDEN, NULL);
	act_as(f, PROVIDER);
	expect_create_error(f, &in, SG_EFORBIDDEN, NULL);
	act_as(f, CIVIL);

	/* nothing was written */
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM orgs"), 0);
	assert_int_equal(audits(f, "org.create"), 0);

	/* registered once; the same code again is a conflict */
	json_t *out = NULL;
	assert_int_equal(org_create(&f->ctx, &in, &out), 0);
	assert_string_equal(json_string_value(json_object_get(out, "uscc")), good);
	assert_string_equal(json_string_value(json_object_get(out, "registration_status")),
			    "valid");
	assert_int_equal(json_integer_value(json_object_get(out, "full_time_staff")), 0);
	assert_true(json_is_false(json_object_get(out, "tax_record_clean")));
	assert_true(json_is_null(json_object_get(out, "last_grade")));
	assert_true(json_is_null(json_object_get(out, "id_number_masked")));
	assert_string_equal(json_string_value(json_object_get(out, "division_name")), "綦江区");
	assert_int_equal(json_array_size(json_object_get(out, "documents")), 0);
	json_decref(out);
	in.name = "另一个社工中心";
	expect_create_error(f, &in, SG_ECONFLICT, "uscc");
	assert_int_equal(audits(f, "org.create"), 1);

	/* an ID number registers once, whatever the case of its X */
	char with_x[ID_NUMBER_LEN + 1] = "";
	for (int serial = 1; serial < 1000 && with_x[0] == '\0'; serial++) {
		make_id(with_x, "500110", "19851231", serial);
		if (with_x[17] != 'X')
			with_x[0] = '\0';
	}
	assert_true(with_x[0] != '\0');
	person.id_number = with_x;
	assert_int_equal(org_create(&f->ctx, &person, &out), 0);
	json_decref(out);
	with_x[17] = 'x';
	person.name = "张三丰";
	expect_create_error(f, &person, SG_ECONFLICT, "id_number");
	assert_int_equal(audits(f, "org.create"), 2);
	fx_close(f);
}

static void test_id_number_encrypted(void **state)
{
	(void)state;
	struct fixture *f = fx_open();
	char id[ID_NUMBER_LEN + 1], want_mask[PII_ID_MASK_SIZE], index[PII_INDEX_HEX];
	json_t *out = NULL;
	db_stmt *s;

	make_id(id, "500110", "19850315", 427);
	struct org_fields in = bare("individual", "张晓红", NULL, "500110001");
	in.id_number = id;
	assert_int_equal(org_create(&f->ctx, &in, &out), 0);
	int64_t person = json_integer_value(json_object_get(out, "id"));
	snprintf(want_mask, sizeof want_mask, "%.6s********%.4s", id, id + 14);
	assert_string_equal(json_string_value(json_object_get(out, "id_number_masked")), want_mask);
	assert_string_equal(json_string_value(json_object_get(out, "name")), "张**");
	assert_true(json_is_null(json_object_get(out, "uscc")));
	json_decref(out);

	/* the row holds a ciphertext and a keyed hash, never the number */
	assert_int_equal(
	    db_query(f->ctx.db, &s,
		     "SELECT id_number_enc, id_number_index, uscc FROM orgs WHERE id = ?", "i",
		     person),
	    0);
	assert_int_equal(db_step(s), DB_ROW);
	size_t len = 0;
	const unsigned char *blob = db_blob(s, 0, &len);
	assert_non_null(blob);
	assert_int_equal(len, ID_NUMBER_LEN + PII_OVERHEAD);
	assert_int_equal(blob[0], PII_SM4_GCM);
	assert_null(memmem(blob, len, id, ID_NUMBER_LEN));
	assert_null(memmem(blob, len, id, 6));
	char plain[ID_NUMBER_LEN + PII_OVERHEAD];
	size_t n = 0;
	assert_int_equal(pii_decrypt("orgs.id_number", blob, len, plain, &n), 0);
	assert_int_equal(n, ID_NUMBER_LEN);
	assert_string_equal(plain, id);
	const char *stored_index = db_text(s, 1);
	assert_non_null(stored_index);
	assert_int_equal(strlen(stored_index), 64);
	assert_int_equal(strspn(stored_index, "0123456789abcdef"), 64);
	assert_int_equal(pii_blind_index("id_number", id, ID_NUMBER_LEN, index), 0);
	assert_string_equal(stored_index, index);
	assert_true(db_is_null(s, 2));
	db_reset(s);

	/* nor does the audit log */
	assert_int_equal(db_query(f->ctx.db, &s,
				  "SELECT COUNT(*) FROM audit_log WHERE new_value LIKE ?", "t",
				  "%19850315%"),
			 0);
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_int(s, 0), 0);
	db_reset(s);
	assert_int_equal(audits(f, "org.create"), 1);

	/* read, listed and exported masked */
	assert_int_equal(org_get(&f->ctx, person, &out), 0);
	assert_string_equal(json_string_value(json_object_get(out, "id_number_masked")), want_mask);
	assert_string_equal(json_string_value(json_object_get(out, "name")), "张**");
	json_decref(out);
	struct org_filter filter = {.type = "individual", .eligible = -1};
	assert_int_equal(org_list(&f->ctx, &filter, 0, 50, &out), 0);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 1);
	char *text = json_dumps(out, 0);
	assert_null(strstr(text, id));
	assert_null(strstr(text, "张晓红"));
	free(text);
	json_decref(out);
	assert_int_equal(org_export(&f->ctx, &filter, &out), 0);
	text = json_dumps(out, 0);
	assert_null(strstr(text, id));
	assert_null(strstr(text, "晓红"));
	free(text);
	json_decref(out);

	/* under another key the number cannot be read: rendered all masked */
	unsigned char other[KEY_LEN];
	memset(other, 0x5a, sizeof other);
	assert_int_equal(pii_init(other, PII_SM4_GCM), 0);
	assert_int_equal(org_get(&f->ctx, person, &out), 0);
	assert_null(strstr(json_string_value(json_object_get(out, "id_number_masked")), "500110"));
	json_decref(out);
	fx_close(f);
}

static void test_unmask(void **state)
{
	(void)state;
	struct fixture *f = fx_open();
	char id[ID_NUMBER_LEN + 1], reason[700];
	json_t *out = NULL;

	make_id(id, "500110", "19850315", 427);
	struct org_fields in = bare("individual", "张晓红", NULL, "500110001");
	in.id_number = id;
	int64_t person = create(f, &in);
	int64_t bureau = create_good(f, "civil_affairs", "綦江区民政局", "11", "500110", 1);

	/* the role */
	const int refused[] = {TOWNSHIP, PROVIDER, WORKER};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		act_as(f, refused[i]);
		assert_int_equal(org_unmask(&f->ctx, person, "核对身份", &out), SG_EFORBIDDEN);
		assert_null(out);
	}
	/* the reason: 2 to 200 characters, not blank */
	act_as(f, CIVIL);
	const char *bad_reasons[] = {NULL, "", "  ", "\xe3\x80\x80\xe3\x80\x80", "x", "核"};
	for (size_t i = 0; i < sizeof bad_reasons / sizeof bad_reasons[0]; i++) {
		sg_err_clear(&f->ctx.err);
		assert_int_equal(org_unmask(&f->ctx, person, bad_reasons[i], &out), SG_EINVAL);
		assert_string_equal(f->ctx.err.field, "reason");
		assert_null(out);
	}
	for (int i = 0; i < 201; i++)
		memcpy(reason + 3 * i, "字", 3);
	reason[3 * 201] = '\0';
	sg_err_clear(&f->ctx.err);
	assert_int_equal(org_unmask(&f->ctx, person, reason, &out), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "reason");
	/* not an individual; outside the scope; no such organisation */
	sg_err_clear(&f->ctx.err);
	assert_int_equal(org_unmask(&f->ctx, bureau, "核对身份", &out), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "id");
	sg_err_clear(&f->ctx.err);
	assert_int_equal(org_unmask(&f->ctx, 999999, "核对身份", &out), SG_ENOTFOUND);
	act_as(f, CIVIL_BJ);
	assert_int_equal(org_unmask(&f->ctx, person, "核对身份", &out), SG_ENOTFOUND);
	assert_null(out);
	assert_int_equal(audits(f, "org.unmask"), 0);

	/* with the role and a reason: in clear, audited with the reason only */
	act_as(f, CIVIL);
	reason[strlen(reason) - 3] = '\0'; /* 200 characters */
	assert_int_equal(org_unmask(&f->ctx, person, reason, &out), 0);
	json_decref(out);
	assert_int_equal(org_unmask(&f->ctx, person, "核对承接资格", &out), 0);
	assert_string_equal(json_string_value(json_object_get(out, "id_number")), id);
	assert_string_equal(json_string_value(json_object_get(out, "name")), "张晓红");
	assert_int_equal(json_integer_value(json_object_get(out, "id")), person);
	json_decref(out);
	act_as(f, ADMIN);
	assert_int_equal(org_unmask(&f->ctx, person, "核对", &out), 0);
	json_decref(out);
	assert_int_equal(audits(f, "org.unmask"), 3);
	assert_int_equal(fixture_count(f,
				       "SELECT COUNT(*) FROM audit_log WHERE action = 'org.unmask'"
				       " AND new_value LIKE '%核对承接资格%'"),
			 1);
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM audit_log WHERE new_value LIKE"
					  " '%19850315%' OR old_value LIKE '%19850315%'"),
			 0);
	fx_close(f);
}

/* ------------------------------------------------------- lists and scope */

/* The ids of a list's items, comma-separated. */
static const char *ids_of(const json_t *page)
{
	static char buf[512];
	size_t i, n = 0;
	json_t *o;
	buf[0] = '\0';
	json_array_foreach(json_object_get(page, "items"), i, o)
	{
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%lld", n ? "," : "",
				      (long long)json_integer_value(json_object_get(o, "id")));
		assert_true(n < sizeof buf);
	}
	return buf;
}

static const char *list(struct fixture *f, const struct org_filter *filter, int64_t cursor,
			int limit)
{
	json_t *out = NULL;
	sg_err_clear(&f->ctx.err);
	int rc = org_list(&f->ctx, filter, cursor, limit, &out);
	if (rc)
		fail_msg("org_list: %d %s %s", rc, f->ctx.err.field, f->ctx.err.msg_en);
	const char *s = ids_of(out);
	json_decref(out);
	return s;
}

static void test_list_and_scope(void **state)
{
	(void)state;
	struct fixture *f = fx_open();
	char want[256], uscc[USCC_LEN + 1];
	json_t *out = NULL;

	int64_t social =
	    create_good(f, "social_org", "綦江区心连心社会工作服务中心", "52", "500110", 1);
	int64_t bureau = create_good(f, "civil_affairs", "重庆市綦江区民政局", "11", "500110", 2);
	int64_t pi1 = create_good(f, "public_institution_1", "綦江区社会福利院", "12", "500110", 3);
	int64_t pi2 = create_good(f, "public_institution_2", "綦江区社会工作服务指导站", "12",
				  "500110001", 4);
	int64_t funded = create_good(f, "mass_org_funded", "綦江区妇女联合会", "13", "500110", 5);
	make_uscc(uscc, "52", "500110", 6);
	struct org_fields in =
	    good_provider("social_org", "綦江区齐跃社会工作服务中心", uscc, "500110");
	in.qualified_social_workers = 0;
	int64_t understaffed = create(f, &in);
	add_documents(f, understaffed);
	act_as(f, ADMIN);
	int64_t banan = create_good(f, "social_org", "巴南区社会工作服务中心", "52", "500113", 7);
	/* the provider's staff member works for the social organisation */
	snprintf(want, sizeof want, "%lld", (long long)social);
	assert_int_equal(db_run(f->ctx.db,
				"INSERT INTO user_scope (user_id, kind, ref) VALUES (10, 'org', ?)",
				"t", want),
			 0);

	struct org_filter all = {.eligible = -1};
	/* the administrator sees every organisation */
	snprintf(want, sizeof want, "%lld,%lld,%lld,%lld,%lld,%lld,%lld", (long long)social,
		 (long long)bureau, (long long)pi1, (long long)pi2, (long long)funded,
		 (long long)understaffed, (long long)banan);
	assert_string_equal(list(f, &all, 0, 50), want);
	/* civil affairs of 綦江区: their subtree */
	act_as(f, CIVIL);
	snprintf(want, sizeof want, "%lld,%lld,%lld,%lld,%lld,%lld", (long long)social,
		 (long long)bureau, (long long)pi1, (long long)pi2, (long long)funded,
		 (long long)understaffed);
	assert_string_equal(list(f, &all, 0, 50), want);
	assert_int_equal(org_get(&f->ctx, banan, &out), SG_ENOTFOUND);
	assert_null(out);
	/* civil affairs of another county: nothing at all */
	act_as(f, CIVIL_BJ);
	assert_string_equal(list(f, &all, 0, 50), "");
	assert_int_equal(org_get(&f->ctx, social, &out), SG_ENOTFOUND);
	assert_string_equal(f->ctx.err.field, "id");
	assert_int_equal(eligibility_decision(&f->ctx, social, ORG_PROVIDER, NULL, 0, &out),
			 SG_ENOTFOUND);
	struct org_fields change = ORG_FIELDS_UNSET;
	change.full_time_staff = 1;
	assert_int_equal(org_update(&f->ctx, social, &change, &out), SG_ENOTFOUND);
	assert_int_equal(org_document_add(&f->ctx, social, "finance", "x", NULL, &out),
			 SG_ENOTFOUND);
	assert_int_equal(org_export(&f->ctx, &all, &out), 0);
	assert_int_equal(json_array_size(out), 0);
	json_decref(out);
	/* the township: its own township only */
	act_as(f, TOWNSHIP);
	snprintf(want, sizeof want, "%lld", (long long)pi2);
	assert_string_equal(list(f, &all, 0, 50), want);
	assert_int_equal(org_get(&f->ctx, bureau, &out), SG_ENOTFOUND);
	/* provider staff: their own organisation only */
	act_as(f, PROVIDER);
	snprintf(want, sizeof want, "%lld", (long long)social);
	assert_string_equal(list(f, &all, 0, 50), want);
	assert_int_equal(org_get(&f->ctx, social, &out), 0);
	json_decref(out);
	json_t *d = decide(f, social, ORG_PROVIDER, NULL, 0);
	json_decref(d);
	assert_int_equal(org_get(&f->ctx, bureau, &out), SG_ENOTFOUND);
	struct org_filter providers = {.eligible = ORG_PROVIDER};
	assert_string_equal(list(f, &providers, 0, 50), want);
	/* a social worker: no organisation */
	act_as(f, WORKER);
	assert_string_equal(list(f, &all, 0, 50), "");

	/* the eligibility filter decides row by row */
	act_as(f, CIVIL);
	snprintf(want, sizeof want, "%lld,%lld", (long long)social, (long long)pi2);
	assert_string_equal(list(f, &providers, 0, 50), want);
	struct org_filter purchasers = {.eligible = ORG_PURCHASER};
	snprintf(want, sizeof want, "%lld", (long long)bureau);
	assert_string_equal(list(f, &purchasers, 0, 50), want);
	/* and pages: one item, then the next after it */
	json_t *page1 = NULL;
	assert_int_equal(org_list(&f->ctx, &providers, 0, 1, &page1), 0);
	snprintf(want, sizeof want, "%lld", (long long)social);
	assert_string_equal(ids_of(page1), want);
	const char *cursor = json_string_value(json_object_get(page1, "next_cursor"));
	assert_non_null(cursor);
	snprintf(want, sizeof want, "%lld", (long long)pi2);
	assert_string_equal(list(f, &providers, strtoll(cursor, NULL, 10), 1), want);
	json_decref(page1);
	act_as(f, ADMIN);
	snprintf(want, sizeof want, "%lld,%lld,%lld", (long long)social, (long long)pi2,
		 (long long)banan);
	assert_string_equal(list(f, &providers, 0, 50), want);
	act_as(f, CIVIL);

	/* other filters */
	struct org_filter by_type = {.type = "public_institution_1", .eligible = -1};
	snprintf(want, sizeof want, "%lld", (long long)pi1);
	assert_string_equal(list(f, &by_type, 0, 50), want);
	struct org_filter by_division = {.division = "500110001", .eligible = -1};
	snprintf(want, sizeof want, "%lld", (long long)pi2);
	assert_string_equal(list(f, &by_division, 0, 50), want);
	struct org_filter by_name = {.q = "心连心", .eligible = -1};
	snprintf(want, sizeof want, "%lld", (long long)social);
	assert_string_equal(list(f, &by_name, 0, 50), want);
	/* one or two characters match the start of a name only */
	struct org_filter by_prefix = {.q = "綦江", .eligible = -1};
	snprintf(want, sizeof want, "%lld,%lld,%lld,%lld,%lld", (long long)social, (long long)pi1,
		 (long long)pi2, (long long)funded, (long long)understaffed);
	assert_string_equal(list(f, &by_prefix, 0, 50), want);
	struct org_filter by_part = {.q = "民政局", .eligible = -1};
	snprintf(want, sizeof want, "%lld", (long long)bureau);
	assert_string_equal(list(f, &by_part, 0, 50), want);
	struct org_filter elsewhere = {.q = "巴南区", .eligible = -1};
	assert_string_equal(list(f, &elsewhere, 0, 50), "");
	struct org_filter bad_type = {.type = "club", .eligible = -1};
	assert_int_equal(org_list(&f->ctx, &bad_type, 0, 50, &out), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "type");
	assert_null(out);
	struct org_filter bad_division = {.division = "12345", .eligible = -1};
	sg_err_clear(&f->ctx.err);
	assert_int_equal(org_list(&f->ctx, &bad_division, 0, 50, &out), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "division");

	/* the export: the same rows, audited */
	assert_int_equal(org_export(&f->ctx, &providers, &out), 0);
	assert_int_equal(json_array_size(out), 2);
	json_decref(out);
	assert_int_equal(audits(f, "org.export"), 2);
	fx_close(f);
}

static void test_update_and_documents(void **state)
{
	(void)state;
	struct fixture *f = fx_open();
	char id[ID_NUMBER_LEN + 1];
	json_t *out = NULL;

	int64_t bureau = create_good(f, "civil_affairs", "重庆市綦江区民政局", "11", "500110", 1);
	struct org_fields change = ORG_FIELDS_UNSET;

	/* the type and the code never change */
	change.type = "enterprise";
	assert_int_equal(org_update(&f->ctx, bureau, &change, &out), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "type");
	change.type = NULL;
	change.uscc = "52500110MJP0000137";
	sg_err_clear(&f->ctx.err);
	assert_int_equal(org_update(&f->ctx, bureau, &change, &out), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "uscc");
	change.uscc = NULL;
	change.id_number = "500110198001010011";
	sg_err_clear(&f->ctx.err);
	assert_int_equal(org_update(&f->ctx, bureau, &change, &out), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "id_number");
	change.id_number = NULL;
	assert_null(out);

	/* facts change; "" clears a text; the rest stays */
	change.full_time_staff = 40;
	change.business_scope = "";
	change.last_grade = "";
	change.dishonest = 1;
	sg_err_clear(&f->ctx.err);
	assert_int_equal(org_update(&f->ctx, bureau, &change, &out), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "full_time_staff")), 40);
	assert_true(json_is_null(json_object_get(out, "business_scope")));
	assert_true(json_is_null(json_object_get(out, "last_grade")));
	assert_true(json_is_true(json_object_get(out, "dishonest")));
	assert_int_equal(json_integer_value(json_object_get(out, "qualified_social_workers")), 6);
	assert_string_equal(json_string_value(json_object_get(out, "registered_on")), "2015-06-01");
	assert_string_equal(json_string_value(json_object_get(out, "name")), "重庆市綦江区民政局");
	assert_int_equal(json_array_size(json_object_get(out, "documents")), 2);
	json_decref(out);
	assert_int_equal(fixture_count(f,
				       "SELECT COUNT(*) FROM audit_log WHERE action = 'org.update'"
				       " AND old_value LIKE '%\"full_time_staff\":12%'"
				       " AND new_value LIKE '%\"full_time_staff\":40%'"),
			 1);
	/* moved within the scope, not out of it */
	struct org_fields move = ORG_FIELDS_UNSET;
	move.division_code = "500110001";
	assert_int_equal(org_update(&f->ctx, bureau, &move, &out), 0);
	assert_string_equal(json_string_value(json_object_get(out, "division_name")), "古南街道");
	json_decref(out);
	move.division_code = "500113";
	assert_int_equal(org_update(&f->ctx, bureau, &move, &out), SG_ENOTFOUND);
	assert_string_equal(f->ctx.err.field, "division_code");
	assert_null(out);
	/* bad facts */
	struct org_fields bad = ORG_FIELDS_UNSET;
	bad.registered_on = "2100-02-29"; /* 2100 is not a leap year */
	sg_err_clear(&f->ctx.err);
	assert_int_equal(org_update(&f->ctx, bureau, &bad, &out), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "registered_on");
	bad.registered_on = NULL;
	bad.name = " ";
	sg_err_clear(&f->ctx.err);
	assert_int_equal(org_update(&f->ctx, bureau, &bad, &out), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "name");
	act_as(f, TOWNSHIP);
	assert_int_equal(org_update(&f->ctx, bureau, &change, &out), SG_EFORBIDDEN);
	act_as(f, CIVIL);
	assert_int_equal(org_update(&f->ctx, 999999, &change, &out), SG_ENOTFOUND);

	/* an individual's name stays as stored (it renders masked) */
	make_id(id, "500110", "19850315", 427);
	struct org_fields in = bare("individual", "张晓红", NULL, "500110");
	in.id_number = id;
	int64_t person = create(f, &in);
	struct org_fields facts = ORG_FIELDS_UNSET;
	facts.qualified_social_workers = 1;
	assert_int_equal(org_update(&f->ctx, person, &facts, &out), 0);
	assert_string_equal(json_string_value(json_object_get(out, "name")), "张**");
	json_decref(out);
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM orgs WHERE name = '张晓红'"), 1);

	/* documents: kind, title and date are checked; counted in the facts */
	const struct {
		const char *kind, *title, *issued_on, *field;
	} bad_docs[] = {
	    {"poem", "x", NULL, "kind"},
	    {NULL, "x", NULL, "kind"},
	    {"finance", "", NULL, "title"},
	    {"finance", " ", NULL, "title"},
	    {"finance", NULL, NULL, "title"},
	    {"finance", "x", "20200101", "issued_on"},
	    {"finance", "x", "2020-13-01", "issued_on"},
	};
	for (size_t i = 0; i < sizeof bad_docs / sizeof bad_docs[0]; i++) {
		sg_err_clear(&f->ctx.err);
		assert_int_equal(org_document_add(&f->ctx, bureau, bad_docs[i].kind,
						  bad_docs[i].title, bad_docs[i].issued_on, &out),
				 SG_EINVAL);
		assert_string_equal(f->ctx.err.field, bad_docs[i].field);
		assert_null(out);
	}
	assert_int_equal(org_document_add(&f->ctx, bureau, "finance", "资产管理制度", "", &out), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "org_id")), bureau);
	assert_true(json_is_null(json_object_get(out, "issued_on")));
	json_decref(out);
	assert_int_equal(
	    org_document_add(&f->ctx, bureau, "qualification", "证书", "2024-02-29", &out), 0);
	json_decref(out);
	assert_int_equal(org_get(&f->ctx, bureau, &out), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "finance_documents")), 2);
	assert_int_equal(json_integer_value(json_object_get(out, "governance_documents")), 1);
	json_t *docs = json_object_get(out, "documents");
	assert_int_equal(json_array_size(docs), 4);
	assert_string_equal(json_string_value(json_object_get(json_array_get(docs, 3), "kind")),
			    "qualification");
	json_decref(out);
	assert_int_equal(audits(f, "org.document_add"), 4);
	act_as(f, PROVIDER);
	assert_int_equal(org_document_add(&f->ctx, bureau, "finance", "x", NULL, &out),
			 SG_EFORBIDDEN);
	fx_close(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_seeded_rules),
	    cmocka_unit_test(test_purchasers_and_providers),
	    cmocka_unit_test(test_individual),
	    cmocka_unit_test(test_registration_revoked),
	    cmocka_unit_test(test_operators),
	    cmocka_unit_test(test_rule_set_selection),
	    cmocka_unit_test(test_create_checks),
	    cmocka_unit_test(test_id_number_encrypted),
	    cmocka_unit_test(test_unmask),
	    cmocka_unit_test(test_list_and_scope),
	    cmocka_unit_test(test_update_and_documents),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
