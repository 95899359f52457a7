/* test_router.c — the route table (api/routes.c) and matching
 * (http/router.h): deny by default, one entry per method and pattern, path
 * parameters, 405 with Allow, HEAD served by GET. */
#include "testlib.h"

#include <stdio.h>

#include "domain/role.h"
#include "http/router.h"

/* The index of the route with this method and pattern; fails if absent. */
static int route_index(enum http_method m, const char *pattern)
{
	for (size_t i = 0; i < route_count(); i++)
		if (route_at(i)->method == m && strcmp(route_at(i)->pattern, pattern) == 0)
			return (int)i;
	fail_msg("no route %s %s", http_method_name(m), pattern);
	return -1;
}

static enum perm perm_of(enum http_method m, const char *pattern)
{
	return route_at((size_t)route_index(m, pattern))->perm;
}

/* SECURITY.md "Access control": every route names a permission; a route
 * added without one fails here. */
static void test_every_route_has_a_permission_deny_by_default(void **state)
{
	(void)state;
	assert_true(route_count() > 0);
	for (size_t i = 0; i < route_count(); i++) {
		const struct route *r = route_at(i);
		if (r->perm == PERM_NONE || r->perm >= PERM__MAX)
			fail_msg("route %s %s has no permission (deny by default)",
				 http_method_name(r->method), r->pattern);
		if (!r->handler)
			fail_msg("route %s %s has no handler", http_method_name(r->method),
				 r->pattern);
		if (!r->summary || !r->summary[0])
			fail_msg("route %s %s has no summary", http_method_name(r->method),
				 r->pattern);
		/* routes are declared with real methods; HEAD comes from GET */
		assert_true(r->method != HTTP_HEAD && r->method != HTTP_OTHER);
		assert_true(r->method < HTTP__MAX);
	}
}

/* Writes are never public except signing in and lodging an objection to
 * an award in notice (R-PROC-3: anyone, without an account); the audit
 * log and user administration are never open to every signed-in role. */
static void test_sensitive_routes_are_restricted(void **state)
{
	(void)state;
	for (size_t i = 0; i < route_count(); i++) {
		const struct route *r = route_at(i);
		if (r->perm == PERM_PUBLIC && r->method != HTTP_GET &&
		    strcmp(r->pattern, "/api/v1/public/objections") != 0)
			assert_string_equal(r->pattern, "/api/v1/session");
		if (strncmp(r->pattern, "/api/v1/users", 13) == 0 ||
		    strncmp(r->pattern, "/api/v1/audit", 13) == 0) {
			assert_true(r->perm != PERM_PUBLIC);
			assert_true(r->perm != PERM_SIGNED_IN);
		}
	}
	assert_int_equal(perm_of(HTTP_GET, "/api/v1/audit"), PERM_AUDIT_READ);
	assert_int_equal(perm_of(HTTP_POST, "/api/v1/users"), PERM_ACCOUNT_MANAGE);
	assert_int_equal(perm_of(HTTP_PUT, "/api/v1/users/{id}/role"), PERM_ACCOUNT_ASSIGN);
}

/* Separation of duties (三员分立) is the permission table: the system
 * administrator manages accounts but assigns no role and reads no audit
 * log; the security administrator assigns roles and does nothing else
 * of the others'; the audit administrator reads the log and changes
 * nothing; the officers' own accounts are the command line's alone. */
