/*
 * role.c — the role table and the permission table (role.h).
 *
 * Read the permission table as "who may": each row names the roles that
 * hold it. Separation of duties is visible in it: the three officers'
 * rows (account.*, audit.read) never share a role, and no business role
 * holds one of them.
 */
#include "domain/role.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "domain/audit.h"

/* The audit actions of this module, in words (GET /api/v1/meta/enums). */
static const struct enum_value role_actions_values[] = {
    {"authz.denied", "越权操作被拒绝", "refused: no permission"},
};
const struct enum_def role_actions = ENUM_DEF("audit.action", role_actions_values);

static const struct {
	const char *name, *zh, *en;
	enum scope_kind scope;
	bool global;  /* sees every row */
	bool officer; /* one of 三员分立 (or the command line) */
} roles[ROLE__MAX] = {
    [ROLE_ADMIN] = {"admin", "系统管理员", "system administrator", SCOPE_NONE, true, true},
    [ROLE_SECURITY_ADMIN] = {"security_admin", "安全管理员", "security administrator", SCOPE_NONE,
			     true, true},
    [ROLE_AUDIT_ADMIN] = {"audit_admin", "审计管理员", "audit administrator", SCOPE_NONE, true,
			  true},
    [ROLE_CIVIL_AFFAIRS] = {"civil_affairs", "民政部门", "civil affairs", SCOPE_DIVISION},
    [ROLE_TOWNSHIP] = {"township", "乡镇（街道）", "township", SCOPE_DIVISION},
    [ROLE_PROVIDER] = {"provider", "承接主体", "provider", SCOPE_ORG},
    [ROLE_SOCIAL_WORKER] = {"social_worker", "社会工作者", "social worker", SCOPE_STATION},
    [ROLE_MENTOR] = {"mentor", "高校导师", "university mentor", SCOPE_STATION},
    [ROLE_EVALUATOR] = {"evaluator", "第三方评估机构", "third-party evaluator", SCOPE_ORG},
    [ROLE_SYSTEM] = {"system", "命令行", "command line", SCOPE_NONE, true, true},
};

#define R(r) (UINT32_C(1) << ROLE_##r)
/* The business roles that read what lies in their scope. */
#define READERS                                                                                    \
	(R(ADMIN) | R(CIVIL_AFFAIRS) | R(TOWNSHIP) | R(PROVIDER) | R(SOCIAL_WORKER) | R(MENTOR))

