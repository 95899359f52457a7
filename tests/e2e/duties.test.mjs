// duties.test.mjs — 三员分立 and the confirmed readiness tick in the UI,
// against the permission names and answer shapes of issue 8. The server
// of this branch does not serve them yet, so GET /me is given the
// permissions the new server will name, and the new calls (POST /users
// without a role, PUT /users/{id}/role, POST …/readiness/{item}/confirm)
// are answered here: what is checked is what the UI offers and sends.
// Once the server has landed them, drop the stand-ins.
import { after, before, test } from 'node:test';
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
const CIVIL_PASSWORD = 'Correct-Horse-Battery-Staple-dty';

let server;
let browser;
let stationId;
const contexts = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const admin = await apiSession(server.url, 'admin', server.adminPassword);
  [stationId] = await makeStations(server, admin, 1);
  const made = await staffAccount(server, admin, {
    username: 'zheng.shi',
    display_name: '郑十',
    role: 'civil_affairs',
    password: CIVIL_PASSWORD,
    scope: { divisions: ['500110'] },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
});

after(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
});

/** A page logged in as `username`, GET /me answering `permissions`. */
async function pageWith(username, password, permissions) {
  const context = await browser.newContext({ baseURL: server.url, locale: 'zh-CN' });
  contexts.push(context);
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (err) => page.problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource'))
      page.problems.push(`console: ${msg.text()}`);
  });
  await page.route(/\/api\/v1\/me$/, async (route) => {
    const res = await route.fetch();
    if (res.status() !== 200) return route.fulfill({ response: res });
    const body = await res.json();
    await route.fulfill({ response: res, json: { ...body, permissions } });
  });
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(`${server.url}/`);
  return page;
}

test('duties: the system administrator makes accounts without a role', async () => {
  const page = await pageWith('admin', server.adminPassword, ['account.read', 'account.manage']);
  let sent = null;
  await page.route(/\/api\/v1\/users$/, async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    sent = JSON.parse(route.request().postData());
    await route.fulfill({
      status: 201,
      contentType: 'application/json',
      body: JSON.stringify({ id: 90, ...sent, password: undefined, role: null, scope: {} }),
    });
  });
  await page.goto('/users');
  await page.getByTestId('user-create').click();
  const dialog = page.getByRole('dialog', { name: '新建用户' });
  await dialog.waitFor();
  assert.equal(await dialog.getByTestId('user-role').count(), 0, 'no role to choose');
  await dialog.getByTestId('user-username').fill('wu.yi');
  await dialog.getByTestId('user-display-name').fill('吴一');
  await dialog.getByTestId('user-password').fill('春眠不觉晓处处闻啼鸟夜来风雨声');
  await page.getByTestId('user-create-submit').click();
  await dialog.waitFor({ state: 'hidden' });
  assert.deepEqual(sent, {
    username: 'wu.yi',
    display_name: '吴一',
    password: '春眠不觉晓处处闻啼鸟夜来风雨声',
  });

  // The edit dialog holds the name and the disabled flag, not the role.
  const row = page.getByTestId('users-table').getByRole('row').filter({ hasText: 'zheng.shi' });
  await row.getByTestId('user-edit-zheng.shi').click();
  const edit = page.getByTestId('user-edit-dialog');
  await edit.getByTestId('edit-display-name').waitFor();
  assert.equal(await edit.getByTestId('edit-role').count(), 0);
  assert.equal(await edit.getByTestId('scope-divisions').count(), 0);
  assert.deepEqual(page.problems, []);
});

