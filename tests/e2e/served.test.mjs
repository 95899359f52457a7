// served.test.mjs — what the UI does with the answers the server is getting
// in issue 8, before it serves them: a list's `total`, the eligibility
// decision's `roles` and `not_applicable`, the audit log's `from` / `to`
// and GET /audit/actions. The answers are amended here; drop the
// stand-ins once the server gives them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIVISIONS_FIXTURE, apiSession, launchBrowser, startServer } from './harness.mjs';
import { uscc } from '../lib/codes.mjs';

const TIMEOUT = 10_000;
let server;
let browser;
let deptId;
const contexts = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await server.cli(['import', 'divisions', '--from', DIVISIONS_FIXTURE]);
  const admin = await apiSession(server.url, 'admin', server.adminPassword);
  const dept = await admin('POST', '/orgs', {
    type: 'civil_affairs',
    name: '綦江区民政局',
    uscc: uscc('11', '500110', 901),
    division_code: '500110',
  });
  assert.equal(dept.status, 201, JSON.stringify(dept.body));
  deptId = dept.body.id;
});

after(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
});

/** A signed-in page, the system administrator's unless another is named. */
async function adminPage(username = 'admin', password = server.adminPassword) {
  const context = await browser.newContext({ baseURL: server.url, locale: 'zh-CN' });
  contexts.push(context);
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (err) => page.problems.push(`page error: ${err.message}`));
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(`${server.url}/`);
  return page;
}

/** Answer GET requests matching `re` with the server's JSON changed by `amend`. */
function amend(page, re, change) {
  return page.route(re, async (route) => {
    if (route.request().method() !== 'GET') return route.continue();
    const res = await route.fetch();
    await route.fulfill({ response: res, json: change(await res.json(), route.request()) });
  });
}

test('served: a list shows the total the server counts', async () => {
  const page = await adminPage();
  await amend(page, /\/api\/v1\/orgs\?/, (body) => ({ ...body, total: 1 }));
  await page.goto('/orgs');
  await page.getByTestId('orgs-total').getByText('共 1 条').waitFor();
  assert.deepEqual(page.problems, []);
});

test('served: a civil affairs department is reviewed as a purchaser; rules that do not apply are said', async () => {
  const page = await adminPage();
  const roles = [];
  await amend(page, /\/api\/v1\/orgs\/\d+\/eligibility\?/, (body, request) => {
    roles.push(new URL(request.url()).searchParams.get('role'));
    return {
      ...body,
      roles: ['purchaser'],
      not_applicable: [
        {
          id: 'provider.x',
          description_zh: '依法设立的社会组织',
          description_en: 'A registered social organisation',
        },
        {
          id: 'provider.y',
          description_zh: '具有社会工作专业人员',
          description_en: 'Has social workers',
        },
      ],
    };
  });
  await page.goto(`/orgs/${deptId}`);
  await page.getByTestId('eligibility-verdict').waitFor();
  assert.equal(roles.at(-1), 'purchaser', 'decided for the role its type can hold');
  assert.equal(await page.getByTestId('eligibility-role-provider').count(), 0);
  const na = page.getByTestId('eligibility-na');
  await na.getByText('另有 2 条规则不适用于本类型组织').click();
  await na.getByText('具有社会工作专业人员').waitFor();
  assert.deepEqual(page.problems, []);
});

test('served: the audit log is filtered by a range of days and offers the actions it holds', async () => {
  // The audit log is the audit administrator's alone (三员分立).
  const page = await adminPage('auditor', server.passwords.auditor);
  await page.route(/\/api\/v1\/audit\/actions$/, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({ items: [{ action: 'session.login', count: 3 }] }),
    }),
  );
  const asked = [];
  page.on('request', (r) => {
    if (/\/api\/v1\/audit\?/.test(r.url())) asked.push(new URL(r.url()).searchParams);
  });
  await page.goto('/audit');
  await page.getByTestId('audit-table').getByText('登录', { exact: true }).first().waitFor();
  await page.getByTestId('audit-action').click();
  await page.getByRole('option', { name: '登录（3 条）' }).waitFor();
  await page.keyboard.press('Escape');

  const dates = page.getByTestId('audit-dates');
  await dates.click();
  const panel = page.locator('.el-date-range-picker').filter({ visible: true });
  await panel.waitFor();
  await panel.locator('td.available').first().click();
  await panel.locator('td.available').nth(2).click();
  await page.waitForURL(/from=\d{4}-\d{2}-\d{2}.*to=\d{4}-\d{2}-\d{2}/);
  const last = asked.at(-1);
  assert.match(last.get('from'), /^\d{4}-\d{2}-\d{2}$/);
  assert.match(last.get('to'), /^\d{4}-\d{2}-\d{2}$/);
  assert.ok(last.get('from') <= last.get('to'));
  assert.deepEqual(page.problems, []);
});