static const struct {
	const char *name, *zh;
	uint32_t roles; /* ROLE_SYSTEM holds every permission besides */
} perms[PERM__MAX] = {
    [PERM_NONE] = {"", "", 0},
    [PERM_PUBLIC] = {"public", "公开访问", UINT32_MAX},
    [PERM_SIGNED_IN] = {"signed_in", "登录后访问", UINT32_MAX},
    [PERM_ACCOUNT_READ] = {"account.read", "查看用户账号",
			   R(ADMIN) | R(SECURITY_ADMIN) | R(AUDIT_ADMIN)},
    [PERM_ACCOUNT_MANAGE] = {"account.manage", "创建、停用用户账号和重置密码", R(ADMIN)},
    [PERM_ACCOUNT_ASSIGN] = {"account.assign", "分配角色和管辖范围", R(SECURITY_ADMIN)},
    /* The three officers' accounts: the command line's alone. */
    [PERM_OFFICERS] = {"account.officers", "管理三员账号（仅限命令行）", 0},
    [PERM_AUDIT_READ] = {"audit.read", "查看审计日志", R(AUDIT_ADMIN)},
    [PERM_SETTINGS_EDIT] = {"settings.edit", "修改全国默认设置（建设标准、服务目录、资格规则）",
			    R(ADMIN)},
    [PERM_CATALOG_EDIT] = {"catalog.edit", "维护服务目录", R(ADMIN) | R(CIVIL_AFFAIRS)},
    /* The security administrator reads organisations and stations to
     * name them in scopes. */
    [PERM_ORG_READ] = {"org.read", "查看组织机构", READERS | R(EVALUATOR) | R(SECURITY_ADMIN)},
    [PERM_ORG_EDIT] = {"org.edit", "登记和修改组织机构", R(ADMIN) | R(CIVIL_AFFAIRS)},
    [PERM_ORG_EXPORT] = {"org.export", "导出组织机构", R(ADMIN) | R(CIVIL_AFFAIRS) | R(TOWNSHIP)},
    [PERM_ORG_UNMASK] = {"org.unmask", "查看个人身份证号码（须说明理由）",
			 R(ADMIN) | R(CIVIL_AFFAIRS)},
    [PERM_ELIGIBILITY_EDIT] = {"eligibility.edit", "维护资格规则", R(ADMIN) | R(CIVIL_AFFAIRS)},
    [PERM_STATION_READ] = {"station.read", "查看社工站", READERS | R(SECURITY_ADMIN)},
    [PERM_STATION_EDIT] = {"station.edit", "设立和修改社工站", R(ADMIN) | R(CIVIL_AFFAIRS)},
    [PERM_STATION_MANAGE] = {"station.manage", "管理社工站人员和建设情况",
			     R(ADMIN) | R(CIVIL_AFFAIRS) | R(PROVIDER)},
    [PERM_STATION_EXPORT] = {"station.export", "导出社工站",
			     R(ADMIN) | R(CIVIL_AFFAIRS) | R(TOWNSHIP) | R(PROVIDER)},
    [PERM_READINESS_CONFIRM] = {"readiness.confirm", "确认社工站建设情况",
				R(ADMIN) | R(CIVIL_AFFAIRS) | R(TOWNSHIP)},
    [PERM_WORKER_READ] = {"worker.read", "查看社会工作者",
			  R(ADMIN) | R(CIVIL_AFFAIRS) | R(TOWNSHIP) | R(PROVIDER)},
    [PERM_WORKER_REGISTER] = {"worker.register", "登记社会工作者",
			      R(ADMIN) | R(CIVIL_AFFAIRS) | R(PROVIDER)},
    [PERM_COVERAGE_READ] = {"coverage.read", "查看社工站覆盖情况",
			    R(ADMIN) | R(CIVIL_AFFAIRS) | R(TOWNSHIP)},
    /* The purchase (R-PRJ, R-PROC, R-CON): civil affairs staff plan,
     * budget, approve and buy; the same role makes and checks, but never
     * the same person (R-FLOW-1, domain/approval.c). Townships read the
     * projects that benefit them; providers those they bid for or run. */
    [PERM_PURCHASE_RULES_EDIT] = {"purchase_rules.edit", "维护采购规则（数额标准、分值比重、期限）",
				  R(ADMIN) | R(CIVIL_AFFAIRS)},
    [PERM_PLAN_READ] = {"plan.read", "查看年度计划", R(ADMIN) | R(CIVIL_AFFAIRS) | R(TOWNSHIP)},
    [PERM_PLAN_EDIT] = {"plan.edit", "编制年度计划", R(CIVIL_AFFAIRS)},
    [PERM_BUDGET_READ] = {"budget.read", "查看年度预算", R(ADMIN) | R(CIVIL_AFFAIRS)},
    [PERM_BUDGET_EDIT] = {"budget.edit", "编制年度预算", R(CIVIL_AFFAIRS)},
    [PERM_PROJECT_READ] = {"project.read", "查看购买服务项目",
			   R(ADMIN) | R(CIVIL_AFFAIRS) | R(TOWNSHIP) | R(PROVIDER)},
    [PERM_PROJECT_EDIT] = {"project.edit", "设计、提交和撤销项目", R(CIVIL_AFFAIRS)},
    [PERM_PROJECT_APPROVE] = {"project.approve", "审批项目（复核）", R(CIVIL_AFFAIRS)},
    [PERM_PROJECT_EXPORT] = {"project.export", "导出项目",
			     R(ADMIN) | R(CIVIL_AFFAIRS) | R(TOWNSHIP)},
    [PERM_APPROVAL_READ] = {"approval.read", "查看待我复核的事项", R(CIVIL_AFFAIRS)},
    /* Procurement: the purchaser runs it; a provider's staff see the
     * tenders open to their organisation and bid for it, never reading a
     * competitor's bid (domain/tender.c). */
    [PERM_TENDER_READ] = {"tender.read", "查看采购公告与投标",
			  R(ADMIN) | R(CIVIL_AFFAIRS) | R(TOWNSHIP) | R(PROVIDER)},
    [PERM_TENDER_EDIT] = {"tender.edit", "组织采购（公告、开标、评审、定标、答复异议）",
			  R(CIVIL_AFFAIRS)},
    [PERM_TENDER_EXPORT] = {"tender.export", "导出采购记录", R(ADMIN) | R(CIVIL_AFFAIRS)},
    [PERM_BID_SUBMIT] = {"bid.submit", "以本机构名义投标", R(PROVIDER)},
    [PERM_BID_RECORD] = {"bid.record", "登记纸质投标文件", R(CIVIL_AFFAIRS)},
    [PERM_CONTRACT_READ] = {"contract.read", "查看合同",
			    R(ADMIN) | R(CIVIL_AFFAIRS) | R(TOWNSHIP) | R(PROVIDER)},
    [PERM_CONTRACT_EDIT] = {"contract.edit", "起草合同、提出变更", R(CIVIL_AFFAIRS)},
    [PERM_CONTRACT_SIGN] = {"contract.sign", "签订合同、批准变更（复核）", R(CIVIL_AFFAIRS)},
    [PERM_CONTRACT_EXPORT] = {"contract.export", "导出合同",
			      R(ADMIN) | R(CIVIL_AFFAIRS) | R(TOWNSHIP)},
    /* Local holidays and working days (the national ones come from the
     * import): reference data of the whole system, the administrator's. */
    [PERM_CALENDAR_EDIT] = {"calendar.edit", "维护地方节假日和调休上班日", R(ADMIN)},
    /* Service delivery (R-SVC, R-PII-1): social workers record at their
     * stations, provider staff at the stations their organisation runs;
     * townships read the delivery to them, never unmasked; civil affairs
     * staff read their subtree. The system administrator runs the system
     * and reads none of the people served. */
    [PERM_BENEFICIARY_READ] = {"beneficiary.read", "查看服务对象",
			       R(CIVIL_AFFAIRS) | R(TOWNSHIP) | R(PROVIDER) | R(SOCIAL_WORKER)},
    [PERM_BENEFICIARY_EDIT] = {"beneficiary.edit", "登记服务对象和知情同意",
			       R(CIVIL_AFFAIRS) | R(PROVIDER) | R(SOCIAL_WORKER)},
    [PERM_BENEFICIARY_UNMASK] = {"beneficiary.unmask", "查看服务对象的敏感信息（须说明理由）",
				 R(CIVIL_AFFAIRS) | R(SOCIAL_WORKER)},
    [PERM_BENEFICIARY_EXPORT] = {"beneficiary.export", "导出服务对象（脱敏）",
				 R(CIVIL_AFFAIRS) | R(PROVIDER) | R(SOCIAL_WORKER)},
    [PERM_VOLUNTEER_READ] = {"volunteer.read", "查看志愿者",
			     R(CIVIL_AFFAIRS) | R(TOWNSHIP) | R(PROVIDER) | R(SOCIAL_WORKER)},
    [PERM_VOLUNTEER_EDIT] = {"volunteer.edit", "登记志愿者",
			     R(CIVIL_AFFAIRS) | R(PROVIDER) | R(SOCIAL_WORKER)},
    /* As beneficiary.unmask: the people who deal with the volunteer in
     * person (the station's social workers) and civil affairs staff;
     * provider office staff and townships read masked values only. */
    [PERM_VOLUNTEER_UNMASK] = {"volunteer.unmask", "查看志愿者的联系电话和身份证号（须说明理由）",
			       R(CIVIL_AFFAIRS) | R(SOCIAL_WORKER)},
    [PERM_SERVICE_READ] = {"service.read", "查看服务记录",
			   R(CIVIL_AFFAIRS) | R(TOWNSHIP) | R(PROVIDER) | R(SOCIAL_WORKER)},
    [PERM_SERVICE_RECORD] = {"service.record", "记录个案、小组和社区活动",
			     R(PROVIDER) | R(SOCIAL_WORKER)},
    [PERM_SERVICE_EXPORT] = {"service.export", "导出服务台账（脱敏）",
			     R(CIVIL_AFFAIRS) | R(TOWNSHIP) | R(PROVIDER) | R(SOCIAL_WORKER)},
    [PERM_LEDGER_IMPORT] = {"ledger.import", "导入服务对象和服务台账",
			    R(CIVIL_AFFAIRS) | R(PROVIDER) | R(SOCIAL_WORKER)},
    [PERM_CONFIRMATION_READ] = {"confirmation.read", "查看月度服务确认",
				R(CIVIL_AFFAIRS) | R(TOWNSHIP) | R(PROVIDER) | R(SOCIAL_WORKER)},
    [PERM_CONFIRMATION_DECIDE] = {"confirmation.decide", "确认或异议本乡镇（街道）的月度服务",
				  R(TOWNSHIP)},
    [PERM_CONFIRMATION_ANSWER] = {"confirmation.answer", "答复乡镇（街道）的异议", R(PROVIDER)},
    [PERM_PROGRESS_READ] = {"progress.read", "查看项目进度",
			    R(ADMIN) | R(CIVIL_AFFAIRS) | R(TOWNSHIP) | R(PROVIDER) |
				R(SOCIAL_WORKER)},
};
#undef R
#undef READERS