static void test_separation_of_duties(void **state)
{
	(void)state;
	static const enum perm duties[] = {PERM_ACCOUNT_MANAGE, PERM_ACCOUNT_ASSIGN,
					   PERM_AUDIT_READ};
	static const int officers[] = {ROLE_ADMIN, ROLE_SECURITY_ADMIN, ROLE_AUDIT_ADMIN};
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++)
			assert_int_equal(role_has(officers[i], duties[j]), i == j);
	for (int r = 0; r < ROLE__MAX; r++) {
		if (r == ROLE_SYSTEM)
			continue;
		assert_false(role_has(r, PERM_OFFICERS));
		if (!role_is_officer(r))
			for (int j = 0; j < 3; j++)
				assert_false(role_has(r, duties[j]));
	}
	/* The audit administrator holds nothing that writes. */
	for (int p = PERM_SIGNED_IN + 1; p < PERM__MAX; p++)
		if (role_has(ROLE_AUDIT_ADMIN, (enum perm)p))
			assert_true(p == PERM_AUDIT_READ || p == PERM_ACCOUNT_READ);
	assert_true(role_has(ROLE_SYSTEM, PERM_OFFICERS));
	assert_false(role_is_assignable(ROLE_ADMIN));
	assert_false(role_is_assignable(ROLE_SYSTEM));
	assert_true(role_is_assignable(ROLE_CIVIL_AFFAIRS));
	assert_string_equal(perm_name(PERM_STATION_EDIT), "station.edit");
}

static void test_no_duplicate_routes(void **state)
{
	(void)state;
	for (size_t i = 0; i < route_count(); i++)
		for (size_t j = i + 1; j < route_count(); j++)
			if (route_at(i)->method == route_at(j)->method &&
			    strcmp(route_at(i)->pattern, route_at(j)->pattern) == 0)
				fail_msg("routes %zu and %zu are both %s %s", i, j,
					 http_method_name(route_at(i)->method),
					 route_at(i)->pattern);
}

static void test_patterns_well_formed(void **state)
{
	(void)state;
	for (size_t i = 0; i < route_count(); i++) {
		const char *p = route_at(i)->pattern;
		size_t len = strlen(p), params = 0;
		if (strncmp(p, "/api/v1/", 8) != 0 && strcmp(p, "/healthz") != 0 &&
		    strcmp(p, "/metrics") != 0)
			fail_msg("pattern %s is outside /api/v1/", p);
		if (len > 1 && p[len - 1] == '/')
			fail_msg("pattern %s ends with a slash", p);
		if (strstr(p, "//"))
			fail_msg("pattern %s has an empty segment", p);
		for (const char *c = p; *c; c++) {
			if (*c == '{') {
				/* a parameter is a whole segment */
				const char *close = strchr(c, '}');
				assert_non_null(close);
				assert_true(c[-1] == '/');
				assert_true(close[1] == '/' || close[1] == '\0');
				assert_true(close > c + 1);
				params++;
			}
			if (*c == '?' || *c == '#' || *c == '%' || *c == ' ')
				fail_msg("pattern %s has a character that paths never match", p);
		}
		assert_true(params <= ROUTE_MAX_PARAMS);
	}
}

/* Every route is reachable: its pattern with each parameter filled in
 * matches that very route (no earlier entry shadows it). */
static void test_every_route_reachable(void **state)
{
	(void)state;
	for (size_t i = 0; i < route_count(); i++) {
		char path[256];
		size_t n = 0, np = 0;
		for (const char *c = route_at(i)->pattern; *c; c++) {
			if (*c == '{') {
				n += (size_t)snprintf(path + n, sizeof path - n, "%zu", 10 + np++);
				c = strchr(c, '}');
				continue;
			}
			path[n++] = *c;
		}
		path[n] = '\0';
		struct route_match m;
		router_match(path, route_at(i)->method, &m);
		if (m.index != (int)i)
			fail_msg("%s %s matched route %d, not %zu",
				 http_method_name(route_at(i)->method), path, m.index, i);
		assert_int_equal(m.nparams, np);
		for (size_t k = 0; k < np; k++) {
			char want[24];
			snprintf(want, sizeof want, "%zu", 10 + k);
			assert_int_equal(m.param_lens[k], strlen(want));
			assert_memory_equal(m.params[k], want, strlen(want));
		}
	}
}

