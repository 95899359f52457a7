/* role.c — the role table. */
#include "domain/role.h"

#include <string.h>

static const struct {
	const char *name, *zh;
	enum scope_kind scope;
} roles[ROLE__MAX] = {
    [ROLE_ADMIN] = {"admin", "系统管理员", SCOPE_NONE},
    [ROLE_AUDIT_ADMIN] = {"audit_admin", "审计管理员", SCOPE_NONE},
    [ROLE_CIVIL_AFFAIRS] = {"civil_affairs", "民政部门", SCOPE_DIVISION},
    [ROLE_TOWNSHIP] = {"township", "乡镇(街道)", SCOPE_DIVISION},
    [ROLE_PROVIDER] = {"provider", "承接主体", SCOPE_ORG},
    [ROLE_SOCIAL_WORKER] = {"social_worker", "社会工作者", SCOPE_STATION},
    [ROLE_MENTOR] = {"mentor", "高校导师", SCOPE_STATION},
    [ROLE_EVALUATOR] = {"evaluator", "第三方评估机构", SCOPE_ORG},
};

int role_from_name(const char *name)
{
	for (int i = 0; name && i < ROLE__MAX; i++)
		if (strcmp(roles[i].name, name) == 0)
			return i;
	return -1;
}

const char *role_name(int role)
{
	return role >= 0 && role < ROLE__MAX ? roles[role].name : "";
}

const char *role_name_zh(int role)
{
	return role >= 0 && role < ROLE__MAX ? roles[role].zh : "";
}

enum scope_kind role_scope_kind(int role)
{
	return role >= 0 && role < ROLE__MAX ? roles[role].scope : SCOPE_NONE;
}