static bool valid_role(int role)
{
	return role >= 0 && role < ROLE__MAX;
}

int role_from_name(const char *name)
{
	for (int i = 0; name && i < ROLE__MAX; i++)
		if (strcmp(roles[i].name, name) == 0)
			return i;
	return -1;
}

const char *role_name(int role)
{
	return valid_role(role) ? roles[role].name : "";
}

const char *role_name_zh(int role)
{
	return valid_role(role) ? roles[role].zh : "";
}

enum scope_kind role_scope_kind(int role)
{
	return valid_role(role) ? roles[role].scope : SCOPE_NONE;
}

bool role_is_global(int role)
{
	return valid_role(role) && roles[role].global;
}

bool role_is_officer(int role)
{
	return valid_role(role) && roles[role].officer;
}

bool role_is_assignable(int role)
{
	return valid_role(role) && !roles[role].officer;
}

const char *perm_name(enum perm p)
{
	assert(p >= 0 && p < PERM__MAX);
	return perms[p].name;
}

const char *perm_name_zh(enum perm p)
{
	assert(p >= 0 && p < PERM__MAX);
	return perms[p].zh;
}

bool role_has(int role, enum perm p)
{
	assert(p >= 0 && p < PERM__MAX);
	if (p == PERM_PUBLIC || p == PERM_SIGNED_IN)
		return true; /* an account without a role yet signs in too */
	if (p == PERM_NONE || !valid_role(role))
		return false;
	return role == ROLE_SYSTEM || (perms[p].roles & (UINT32_C(1) << role)) != 0;
}