static void test_match_with_parameter(void **state)
{
	static const char path[] = "/api/v1/users/17";
	struct route_match m;

	(void)state;
	router_match(path, HTTP_GET, &m);
	assert_int_equal(m.index, route_index(HTTP_GET, "/api/v1/users/{id}"));
	assert_int_equal(m.nparams, 1);
	assert_int_equal(m.param_lens[0], 2);
	assert_memory_equal(m.params[0], "17", 2);
	assert_ptr_equal(m.params[0], path + 14); /* points into the path */

	router_match("/api/v1/users/17", HTTP_PATCH, &m);
	assert_int_equal(m.index, route_index(HTTP_PATCH, "/api/v1/users/{id}"));
	router_match("/api/v1/users/123456789/password", HTTP_POST, &m);
	assert_int_equal(m.index, route_index(HTTP_POST, "/api/v1/users/{id}/password"));
	assert_int_equal(m.param_lens[0], 9);
	assert_memory_equal(m.params[0], "123456789", 9);
	/* the parameter is whatever the segment holds; handlers validate it */
	router_match("/api/v1/users/abc", HTTP_GET, &m);
	assert_int_equal(m.index, route_index(HTTP_GET, "/api/v1/users/{id}"));
	assert_int_equal(m.param_lens[0], 3);

	router_match("/api/v1/users", HTTP_GET, &m);
	assert_int_equal(m.index, route_index(HTTP_GET, "/api/v1/users"));
	assert_int_equal(m.nparams, 0);
	router_match("/healthz", HTTP_GET, &m);
	assert_int_equal(m.index, route_index(HTTP_GET, "/healthz"));
}

static void expect_unknown(const char *path, enum http_method method)
{
	struct route_match m;

	router_match(path, method, &m);
	if (m.index != -1)
		fail_msg("%s %s matched route %d", http_method_name(method), path, m.index);
	if (m.path_known)
		fail_msg("%s %s counted as a known path", http_method_name(method), path);
	assert_string_equal(m.allow, "");
	assert_int_equal(m.nparams, 0);
}

static void test_no_loose_matches(void **state)
{
	(void)state;
	/* trailing slash */
	expect_unknown("/api/v1/users/", HTTP_GET);
	expect_unknown("/api/v1/users/17/", HTTP_GET);
	expect_unknown("/api/v1/me/", HTTP_GET);
	expect_unknown("/healthz/", HTTP_GET);
	/* extra segments */
	expect_unknown("/api/v1/users/17/x", HTTP_GET);
	expect_unknown("/api/v1/users/17/password/x", HTTP_POST);
	expect_unknown("/api/v1/me/password/x", HTTP_POST);
	expect_unknown("/healthz/x", HTTP_GET);
	/* an empty parameter, a doubled slash */
	expect_unknown("/api/v1/users//password", HTTP_POST);
	expect_unknown("/api/v1//users", HTTP_GET);
	expect_unknown("//api/v1/users", HTTP_GET);
	/* prefixes and near names */
	expect_unknown("/api/v1/user", HTTP_GET);
	expect_unknown("/api/v1/usersx", HTTP_GET);
	expect_unknown("/api/v1/USERS", HTTP_GET);
	expect_unknown("/api/v1", HTTP_GET);
	expect_unknown("/api/v1/", HTTP_GET);
	expect_unknown("/api/v2/users", HTTP_GET);
	expect_unknown("/", HTTP_GET);
	expect_unknown("", HTTP_GET);
	expect_unknown("api/v1/users", HTTP_GET);
	expect_unknown("/api/v1/nope", HTTP_GET);
	expect_unknown("/api/v1/nope", HTTP_DELETE);
}

static void test_method_not_allowed(void **state)
{
	struct route_match m;

	(void)state;
	router_match("/api/v1/session", HTTP_PUT, &m);
	assert_int_equal(m.index, -1);
	assert_int_equal(m.path_known, 1);
	assert_non_null(strstr(m.allow, "POST"));
	assert_non_null(strstr(m.allow, "DELETE"));
	assert_string_equal(m.allow, "POST, DELETE");

	router_match("/api/v1/session", HTTP_GET, &m);
	assert_int_equal(m.index, -1);
	assert_int_equal(m.path_known, 1);

	router_match("/api/v1/users/17", HTTP_DELETE, &m);
	assert_int_equal(m.index, -1);
	assert_int_equal(m.path_known, 1);
	assert_string_equal(m.allow, "GET, HEAD, PATCH");

	router_match("/api/v1/users", HTTP_PUT, &m);
	assert_string_equal(m.allow, "GET, HEAD, POST");

	router_match("/api/v1/me/password", HTTP_GET, &m);
	assert_int_equal(m.path_known, 1);
	assert_string_equal(m.allow, "POST");

	router_match("/metrics", HTTP_OTHER, &m);
	assert_int_equal(m.index, -1);
	assert_int_equal(m.path_known, 1);
	assert_string_equal(m.allow, "GET, HEAD");

	/* a match clears what an earlier call left */
	router_match("/api/v1/session", HTTP_POST, &m);
	assert_int_equal(m.index, route_index(HTTP_POST, "/api/v1/session"));
	assert_int_equal(m.path_known, 0);
	assert_string_equal(m.allow, "");
}

