// readiness.test.mjs — the readiness checklist page (R-NET-4, the "five
// haves") in a real browser: the administrator opens 达标检查项 from the
// menu, reads the three tiers, raises the township minimum of full-time
// staff from 2 to 3 through the dialog and sees it saved (on the page and
// through the API), finds no threshold input on a flag item, and sees a
// server refusal on the field it names. A civil affairs clerk has no menu
// entry and meets the not-found page at /readiness-items, as at /users;
// the API refuses them too. axe runs on the page and the open dialogs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiSession, launchBrowser, seriousViolations, staffAccount, startServer } from './harness.mjs';

const TIMEOUT = 10_000;
const CIVIL_PASSWORD = 'Correct-Horse-Battery-Staple-rdy';

let server;
let browser;
let admin; // API client logged in as admin
const contexts = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await apiSession(server.url, 'admin', server.adminPassword);
  const made = await staffAccount(server, admin, {
    username: 'qian.shi',
    display_name: '钱十',
    role: 'civil_affairs',
    password: CIVIL_PASSWORD,
    scope: { divisions: ['500110'] },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
});

after(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await server?.stop();
});

/** A logged-in page in a fresh context; page.problems collects errors. */
async function loggedIn(username, password) {
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
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('header-user').waitFor();
  return page;
}

async function assertAccessible(page, what) {
  assert.deepEqual(await seriousViolations(page), [], `axe on ${what}`);
}

/** The form item (label, input and error) holding the element `testid`. */
function formItem(scope, page, testid) {
  return scope.locator('.el-form-item').filter({ has: page.getByTestId(testid) });
}

async function township(code) {
  const res = await admin('GET', '/readiness-items?tier=township');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items.find((i) => i.code === code);
}