bool perm_has(const sg_ctx *ctx, enum perm p)
{
	return role_has(ctx->actor.role, p);
}

int perm_require(sg_ctx *ctx, enum perm p)
{
	if (perm_has(ctx, p))
		return 0;
	/* The refusal is recorded whatever happens next; its own failure
	 * must not turn a 403 into a 500. */
	json_t *what = json_pack("{s:s}", "permission", perm_name(p));
	audit_append(ctx, "authz.denied", "permission", perm_name(p), NULL, what, AUDIT_DENIED);
	json_decref(what);
	char zh[160], en[96];
	snprintf(zh, sizeof zh, "您没有“%s”的权限", perm_name_zh(p));
	snprintf(en, sizeof en, "you may not do this (%s)", perm_name(p));
	return sg_err_set(&ctx->err, SG_EFORBIDDEN, NULL, "R-ROLE-1", zh, en);
}

json_t *perm_list(int role)
{
	json_t *a = json_array();
	for (int p = PERM_SIGNED_IN + 1; p < PERM__MAX; p++)
		if (role_has(role, (enum perm)p))
			json_array_append_new(a, json_string(perms[p].name));
	return a;
}

json_t *role_enum(void)
{
	json_t *a = json_array();
	for (int i = 0; i < ROLE__MAX; i++)
		if (i != ROLE_SYSTEM)
			json_array_append_new(a,
					      json_pack("{s:s,s:s,s:s,s:b}", "value", roles[i].name,
							"zh", roles[i].zh, "en", roles[i].en,
							"assignable", role_is_assignable(i)));
	return a;
}
