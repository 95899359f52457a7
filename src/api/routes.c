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
#define AUDITORS	(POLICY_ROLE(ROLE_ADMIN) | POLICY_ROLE(ROLE_AUDIT_ADMIN))

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
    {HTTP_GET, "/api/v1/catalog", api_catalog_get, POLICY_AUTH, "read the service catalog"},
    {HTTP_POST, "/api/v1/catalog/items", api_catalog_item_create, CATALOG_EDITORS,
     "add a catalog item"},
    {HTTP_PATCH, "/api/v1/catalog/items/{id}", api_catalog_item_update, CATALOG_EDITORS,
     "change a catalog item"},
    {HTTP_GET, "/api/v1/target-groups", api_target_group_list, POLICY_AUTH,
     "list the target groups"},
    {HTTP_GET, "/api/v1/negative-list", api_negative_list, POLICY_AUTH,
     "list the matters that may not be bought"},
    {HTTP_GET, "/api/v1/audit", api_audit_list, AUDITORS, "read the audit log"},
    {HTTP_GET, "/healthz", api_healthz, POLICY_PUBLIC, "health check"},
    {HTTP_GET, "/metrics", api_metrics, POLICY_PUBLIC, "Prometheus metrics"},
};
const size_t routes_count = sizeof routes / sizeof routes[0];
