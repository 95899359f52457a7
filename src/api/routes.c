/*
 * routes.c — the route table: every endpoint, its handler and who may call
 * it. Deny by default: a route without a policy is never served, and
 * tests/unit/test_router.c fails if one is added.
 */
#include "api/api.h"
#include "domain/role.h"
#include "http/router.h"

#define ADMIN		POLICY_ROLE(ROLE_ADMIN)
#define CATALOG_EDITORS (POLICY_ROLE(ROLE_ADMIN) | POLICY_ROLE(ROLE_CIVIL_AFFAIRS))
/* Organisations: registered and changed by administrators and civil
 * affairs staff; exported also by township staff. */
#define ORG_EDITORS   (POLICY_ROLE(ROLE_ADMIN) | POLICY_ROLE(ROLE_CIVIL_AFFAIRS))
#define ORG_EXPORTERS (ORG_EDITORS | POLICY_ROLE(ROLE_TOWNSHIP))
#define AUDITORS      (POLICY_ROLE(ROLE_ADMIN) | POLICY_ROLE(ROLE_AUDIT_ADMIN))
/* Stations (R-NET): created and changed by administrators and civil
 * affairs staff; their staff and readiness ticks also managed by the
 * operating provider; social workers read by the roles that see them. */
#define STATION_EDITORS	 (POLICY_ROLE(ROLE_ADMIN) | POLICY_ROLE(ROLE_CIVIL_AFFAIRS))
#define STATION_MANAGERS (STATION_EDITORS | POLICY_ROLE(ROLE_PROVIDER))
#define WORKER_READERS                                                                             \
	(STATION_MANAGERS | POLICY_ROLE(ROLE_AUDIT_ADMIN) | POLICY_ROLE(ROLE_TOWNSHIP))

const struct route routes[] = {
    {HTTP_POST, "/api/v1/session", api_session_create, POLICY_PUBLIC, "sign in"},
    {HTTP_DELETE, "/api/v1/session", api_session_delete, POLICY_AUTH, "sign out"},
    {HTTP_GET, "/api/v1/me", api_me_get, POLICY_AUTH, "who am I"},
    {HTTP_POST, "/api/v1/me/password", api_me_password, POLICY_AUTH, "change my password"},
    {HTTP_GET, "/api/v1/users", api_user_list, ADMIN, "list users"},
    {HTTP_POST, "/api/v1/users", api_user_create, ADMIN, "create a user"},
    {HTTP_GET, "/api/v1/users/{id}", api_user_get, ADMIN, "read a user"},
    {HTTP_PATCH, "/api/v1/users/{id}", api_user_update, ADMIN, "change a user"},
    {HTTP_POST, "/api/v1/users/{id}/password", api_user_password, ADMIN, "set a user's password"},
    {HTTP_GET, "/api/v1/divisions", api_division_list, POLICY_AUTH,
     "list the children of a division, or search divisions by name"},
    {HTTP_GET, "/api/v1/divisions/{code}", api_division_get, POLICY_AUTH,
     "read a division and its ancestors"},
    {HTTP_GET, "/api/v1/divisions/{code}/coverage", api_division_coverage, POLICY_AUTH,
     "read the station coverage of a division"},
    {HTTP_GET, "/api/v1/stations", api_station_list, POLICY_AUTH, "list stations"},
    {HTTP_POST, "/api/v1/stations", api_station_create, STATION_EDITORS, "create a station"},
    {HTTP_GET, "/api/v1/stations/{id}", api_station_get, POLICY_AUTH, "read a station"},
    {HTTP_PATCH, "/api/v1/stations/{id}", api_station_update, STATION_EDITORS, "change a station"},
    {HTTP_POST, "/api/v1/stations/{id}/staff", api_station_staff_add, STATION_MANAGERS,
     "assign a social worker to a station"},
    {HTTP_DELETE, "/api/v1/stations/{id}/staff/{worker_id}", api_station_staff_remove,
     STATION_MANAGERS, "remove a social worker from a station"},
    {HTTP_PUT, "/api/v1/stations/{id}/readiness/{item_id}", api_station_readiness_set,
     STATION_MANAGERS, "tick a readiness item of a station"},
    {HTTP_GET, "/api/v1/readiness-items", api_readiness_item_list, POLICY_AUTH,
     "list the readiness checklist"},
    {HTTP_PATCH, "/api/v1/readiness-items/{id}", api_readiness_item_update, ADMIN,
     "change a readiness item"},
    {HTTP_GET, "/api/v1/social-workers", api_social_worker_list, WORKER_READERS,
     "list social workers"},
    {HTTP_POST, "/api/v1/social-workers", api_social_worker_create, STATION_MANAGERS,
     "register a social worker"},
    {HTTP_GET, "/api/v1/social-workers/{id}", api_social_worker_get, WORKER_READERS,
     "read a social worker"},
    {HTTP_GET, "/api/v1/catalog", api_catalog_get, POLICY_AUTH, "read the service catalog"},
    {HTTP_POST, "/api/v1/catalog/items", api_catalog_item_create, CATALOG_EDITORS,
     "add a catalog item"},
    {HTTP_PATCH, "/api/v1/catalog/items/{id}", api_catalog_item_update, CATALOG_EDITORS,
     "change a catalog item"},
    {HTTP_GET, "/api/v1/target-groups", api_target_group_list, POLICY_AUTH,
     "list the target groups"},
    {HTTP_GET, "/api/v1/negative-list", api_negative_list, POLICY_AUTH,
     "list the matters that may not be bought"},
    {HTTP_GET, "/api/v1/orgs", api_org_list, POLICY_AUTH,
     "list the organisations within the scope"},
    {HTTP_POST, "/api/v1/orgs", api_org_create, ORG_EDITORS, "register an organisation"},
    {HTTP_GET, "/api/v1/orgs/export", api_org_export, ORG_EXPORTERS,
     "export the organisations list as CSV or Excel"},
    {HTTP_GET, "/api/v1/orgs/{id}", api_org_get, POLICY_AUTH, "read an organisation"},
    {HTTP_PATCH, "/api/v1/orgs/{id}", api_org_update, ORG_EDITORS,
     "change an organisation's facts"},
    {HTTP_POST, "/api/v1/orgs/{id}/documents", api_org_document_add, ORG_EDITORS,
     "record a document on file"},
    {HTTP_POST, "/api/v1/orgs/{id}/unmask", api_org_unmask, ORG_EDITORS,
     "see an individual's ID number and name, with a reason"},
    {HTTP_GET, "/api/v1/orgs/{id}/eligibility", api_org_eligibility, POLICY_AUTH,
     "decide whether an organisation may purchase or provide, rule by rule"},
    {HTTP_GET, "/api/v1/eligibility/rule-sets", api_rule_set_list, POLICY_AUTH,
     "list the eligibility rule sets with their rules"},
    {HTTP_POST, "/api/v1/eligibility/rule-sets", api_rule_set_create, ORG_EDITORS,
     "give a region its own rule set"},
    {HTTP_PATCH, "/api/v1/eligibility/rules/{id}", api_rule_update, ORG_EDITORS,
     "change a rule's threshold, clause or description"},
    {HTTP_GET, "/api/v1/audit", api_audit_list, AUDITORS, "read the audit log"},
    {HTTP_GET, "/healthz", api_healthz, POLICY_PUBLIC, "health check"},
    {HTTP_GET, "/metrics", api_metrics, POLICY_PUBLIC, "Prometheus metrics"},
};
const size_t routes_count = sizeof routes / sizeof routes[0];
