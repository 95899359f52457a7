// enums.js — the allowed values of every enumerated field and their names
// in both languages, from one place: GET /api/v1/meta/enums, asked once a
// session ({"station.tier":[{"value":"county","zh":"…","en":"…"}, …], …}).
//
// FALLBACK has the same shape and is used for every kind the server does
// not (yet) serve, so a view never holds a copy of a list or a label. It
// also names the few kinds that are the UI's own (division.level,
// audit.outcome, eligibility.role, the organisation's status, grade and
// document kinds) until the server serves them.
import { reactive } from 'vue';
import { i18n } from './i18n/index.js';
import { request } from './http.js';

const FALLBACK = {
  role: [
    {
      value: 'admin',
      zh: '系统管理员',
      en: 'System administrator',
    },
    {
      value: 'security_admin',
      zh: '安全管理员',
      en: 'Security administrator',
    },
    {
      value: 'audit_admin',
      zh: '审计管理员',
      en: 'Audit administrator',
    },
    {
      value: 'civil_affairs',
      zh: '民政部门',
      en: 'Civil affairs department',
    },
    {
      value: 'township',
      zh: '乡镇（街道）',
      en: 'Township (street)',
    },
    {
      value: 'provider',
      zh: '承接主体',
      en: 'Service provider',
    },
    {
      value: 'social_worker',
      zh: '社会工作者',
      en: 'Social worker',
    },
    {
      value: 'mentor',
      zh: '高校导师',
      en: 'University mentor',
    },
    {
      value: 'evaluator',
      zh: '第三方评估机构',
      en: 'Third-party evaluator',
    },
  ],
  'org.type': [
    {
      value: 'government',
      zh: '国家机关',
      en: 'Government body',
    },
    {
      value: 'civil_affairs',
      zh: '民政部门',
      en: 'Civil affairs department',
    },
    {
      value: 'public_institution_1',
      zh: '公益一类事业单位',
      en: 'Public institution (class 1)',
    },
    {
      value: 'public_institution_2',
      zh: '公益二类事业单位',
      en: 'Public institution (class 2)',
    },
    {
      value: 'public_institution_business',
      zh: '从事生产经营活动的事业单位',
      en: 'Business-operating public institution',
    },
    {
      value: 'mass_org_funded',
      zh: '使用事业编制且由财政拨款保障的群团组织',
      en: 'Budget-funded mass organisation',
    },
    {
      value: 'mass_org',
      zh: '其他群团组织',
      en: 'Other mass organisation',
    },
    {
      value: 'enterprise',
      zh: '企业',
      en: 'Enterprise',
    },
    {
      value: 'social_org',
      zh: '社会组织',
      en: 'Social organisation',
    },
    {
      value: 'rural_collective',
      zh: '农村集体经济组织',
      en: 'Rural collective economic organisation',
    },
    {
      value: 'self_governing',
      zh: '基层群众性自治组织',
      en: 'Grassroots self-governing organisation',
    },
    {
      value: 'individual',
      zh: '个人',
      en: 'Individual',
    },
    {
      value: 'university',
      zh: '高校',
      en: 'University',
    },
  ],
  'org.registration_status': [
    {
      value: 'valid',
      zh: '有效',
      en: 'Valid',
    },
    {
      value: 'revoked',
      zh: '已撤销',
      en: 'Revoked',
    },
    {
      value: 'deregistered',
      zh: '已注销',
      en: 'Deregistered',
    },
  ],
  'org.grade': [
    {
      value: 'excellent',
      zh: '优',
      en: 'Excellent',
    },
    {
      value: 'good',
      zh: '良',
      en: 'Good',
    },
    {
      value: 'fair',
      zh: '中',
      en: 'Fair',
    },
    {
      value: 'poor',
      zh: '差',
      en: 'Poor',
    },
  ],
  'org.document_kind': [
    {
      value: 'registration',
      zh: '登记证书',
      en: 'Registration certificate',
    },
    {
      value: 'governance',
      zh: '治理制度文件',
      en: 'Governance document',
    },
    {
      value: 'finance',
      zh: '财务管理制度',
      en: 'Financial management rules',
    },
    {
      value: 'qualification',
      zh: '资质证明',
      en: 'Qualification',
    },
    {
      value: 'other',
      zh: '其他',
      en: 'Other',
    },
  ],
  'eligibility.role': [
    {
      value: 'provider',
      zh: '承接主体',
      en: 'Provider',
    },
    {
      value: 'purchaser',
      zh: '购买主体',
      en: 'Purchaser',
    },
  ],
  'division.level': [
    {
      value: 'province',
      zh: '省',
      en: 'Province',
    },
    {
      value: 'prefecture',
      zh: '市',
      en: 'Prefecture (city)',
    },
    {
      value: 'county',
      zh: '县（区）',
      en: 'County (district)',
    },
    {
      value: 'township',
      zh: '乡镇（街道）',
      en: 'Township (subdistrict)',
    },
    {
      value: 'village',
      zh: '村（社区）',
      en: 'Village (community)',
    },
  ],
  'station.tier': [
    {
      value: 'county',
      zh: '县（区）社会工作指导中心',
      en: 'County social work guidance center',
    },
    {
      value: 'township',
      zh: '乡镇（街道）社会工作服务站',
      en: 'Township (street) social work station',
    },
    {
      value: 'village',
      zh: '村（社区）社会工作室',
      en: 'Village (community) social work room',
    },
  ],
  'station.kind': [
    {
      value: 'comprehensive',
      zh: '综合',
      en: 'Comprehensive',
    },
    {
      value: 'specialised',
      zh: '专项',
      en: 'Specialised',
    },
  ],
  'station.status': [
    {
      value: 'planned',
      zh: '筹建中',
      en: 'Planned',
    },
    {
      value: 'active',
      zh: '已运营',
      en: 'In operation',
    },
    {
      value: 'suspended',
      zh: '暂停运营',
      en: 'Suspended',
    },
    {
      value: 'closed',
      zh: '已关闭',
      en: 'Closed',
    },
  ],
  'station.operation': [
    {
      value: 'contract',
      zh: '购买服务运营',
      en: 'Purchased service',
    },
    {
      value: 'self_operated',
      zh: '自行运营',
      en: 'Self-operated',
    },
  ],
  'worker.qualification': [
    {
      value: 'assistant',
      zh: '助理社会工作师',
      en: 'Assistant social worker',
    },
    {
      value: 'intermediate',
      zh: '社会工作师',
      en: 'Social worker',
    },
    {
      value: 'senior',
      zh: '高级社会工作师',
      en: 'Senior social worker',
    },
  ],
  'staff.role': [
    {
      value: 'head',
      zh: '负责人',
      en: 'Head',
    },
    {
      value: 'staff',
      zh: '工作人员',
      en: 'Staff',
    },
  ],
  'readiness.kind': [
    {
      value: 'flag',
      zh: '人工核验',
      en: 'Checked by hand',
    },
    {
      value: 'min_staff',
      zh: '专职人数',
      en: 'Full-time staff',
    },
    {
      value: 'min_qualified',
      zh: '持证人数',
      en: 'Qualified staff',
    },
  ],
  'audit.outcome': [
    {
      value: 'ok',
      zh: '成功',
      en: 'Success',
    },
    {
      value: 'denied',
      zh: '拒绝',
      en: 'Denied',
    },
    {
      value: 'failed',
      zh: '失败',
      en: 'Failed',
    },
  ],
  'audit.action': [
    {
      value: 'session.login',
      zh: '登录',
      en: 'Signed in',
    },
    {
      value: 'session.login_failed',
      zh: '登录失败',
      en: 'Sign-in failed',
    },
    {
      value: 'session.logout',
      zh: '退出登录',
      en: 'Signed out',
    },
    {
      value: 'session.locked',
      zh: '账号锁定',
      en: 'Account locked',
    },
    {
      value: 'user.create',
      zh: '新建用户',
      en: 'Created a user',
    },
    {
      value: 'user.update',
      zh: '修改用户',
      en: 'Changed a user',
    },
    {
      value: 'user.role_assign',
      zh: '分配角色和管辖范围',
      en: 'Assigned a role and scope',
    },
    {
      value: 'user.password_reset',
      zh: '重置密码',
      en: 'Reset a password',
    },
    {
      value: 'user.password_change',
      zh: '修改本人密码',
      en: 'Changed own password',
    },
    {
      value: 'user.password_change_failed',
      zh: '修改本人密码失败',
      en: 'Own password change failed',
    },
    {
      value: 'authz.denied',
      zh: '越权访问被拒绝',
      en: 'Access denied',
    },
    {
      value: 'division.import',
      zh: '导入行政区划',
      en: 'Imported divisions',
    },
    {
      value: 'catalog.item_create',
      zh: '新增服务目录条目',
      en: 'Added a catalog item',
    },
    {
      value: 'catalog.item_update',
      zh: '修改服务目录条目',
      en: 'Changed a catalog item',
    },
    {
      value: 'org.create',
      zh: '登记组织机构',
      en: 'Registered an organisation',
    },
    {
      value: 'org.update',
      zh: '修改组织机构',
      en: 'Changed an organisation',
    },
    {
      value: 'org.document_add',
      zh: '登记备案文件',
      en: 'Recorded a document',
    },
    {
      value: 'org.export',
      zh: '导出组织机构',
      en: 'Exported organisations',
    },
    {
      value: 'org.unmask',
      zh: '查看身份证号码',
      en: 'Viewed an ID number',
    },
    {
      value: 'eligibility.rule_set_create',
      zh: '新建资格规则集',
      en: 'Created a rule set',
    },
    {
      value: 'eligibility.rule_update',
      zh: '修改资格规则',
      en: 'Changed a rule',
    },
    {
      value: 'station.create',
      zh: '设立社工站点',
      en: 'Set up a station',
    },
    {
      value: 'station.update',
      zh: '修改社工站点',
      en: 'Changed a station',
    },
    {
      value: 'station.staff_assign',
      zh: '安排站点人员',
      en: 'Assigned staff',
    },
    {
      value: 'station.staff_remove',
      zh: '移出站点人员',
      en: 'Removed staff',
    },
    {
      value: 'station.readiness_set',
      zh: '填报达标情况',
      en: 'Ticked a readiness item',
    },
    {
      value: 'station.readiness_confirm',
      zh: '确认达标情况',
      en: 'Confirmed a readiness item',
    },
    {
      value: 'station.export',
      zh: '导出社工站点',
      en: 'Exported stations',
    },
    {
      value: 'readiness.item_update',
      zh: '修改达标检查项',
      en: 'Changed a readiness item',
    },
    {
      value: 'social_worker.create',
      zh: '登记社会工作者',
      en: 'Registered a social worker',
    },
  ],
  'audit.object_type': [
    {
      value: 'user',
      zh: '用户',
      en: 'User',
    },
    {
      value: 'route',
      zh: '接口',
      en: 'Endpoint',
    },
    {
      value: 'permission',
      zh: '权限',
      en: 'Permission',
    },
    {
      value: 'division',
      zh: '行政区划',
      en: 'Division',
    },
    {
      value: 'catalog_item',
      zh: '服务目录条目',
      en: 'Catalog item',
    },
    {
      value: 'org',
      zh: '组织机构',
      en: 'Organisation',
    },
    {
      value: 'eligibility_rule_set',
      zh: '资格规则集',
      en: 'Rule set',
    },
    {
      value: 'eligibility_rule',
      zh: '资格规则',
      en: 'Eligibility rule',
    },
    {
      value: 'station',
      zh: '社工站点',
      en: 'Station',
    },
    {
      value: 'readiness_item',
      zh: '达标检查项',
      en: 'Readiness item',
    },
    {
      value: 'social_worker',
      zh: '社会工作者',
      en: 'Social worker',
    },
  ],
};

