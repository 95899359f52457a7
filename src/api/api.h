/*
 * api.h — the handlers of the route table (api/routes.c), one file per
 * domain module. Each handler's comment lists the statuses it returns.
 */
#ifndef SG_API_H
#define SG_API_H

#include "http/request.h"

/* session.c */
int api_session_create(sg_req *r);
int api_session_delete(sg_req *r);
int api_me_get(sg_req *r);
int api_me_password(sg_req *r);
/* user.c */
int api_user_list(sg_req *r);
int api_user_create(sg_req *r);
int api_user_get(sg_req *r);
int api_user_update(sg_req *r);
int api_user_password(sg_req *r);
/* division.c */
int api_division_get(sg_req *r);
int api_division_list(sg_req *r);
/* org.c */
int api_org_list(sg_req *r);
int api_org_export(sg_req *r);
int api_org_create(sg_req *r);
int api_org_get(sg_req *r);
int api_org_update(sg_req *r);
int api_org_document_add(sg_req *r);
int api_org_unmask(sg_req *r);
int api_org_eligibility(sg_req *r);
int api_rule_set_list(sg_req *r);
int api_rule_set_create(sg_req *r);
int api_rule_update(sg_req *r);

/* catalog.c */
int api_catalog_get(sg_req *r);
int api_target_group_list(sg_req *r);
int api_negative_list(sg_req *r);
int api_catalog_item_create(sg_req *r);
int api_catalog_item_update(sg_req *r);
/* station.c */
int api_station_list(sg_req *r);
int api_station_create(sg_req *r);
int api_station_get(sg_req *r);
int api_station_update(sg_req *r);
int api_station_staff_add(sg_req *r);
int api_station_staff_remove(sg_req *r);
int api_station_readiness_set(sg_req *r);
int api_readiness_item_list(sg_req *r);
int api_readiness_item_update(sg_req *r);
int api_social_worker_list(sg_req *r);
int api_social_worker_create(sg_req *r);
int api_social_worker_get(sg_req *r);
int api_division_coverage(sg_req *r);
/* audit.c */
int api_audit_list(sg_req *r);
/* ops.c */
int api_healthz(sg_req *r);
int api_metrics(sg_req *r);

#endif
