// ui.test.mjs — the web UI in a real browser against the real server:
// login and its failures, the workbench shell and role menus, language
// switching, user administration, password change, logout, session
// expiry, the audit log, and axe on every page.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiSession,
  launchBrowser,
  makeStations,
  seriousViolations,
  startServer,
  staffAccount,
} from './harness.mjs';

const TIMEOUT = 10_000;

let server;
let browser;
let admin; // API client logged in as admin, for setting up data
const contexts = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await apiSession(server.url, 'admin', server.adminPassword);
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * A page in a fresh browser context (no cookies, no stored language).
 * Uncaught errors, console errors (Vue logs render errors there; CSP
 * refusals too) are collected in page.problems. Failed requests are left
 * out: the tests make the server refuse things on purpose.
 */
async function newPage() {
  const context = await browser.newContext({ baseURL: server.url, locale: 'zh-CN' });
  context.setDefaultTimeout(TIMEOUT);
  contexts.push(context);
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (err) => page.problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
      page.problems.push(`console: ${msg.text()}`);
    }
  });
  return page;
}

async function login(page, username, password) {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('header-user').waitFor();
}

let usersMade = 0;

/**
 * Create a user through the API and return its password: made by the
 * system administrator, given `role` and `scope` by the security
 * administrator (harness staffAccount); without a role it stays 未分配角色.
 */
async function createUser(username, role, scope) {
  // The server refuses passwords that contain the username.
  const password = `Correct-Horse-Battery-Staple-${++usersMade}`;
  const res = await staffAccount(server, admin, {
    username,
    display_name: `测试${username}`,
    role,
    password,
    scope,
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return password;
}

async function assertAccessible(page, what) {
  const violations = await seriousViolations(page);
  assert.deepEqual(violations, [], `axe on ${what}`);
}

async function menuTexts(page) {
  return (await page.getByTestId('nav-menu').getByRole('menuitem').allInnerTexts()).map((s) =>
    s.trim(),
  );
}

test('a wrong password shows the server message on the login page', async () => {
  const page = await newPage();
  await page.goto('/');
  await page.waitForURL('**/login');
  assert.equal(await page.getByTestId('app-name').innerText(), '社会工作服务管理系统');
  assert.equal(await page.title(), '登录 - 社会工作服务管理系统');
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');

  // Empty form: the client-side rules answer, no request is made.
  const logins = [];
  page.on('request', (req) => req.url().endsWith('/api/v1/session') && logins.push(req));
  await page.getByTestId('login-submit').click();
  await page.getByText('请输入用户名').waitFor();
  assert.equal(logins.length, 0);

  await page.getByTestId('login-username').fill('nobody');
  await page.getByTestId('login-password').fill('not-the-password-at-all');
  await page.getByTestId('login-submit').click();
  const error = page.getByTestId('login-error');
  await error.waitFor();
  const res = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'nobody', password: 'x' }),
  });
  const { error: body } = await res.json();
  assert.ok((await error.innerText()).includes(body.message), body.message);
  assert.equal(await page.getByTestId('login-password').inputValue(), '');
  await assertAccessible(page, 'login page with an error');

  // In English the server's English message is shown.
  await page.getByTestId('lang-switch').click();
  await page.getByTestId('login-username').fill('nobody');
  await page.getByTestId('login-password').fill('not-the-password-at-all');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('login-error').getByText(body.message_en).waitFor();
  assert.deepEqual(page.problems, []);
});