test('admin changes the township minimum of full-time staff', async () => {
  const page = await loggedIn('admin', server.adminPassword);
  await page.getByTestId('menu-readinessItems').click();
  await page.waitForURL('**/readiness-items');
  assert.equal(await page.title(), '达标检查项 - 社会工作服务管理系统');
  assert.equal(await page.getByTestId('menu-readinessItems').getAttribute('aria-current'), 'page');
  assert.match(
    await page.getByTestId('checklist-note').innerText(),
    /修改人员下限后，系统将立即按新下限重新评定该层级所有站点是否运转中/,
  );

  // The county tier first: six items, its minimums 3 and 2.
  const county = page.getByTestId('checklist-county');
  await county.getByText('有人员：专职社工人数').waitFor();
  assert.equal(await county.locator('tbody tr').count(), 6);
  assert.equal(
    await page.getByTestId('checklist-threshold-county-staff').innerText(),
    '不少于 3 人',
  );
  assert.equal(
    await page.getByTestId('checklist-threshold-county-qualified_staff').innerText(),
    '不少于 2 人',
  );
  assert.equal(await page.getByTestId('checklist-threshold-county-site').innerText(), '—');
  assert.match(
    await county.locator('tbody tr').filter({ hasText: '有场地' }).innerText(),
    /有场地[\s\S]*人工核验/,
  );
  assert.match(
    await county.locator('tbody tr').filter({ hasText: '持证社工人数' }).innerText(),
    /持证人员下限/,
  );
  await assertAccessible(page, 'readiness items page, county');

  // The township tier.
  await page.getByRole('tab', { name: '乡镇（街道）社工站' }).click();
  const row = page
    .getByTestId('checklist-township')
    .locator('tbody tr')
    .filter({ has: page.getByTestId('checklist-name-township-staff') });
  await row.waitFor();
  assert.match(await row.innerText(), /有人员：专职社工人数[\s\S]*专职人员下限[\s\S]*不少于 2 人/);
  await assertAccessible(page, 'readiness items page, township');

  // A flag item: the names only, no threshold input.
  await page.getByTestId('checklist-edit-township-site').click();
  let dialog = page.getByRole('dialog', { name: '编辑检查项：有场地' });
  await dialog.waitFor();
  assert.match(
    await dialog.getByTestId('checklist-dialog-kind').innerText(),
    /乡镇（街道）社工站 · 人工核验/,
  );
  assert.equal(await dialog.getByTestId('checklist-name-zh').inputValue(), '有场地');
  assert.equal(await dialog.getByTestId('checklist-name-en').inputValue(), 'Has a site');
  assert.equal(await dialog.getByTestId('checklist-threshold').count(), 0);
  assert.equal(await dialog.getByRole('spinbutton').count(), 0);
  await dialog.getByTestId('checklist-flag-hint').waitFor();
  await assertAccessible(page, 'flag item dialog');
  await dialog.getByRole('button', { name: '取消' }).click();
  await dialog.waitFor({ state: 'hidden' });

  // The minimum of full-time staff: 2 → 3.
  await page.getByTestId('checklist-edit-township-staff').click();
  dialog = page.getByRole('dialog', {
    name: '编辑检查项：有人员：专职社工人数',
  });
  await dialog.waitFor();
  assert.match(
    await dialog.getByTestId('checklist-dialog-kind').innerText(),
    /乡镇（街道）社工站 · 专职人员下限/,
  );
  const threshold = dialog.getByRole('spinbutton', { name: '人数下限' });
  assert.equal(await threshold.inputValue(), '2');
  await assertAccessible(page, 'computed item dialog');
  await threshold.fill('3');
  await threshold.press('Tab');
  await page.getByTestId('checklist-submit').click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('alert').filter({ hasText: '已保存“有人员：专职社工人数”' }).waitFor();
  await page.getByTestId('checklist-threshold-township-staff').getByText('不少于 3 人').waitFor();
  assert.equal((await township('staff')).threshold, 3);
  // The other tiers keep theirs.
  const county2 = await admin('GET', '/readiness-items?tier=county');
  assert.equal(county2.body.items.find((i) => i.code === 'staff').threshold, 3);
  const village = await admin('GET', '/readiness-items?tier=village');
  assert.equal(village.body.items.find((i) => i.code === 'staff').threshold, 1);

  // A refusal the server gives on a field lands on that field. The real
  // answer to a threshold on a flag item, served for the next save.
  const refused = await admin('PATCH', `/readiness-items/${(await township('site')).id}`, {
    threshold: 1,
  });
  assert.equal(refused.status, 400, JSON.stringify(refused.body));
  assert.equal(refused.body.error.field, 'threshold');
  await page.route('**/api/v1/readiness-items/*', (route) =>
    route.request().method() === 'PATCH'
      ? route.fulfill({ status: 400, json: refused.body })
      : route.continue(),
  );
  await page.getByTestId('checklist-edit-township-qualified_staff').click();
  dialog = page.getByRole('dialog', {
    name: '编辑检查项：有人员：持证社工人数',
  });
  await dialog.waitFor();
  const qualified = dialog.getByRole('spinbutton', { name: '人数下限' });
  await qualified.fill('2');
  await qualified.press('Tab');
  await page.getByTestId('checklist-submit').click();
  await formItem(dialog, page, 'checklist-threshold')
    .locator('.el-form-item__error')
    .getByText(refused.body.error.message)
    .waitFor();
  await assertAccessible(page, 'computed item dialog with a server error');
  await page.unroute('**/api/v1/readiness-items/*');
  await dialog.getByRole('button', { name: '取消' }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal((await township('qualified_staff')).threshold, 1);

  // In English the table follows.
  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.getByRole('tab', { name: 'Township (street) stations' }).waitFor();
  assert.match(
    await row.innerText(),
    /Has staff: full-time workers[\s\S]*Minimum full-time staff[\s\S]*at least 3/,
  );
  await assertAccessible(page, 'readiness items page (en)');
  assert.deepEqual(page.problems, []);
});

test('civil affairs staff have no readiness items page', async () => {
  const page = await loggedIn('qian.shi', CIVIL_PASSWORD);
  assert.equal(await page.getByTestId('menu-readinessItems').count(), 0);
  // As every page the role may not open (/users): it does not exist.
  await page.goto('/readiness-items');
  await page.getByTestId('not-found').waitFor();
  await assertAccessible(page, '404 page at /readiness-items');
  // The server refuses the change too.
  const civil = await apiSession(server.url, 'qian.shi', CIVIL_PASSWORD);
  const item = await township('staff');
  const res = await civil('PATCH', `/readiness-items/${item.id}`, {
    threshold: 0,
  });
  assert.equal(res.status, 403, JSON.stringify(res.body));
  assert.equal((await township('staff')).threshold, item.threshold);
  assert.deepEqual(page.problems, []);
});