test('duties: the security administrator gives roles, and nothing else', async () => {
  const page = await pageWith('admin', server.adminPassword, ['account.read', 'account.assign']);
  let sent = null;
  await page.route(/\/api\/v1\/users\/\d+\/role$/, async (route) => {
    sent = { method: route.request().method(), body: JSON.parse(route.request().postData()) };
    const user = await (
      await route.fetch({
        method: 'GET',
        url: route
          .request()
          .url()
          .replace(/\/role$/, ''),
      })
    ).json();
    await route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({ ...user, ...sent.body }),
    });
  });
  await page.goto('/users');
  const row = page.getByTestId('users-table').getByRole('row').filter({ hasText: 'zheng.shi' });
  await row.waitFor();
  assert.equal(await page.getByTestId('user-create').count(), 0, 'no accounts made here');
  assert.equal(await page.getByTestId('user-reset-zheng.shi').count(), 0, 'no passwords reset');
  const assign = row.getByTestId('user-edit-zheng.shi');
  assert.equal(await assign.innerText(), '分配角色');
  await assign.click();
  const dialog = page.getByTestId('user-edit-dialog');
  await dialog.getByTestId('edit-role').waitFor();
  assert.equal(await dialog.getByTestId('edit-display-name').count(), 0);
  assert.equal(await dialog.getByTestId('edit-disabled').count(), 0);
  await dialog.getByTestId('edit-role').click();
  await page.getByRole('option', { name: '乡镇（街道）' }).click();
  await assertAccessible(page, 'role dialog');
  await page.getByTestId('user-edit-submit').click();
  await dialog.waitFor({ state: 'hidden' });
  assert.deepEqual(sent, {
    method: 'PUT',
    body: { role: 'township', scope: { divisions: ['500110'] } },
  });
  await row.getByText('乡镇（街道）').waitFor();
  assert.deepEqual(page.problems, []);
});

test('duties: a provider’s tick waits for confirmation, shown with who and when', async () => {
  const page = await pageWith('zheng.shi', CIVIL_PASSWORD, [
    'org.read',
    'station.read',
    'readiness.confirm',
  ]);
  const TICKED = '2026-12-01T02:00:00Z';
  const claim = (item) => ({
    ...item,
    met: true,
    ticked_by: { id: 7, name: '心连心社工 李建国' },
    ticked_at: TICKED,
    confirmed_by: null,
    confirmed_at: null,
    passed: false,
  });
  let confirmed = null;
  await page.route(new RegExp(`/api/v1/stations/${stationId}$`), async (route) => {
    const res = await route.fetch();
    const station = await res.json();
    station.readiness.items = station.readiness.items.map((i) =>
      i.code === 'site' ? claim(i) : i,
    );
    await route.fulfill({ response: res, json: station });
  });
  await page.route(/\/readiness\/\d+\/confirm$/, async (route) => {
    confirmed = route.request().url();
    const res = await route.fetch({
      method: 'GET',
      url: `${server.url}/api/v1/stations/${stationId}`,
    });
    const station = await res.json();
    station.readiness.items = station.readiness.items.map((i) =>
      i.code === 'site'
        ? { ...claim(i), confirmed_by: { id: 3, name: '郑十' }, confirmed_at: TICKED, passed: true }
        : i,
    );
    await route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify(station),
    });
  });
  await page.goto(`/stations/${stationId}`);
  await page
    .getByTestId('readiness-ticked-site')
    .getByText('心连心社工 李建国 于 2026-12-01 10:00:00 填报')
    .waitFor();
  await page.getByTestId('readiness-awaiting-site').waitFor();
  assert.match(await page.getByTestId('readiness-failing').innerText(), /有场地（已填报，待确认）/);
  assert.equal(await page.getByTestId('readiness-result-site').innerText(), '未达标');
  await assertAccessible(page, 'readiness awaiting confirmation');

  await page.getByTestId('readiness-confirm-site').click();
  await page
    .getByTestId('readiness-confirmed-site')
    .getByText('郑十 于 2026-12-01 10:00:00 确认')
    .waitFor();
  assert.match(confirmed, /\/readiness\/\d+\/confirm$/);
  assert.equal(await page.getByTestId('readiness-confirm-site').count(), 0);
  assert.equal(await page.getByTestId('readiness-result-site').innerText(), '达标');
  assert.deepEqual(page.problems, []);
});

async function assertAccessible(page, what) {
  assert.deepEqual(await seriousViolations(page), [], `axe on ${what}`);
}