test('a locked account shows the lock and when to retry', async () => {
  // An account without a role yet: the lock is the session's, not a role's.
  const password = await createUser('locked1');
  for (let i = 0; i < 5; i++) {
    await fetch(`${server.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'locked1', password: 'wrong-password-123' }),
    });
  }
  const page = await newPage();
  await page.goto('/login');
  await page.getByTestId('login-username').fill('locked1');
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  const error = page.getByTestId('login-error');
  await error.waitFor();
  // The server's reason, and the wait from its Retry-After (15 minutes).
  assert.match(await error.innerText(), /锁定[\s\S]*请在 15 分钟后再试。/);
  assert.match(page.url(), /\/login$/);
  assert.deepEqual(page.problems, []);
});

test('admin sees the workbench, switches language and back, logs out', async () => {
  // A station not working yet: the one thing on the administrator's list.
  const [stationId] = await makeStations(server, admin);
  const { body: station } = await admin('GET', `/stations/${stationId}`);
  const page = await newPage();
  await login(page, 'admin', server.adminPassword);
  assert.equal(new URL(page.url()).pathname, '/');
  assert.equal(await page.title(), '工作台 - 社会工作服务管理系统');
  assert.equal(await page.getByTestId('header-role').innerText(), '系统管理员');
  assert.deepEqual(await menuTexts(page), [
    '工作台',
    '行政区划',
    '服务目录',
    '组织机构',
    '社工站点',
    '覆盖率',
    '达标检查项',
    '资格规则',
    '年度计划',
    '购买服务项目',
    '政府采购',
    '合同',
    '年度预算',
    '采购规则',
    '工作日历',
    '用户管理',
    '我的账户',
  ]);
  // The audit log is the audit administrator's alone (三员分立).
  assert.equal(await page.getByTestId('menu-audit').count(), 0);
  assert.equal(await page.locator('header').count(), 1);
  assert.equal(await page.locator('nav').count(), 1);
  assert.equal(await page.locator('main').count(), 1);
  await page.getByTestId('health-status').getByText('运行正常').waitFor();
  // The workbench is a to-do list, not the menu again: the station to get
  // working, linked; the year without a budget yet.
  const stations = page.getByTestId('todo-stations_not_ready');
  assert.equal(await stations.getByTestId('todo-title').innerText(), '尚未运转的社工站');
  assert.deepEqual(await stations.getByTestId('todo-item').allInnerTexts(), [station.name]);
  assert.equal(
    await stations.getByRole('link', { name: station.name }).getAttribute('href'),
    `/stations/${stationId}`,
  );
  assert.equal(
    await stations.getByTestId('todo-all').getAttribute('href'),
    '/stations?working=false',
  );
  assert.equal(await page.getByTestId('todo-list').getByTestId('todo-title').count(), 1);
  assert.match(await page.getByTestId('budget-none').innerText(), /^\d{4} 年度尚未编制预算。$/);
  assert.equal(await page.getByTestId('quick-links').count(), 0);
  assert.equal(await page.locator('main').getByRole('link', { name: '用户管理' }).count(), 0);
  await assertAccessible(page, 'workbench (zh-CN)');

  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.deepEqual(await menuTexts(page), [
    'Workbench',
    'Administrative divisions',
    'Service catalog',
    'Organisations',
    'Social work stations',
    'Coverage',
    'Readiness checklist',
    'Eligibility rules',
    'Annual plans',
    'Purchased service projects',
    'Procurement',
    'Contracts',
    'Annual budgets',
    'Purchase rules',
    'Working-day calendar',
    'Users',
    'My account',
  ]);
  // the role's name as the server's role list gives it
  assert.equal(await page.getByTestId('header-role').innerText(), 'system administrator');
  assert.equal(await page.title(), 'Workbench - Social Work Services Management System');
  assert.equal(await stations.getByTestId('todo-title').innerText(), 'Stations not working');
  await assertAccessible(page, 'workbench (en)');

  // Element Plus follows the language too (its dialog close button).
  await page.getByTestId('menu-users').click();
  await page.getByTestId('user-create').click();
  await page.getByRole('button', { name: 'Close this dialog' }).click();

  // The choice is remembered across a reload.
  await page.reload();
  await page.getByTestId('header-user').waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(
    await page.getByTestId('app-name').innerText(),
    'Social Work Services Management System',
  );

  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.equal(await page.getByTestId('header-role').innerText(), '系统管理员');

  // The menu works from the keyboard and marks the current page.
  await page.getByTestId('menu-orgs').focus();
  await page.keyboard.press('Enter');
  await page.waitForURL('**/orgs');
  assert.equal(await page.getByTestId('menu-orgs').getAttribute('aria-current'), 'page');
  // The audit log's address leads nowhere for the system administrator.
  await page.goto('/audit');
  await page.getByTestId('not-found').waitFor();
  await page.goto('/');

  await page.getByTestId('logout').click();
  await page.waitForURL('**/login');
  await page.getByTestId('login-form').waitFor();
  // The session has ended on the server: protected pages lead back here.
  await page.goto('/users');
  await page.waitForURL('**/login?redirect=/users');
  assert.deepEqual(page.problems, []);
});

test('admin creates a user on the users page', async () => {
  const page = await newPage();
  await login(page, 'admin', server.adminPassword);
  await page.getByTestId('menu-users').click();
  await page.waitForURL('**/users');
  assert.equal(await page.title(), '用户管理 - 社会工作服务管理系统');
  await page.getByTestId('users-table').getByText('admin', { exact: true }).waitFor();
  await assertAccessible(page, 'users page');

  await page.getByTestId('user-create').click();
  const dialog = page.getByRole('dialog', { name: '新建用户' });
  await dialog.waitFor();

  // The form checks the API's rules before sending.
  await dialog.getByTestId('user-username').fill('Bad Name');
  await dialog.getByTestId('user-password').fill('short');
  await page.getByTestId('user-create-submit').click();
  await dialog.getByText('用户名须为 3–32 位小写字母、数字或 _ . -').waitFor();
  await dialog.getByText('密码长度须为 12–128 个字符').waitFor();

  // 三员分立: the system administrator makes the account; its role and
  // scope are the security administrator's to give, so the form has none.
  assert.equal(await dialog.getByTestId('user-role').count(), 0);
  assert.equal(await dialog.getByTestId('scope-divisions').count(), 0);
  await dialog.getByTestId('user-username').fill('zhang.san');
  await dialog.getByTestId('user-display-name').fill('张三');
  await dialog.getByTestId('user-password').fill('春眠不觉晓处处闻啼鸟夜来风雨声');
  await assertAccessible(page, 'create user dialog');
  await page.getByTestId('user-create-submit').click();
  await dialog.waitFor({ state: 'hidden' });

  const row = page.getByTestId('users-table').getByRole('row').filter({ hasText: 'zhang.san' });
  await row.waitFor();
  assert.match(await row.innerText(), /张三[\s\S]*未分配角色/);
  const created = await admin('GET', '/users?q=zhang.san');
  assert.deepEqual(
    created.body.items.map((u) => [u.username, u.role, u.scope.divisions]),
    [['zhang.san', null, []]],
  );

  // A duplicate username: the server's error lands on the username field.
  await page.getByTestId('user-create').click();
  await dialog.waitFor();
  await dialog.getByTestId('user-username').fill('zhang.san');
  await dialog.getByTestId('user-display-name').fill('张三');
  await dialog.getByTestId('user-password').fill('another-long-password-1');
  await page.getByTestId('user-create-submit').click();
  const usernameItem = dialog
    .locator('.el-form-item')
    .filter({ has: page.getByTestId('user-username') });
  await usernameItem.locator('.el-form-item__error').waitFor();
  assert.match(
    await usernameItem.locator('.el-form-item__error').innerText(),
    /已存在|exists|taken/,
  );
  assert.deepEqual(page.problems, []);

  // The security administrator gives the role; the scope input follows it.
  const sec = await newPage();
  await login(sec, 'secadmin', server.passwords.secadmin);
  await sec.goto('/users');
  assert.equal(await sec.getByTestId('user-create').count(), 0, 'accounts are the admin’s to make');
  const secRow = sec.getByTestId('users-table').getByRole('row').filter({ hasText: 'zhang.san' });
  await secRow.waitFor();
  await sec.getByTestId('user-edit-zhang.san').click();
  const assign = sec.getByRole('dialog', { name: '分配角色和管辖范围：zhang.san' });
  await assign.waitFor();
  assert.equal(await assign.getByTestId('edit-display-name').count(), 0);
  await assign.getByTestId('edit-role').click();
  // The officers' roles are given on the command line only.
  await sec.getByRole('option', { name: '民政部门' }).waitFor();
  assert.equal(await sec.getByRole('option', { name: '审计管理员' }).count(), 0);
  await sec.getByRole('option', { name: '民政部门' }).click();
  const divisions = assign.getByTestId('scope-divisions');
  await divisions.fill('500110');
  await divisions.press('Enter');
  await assertAccessible(sec, 'assign role dialog');
  await sec.getByTestId('user-edit-submit').click();
  await assign.waitFor({ state: 'hidden' });
  await secRow.getByText('民政部门').waitFor();
  // (the divisions are imported by then: the scope is named, not coded)
  assert.match(await secRow.innerText(), /张三[\s\S]*民政部门[\s\S]*行政区划：綦江区/);
  const assigned = await admin('GET', '/users?q=zhang.san');
  assert.deepEqual(
    assigned.body.items.map((u) => [u.username, u.role, u.scope.divisions]),
    [['zhang.san', 'civil_affairs', ['500110']]],
  );
  assert.deepEqual(sec.problems, []);
});

test('admin edits a user and resets their password', async () => {
  // A social worker's stations exist (R-ROLE-1).
  await createUser('li.si', 'social_worker', { stations: await makeStations(server, admin) });
  const page = await newPage();
  await login(page, 'admin', server.adminPassword);
  await page.goto('/users');
  await page.getByTestId('users-q').fill('li.si');
  await page.getByTestId('users-search').click();
  const row = page.getByTestId('users-table').getByRole('row').filter({ hasText: 'li.si' });
  await row.waitFor();

  await page.getByTestId('user-edit-li.si').click();
  const edit = page.getByRole('dialog', { name: '编辑用户：li.si' });
  await edit.waitFor();
  await edit.getByTestId('edit-display-name').fill('李四');
  await edit.getByTestId('edit-disabled').click({ force: true });
  await assertAccessible(page, 'edit user dialog');
  await page.getByTestId('user-edit-submit').click();
  await edit.waitFor({ state: 'hidden' });
  await row.getByText('李四').waitFor();
  await row.getByText('停用').waitFor();

  await page.getByTestId('user-reset-li.si').click();
  const reset = page.getByRole('dialog', { name: '重置密码：li.si' });
  await reset.waitFor();
  await reset.getByTestId('reset-password').fill('a-brand-new-password');
  await reset.getByTestId('reset-confirm').fill('a-brand-new-passwordX');
  await page.getByTestId('reset-submit').click();
  await reset.getByText('两次输入的密码不一致').waitFor();
  await reset.getByTestId('reset-confirm').fill('a-brand-new-password');
  await assertAccessible(page, 'reset password dialog');
  await page.getByTestId('reset-submit').click();
  await reset.waitFor({ state: 'hidden' });
  await page.getByRole('alert').filter({ hasText: 'li.si 的密码已重置' }).waitFor();
  assert.deepEqual(page.problems, []);
});

test('a user changes their password on the account page', async () => {
  const password = await createUser('wang.wu', 'social_worker', {
    stations: await makeStations(server, admin, 2),
  });
  const page = await newPage();
  await login(page, 'wang.wu', password);
  // A social worker has no administration pages.
  assert.deepEqual(await menuTexts(page), [
    '工作台',
    '行政区划',
    '服务目录',
    '组织机构',
    '社工站点',
    '志愿者',
    '采购规则',
    '工作日历',
    '我的账户',
  ]);
  assert.equal(await page.getByTestId('header-role').innerText(), '社会工作者');
  await page.goto('/users');
  await page.getByTestId('not-found').waitFor();
  await assertAccessible(page, '404 page');

  await page.goto('/account');
  await page.getByTestId('account-profile').getByText('wang.wu', { exact: true }).waitFor();
  assert.equal(await page.title(), '我的账户 - 社会工作服务管理系统');
  await assertAccessible(page, 'account page');

  // A wrong current password: the server's error on that field.
  await page.getByTestId('password-current').fill('not-my-password-at-all');
  await page.getByTestId('password-new').fill('窗前明月光疑是地上霜举头');
  await page.getByTestId('password-confirm').fill('窗前明月光疑是地上霜举头');
  await page.getByTestId('password-submit').click();
  const currentItem = page
    .locator('.el-form-item')
    .filter({ has: page.getByTestId('password-current') });
  await currentItem.locator('.el-form-item__error').waitFor();

  await page.getByTestId('password-current').fill(password);
  await page.getByTestId('password-submit').click();
  await page.getByRole('alert').filter({ hasText: '密码已修改' }).waitFor();
  assert.equal(await page.getByTestId('password-current').inputValue(), '');

  // The reissued CSRF token is in use: an unsafe request (logout) works,
  // and the new password logs in.
  await page.getByTestId('logout').click();
  await page.waitForURL('**/login');
  await login(page, 'wang.wu', '窗前明月光疑是地上霜举头');
  assert.deepEqual(page.problems, []);
});

test('an ended session leads back to the login page', async () => {
  const page = await newPage();
  await login(page, 'admin', server.adminPassword);
  await page.context().clearCookies();
  await page.getByTestId('menu-users').click();
  await page.waitForURL('**/login?redirect=/users&expired=1');
  await page.getByText('登录已过期，请重新登录。').waitFor();
  await page.getByTestId('login-username').fill('admin');
  await page.getByTestId('login-password').fill(server.adminPassword);
  await page.getByTestId('login-submit').click();
  await page.waitForURL('**/users');
  assert.deepEqual(page.problems, []);
});

test('the audit log lists entries newest first and filters them', async () => {
  // The audit administrator init made: the audit log is theirs alone, and
  // accounts they may read but not change.
  const page = await newPage();
  await login(page, 'auditor', server.passwords.auditor);
  // (行政区划, 服务目录, 采购规则 and 工作日历 are every signed-in user's to read.)
  assert.deepEqual(await menuTexts(page), [
    '工作台',
    '行政区划',
    '服务目录',
    '采购规则',
    '工作日历',
    '用户管理',
    '审计日志',
    '我的账户',
  ]);
  await page.getByTestId('menu-users').click();
  await page.getByTestId('users-table').getByText('secadmin', { exact: true }).waitFor();
  assert.equal(await page.getByTestId('user-create').count(), 0);
  assert.equal(await page.getByTestId('user-edit-admin').count(), 0);
  assert.equal(await page.getByTestId('user-reset-admin').count(), 0);
  // A social worker's stations by number: the auditor may not read stations.
  await page
    .getByTestId('users-table')
    .getByText(/社工站点：编号 \d+/)
    .first()
    .waitFor();
  await page.getByTestId('menu-audit').click();
  await page.waitForURL('**/audit');
  const table = page.getByTestId('audit-table');
  await table.getByText('登录', { exact: true }).first().waitFor();
  const firstRow = table.locator('tbody tr').first();
  // Actions, objects and outcomes in words, not the codes the server stores.
  assert.match(await firstRow.innerText(), /auditor[\s\S]*登录[\s\S]*账号[\s\S]*成功/);
  // Reading the users list asked for nothing the auditor may not read: a
  // refused request would be logged here as denied.
  assert.doesNotMatch(await table.innerText(), /越权操作被拒绝/);
  assert.doesNotMatch(await table.innerText(), /session\.login|\bok\b|\buser\b/);
  // Times are shown in Beijing time, "YYYY-MM-DD HH:MM:SS".
  assert.match(await firstRow.innerText(), /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
  await assertAccessible(page, 'audit page');

  // The action is picked from a list of names, not typed as a code.
  await page.getByTestId('audit-action').click();
  await page.getByRole('option', { name: /^创建账号/ }).click();
  await page.waitForFunction(() => {
    const cells = [
      ...document.querySelectorAll('[data-testid="audit-table"] tbody tr td:nth-child(4)'),
    ];
    return cells.length > 0 && cells.every((c) => c.textContent.trim() === '创建账号');
  });
  assert.match(page.url(), /action=user\.create/);
  assert.deepEqual(page.problems, []);
});

test('the users list pages forward and back with next_cursor', async () => {
  for (let i = 1; i <= 21; i++) await createUser(`pager${String(i).padStart(2, '0')}`);
  const page = await newPage();
  await login(page, 'admin', server.adminPassword);
  await page.goto('/users');
  await page.getByTestId('users-q').fill('pager');
  await page.getByTestId('users-search').click();
  const rows = page.getByTestId('users-table').locator('tbody tr');
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid="users-table"] tbody tr').length === 20,
  );
  assert.equal(await page.getByTestId('pager-page').innerText(), '第 1 页');
  assert.equal(await page.getByTestId('pager-prev').isDisabled(), true);

  await page.getByTestId('pager-next').click();
  await page.getByTestId('pager-page').getByText('第 2 页').waitFor();
  assert.equal(await rows.count(), 1);
  assert.equal(await page.getByTestId('pager-next').isDisabled(), true);

  await page.getByTestId('pager-prev').click();
  await page.getByTestId('pager-page').getByText('第 1 页').waitFor();
  assert.equal(await rows.count(), 20);
  assert.deepEqual(page.problems, []);
});