const state = reactive({ kinds: { ...FALLBACK }, loaded: false });
let pending = null;

/**
 * Ask the server for the enumerations once (again only after
 * forgetEnums()). A server without the route, or a failure, leaves the
 * fallback in place: labels must not depend on one request.
 */
export function loadEnums() {
  if (state.loaded || pending) return pending ?? Promise.resolve();
  pending = request('GET', '/meta/enums')
    .then((served) => {
      state.kinds = { ...FALLBACK, ...served };
      state.loaded = true;
    })
    .catch(() => {
      // The fallback stays; ask again in the next session.
    })
    .finally(() => {
      pending = null;
    });
  return pending;
}

/** Drop what the server said (at logout): the next session asks again. */
export function forgetEnums() {
  state.kinds = { ...FALLBACK };
  state.loaded = false;
}

/** The values of `kind` in the server's order. */
export function enumValues(kind) {
  return (state.kinds[kind] ?? []).map((e) => e.value);
}

/** The server's entry for `value` of `kind` ({value, zh, en, …}), or null. */
export function enumEntry(kind, value) {
  return (state.kinds[kind] ?? []).find((e) => e.value === value) ?? null;
}

/** [{ value, label }] of `kind`, for a select. */
export function enumOptions(kind) {
  return (state.kinds[kind] ?? []).map((e) => ({ value: e.value, label: pick(e) }));
}

function pick(entry) {
  return i18n.global.locale.value === 'en' ? entry.en || entry.zh : entry.zh || entry.en;
}

/**
 * The name of `value` of `kind` in the UI language. An unknown value of an
 * audit action is named by its object's type ("组织机构：其他操作"); any
 * other unknown value by the UI's word for it, never by the code alone.
 */
export function enumLabel(kind, value) {
  if (value === null || value === undefined || value === '')
    return i18n.global.t(kind === 'role' ? 'common.noRole' : 'common.none');
  const entry = (state.kinds[kind] ?? []).find((e) => e.value === value);
  if (entry) return pick(entry);
  const { t } = i18n.global;
  if (kind === 'audit.action') {
    const object = String(value).split('.')[0];
    const known = (state.kinds['audit.object_type'] ?? []).find((e) => e.value === object);
    return t('enums.otherAction', { object: known ? pick(known) : t('enums.otherObject') });
  }
  return t('enums.unknown', { value });
}