static void test_head_matches_get(void **state)
{
	struct route_match m;

	(void)state;
	router_match("/api/v1/me", HTTP_HEAD, &m);
	assert_int_equal(m.index, route_index(HTTP_GET, "/api/v1/me"));
	router_match("/api/v1/users/5", HTTP_HEAD, &m);
	assert_int_equal(m.index, route_index(HTTP_GET, "/api/v1/users/{id}"));
	assert_int_equal(m.nparams, 1);
	router_match("/healthz", HTTP_HEAD, &m);
	assert_int_equal(m.index, route_index(HTTP_GET, "/healthz"));
	/* HEAD on a path without GET is a 405, not a match */
	router_match("/api/v1/me/password", HTTP_HEAD, &m);
	assert_int_equal(m.index, -1);
	assert_int_equal(m.path_known, 1);
	assert_string_equal(m.allow, "POST");
	/* every GET route answers HEAD */
	for (size_t i = 0; i < route_count(); i++) {
		if (route_at(i)->method != HTTP_GET || strchr(route_at(i)->pattern, '{'))
			continue;
		router_match(route_at(i)->pattern, HTTP_HEAD, &m);
		assert_int_equal(m.index, (int)i);
	}
}

static void test_unknown_path(void **state)
{
	struct route_match m;

	(void)state;
	memset(&m, 0x55, sizeof m); /* nothing stale survives */
	router_match("/api/v1/does-not-exist", HTTP_GET, &m);
	assert_int_equal(m.index, -1);
	assert_int_equal(m.path_known, 0);
	assert_int_equal(m.nparams, 0);
	assert_string_equal(m.allow, "");
	router_match("/wp-login.php", HTTP_POST, &m);
	assert_int_equal(m.index, -1);
	assert_int_equal(m.path_known, 0);
}

static void test_method_names(void **state)
{
	static const char *const names[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"};

	(void)state;
	for (int i = 0; i < 6; i++) {
		enum http_method m = http_method_from(names[i]);
		assert_int_equal(m, (enum http_method)i);
		assert_string_equal(http_method_name(m), names[i]);
	}
	assert_int_equal(http_method_from("get"), HTTP_OTHER); /* methods are case-sensitive */
	assert_int_equal(http_method_from("OPTIONS"), HTTP_OTHER);
	assert_int_equal(http_method_from("OTHER"), HTTP_OTHER);
	assert_int_equal(http_method_from(""), HTTP_OTHER);
	assert_int_equal(http_method_from("GETX"), HTTP_OTHER);
	assert_string_equal(http_method_name(HTTP_OTHER), "OTHER");
	assert_string_equal(http_method_name(HTTP__MAX), "OTHER");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_route_has_a_permission_deny_by_default),
	    cmocka_unit_test(test_separation_of_duties),
	    cmocka_unit_test(test_sensitive_routes_are_restricted),
	    cmocka_unit_test(test_no_duplicate_routes),
	    cmocka_unit_test(test_patterns_well_formed),
	    cmocka_unit_test(test_every_route_reachable),
	    cmocka_unit_test(test_match_with_parameter),
	    cmocka_unit_test(test_no_loose_matches),
	    cmocka_unit_test(test_method_not_allowed),
	    cmocka_unit_test(test_head_matches_get),
	    cmocka_unit_test(test_unknown_path),
	    cmocka_unit_test(test_method_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
