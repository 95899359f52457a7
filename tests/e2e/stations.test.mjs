// stations.test.mjs — the station network in a real browser (R-NET-1..4,
// R-TAL-1): a civil affairs clerk of 綦江区 sees no township covered, sets
// up the 文龙 township station through the dialog (a county division for a
// township station refused on the field before anything is sent; an
// eligible provider as its operator), opens it, registers a social worker
// on the spot and assigns another, ticks the readiness flags until it
// reads 运转中, and finds the coverage dashboard of 500110 at one township
// in two, with the chart drawn and 古南街道 still missing. axe runs on
// every page and open dialog.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiSession, launchBrowser, seriousViolations, startServer, staffAccount, pick } from './harness.mjs';
import { uscc } from '../lib/codes.mjs';

const TIMEOUT = 10_000;
const FIXTURE = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'fixtures/divisions');
const CIVIL_PASSWORD = 'Correct-Horse-Battery-Staple-stn';
const PROVIDER = '綦江区心连心社会工作服务中心';
const STATION = '文龙街道社会工作服务站';

/** Facts of an organisation that passes every national provider rule. */
const GOOD_PROVIDER = {
  registration_status: 'valid',
  business_scope: '社会工作服务、社区服务',
  full_time_staff: 12,
  qualified_social_workers: 6,
  last_grade: 'good',
  dishonest: false,
  tax_record_clean: true,
  social_insurance_clean: true,
};

let server;
let browser;
let context;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await server.cli(['import', 'divisions', '--from', FIXTURE]);
  const admin = await apiSession(server.url, 'admin', server.adminPassword);
  const made = await staffAccount(server, admin, {
    username: 'zhou.jiu',
    display_name: '周九',
    role: 'civil_affairs',
    password: CIVIL_PASSWORD,
    scope: { divisions: ['500110'] },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));

  // An eligible provider: the facts, and the governance and finance
  // documents on file (tests/api/orgs.test.mjs).
  const civil = await apiSession(server.url, 'zhou.jiu', CIVIL_PASSWORD);
  const org = await civil('POST', '/orgs', {
    type: 'social_org',
    name: PROVIDER,
    uscc: uscc('52', '500110', 301),
    division_code: '500110',
    ...GOOD_PROVIDER,
  });
  assert.equal(org.status, 201, JSON.stringify(org.body));
  for (const kind of ['governance', 'finance']) {
    const doc = await civil('POST', `/orgs/${org.body.id}/documents`, {
      kind,
      title: `${kind} 制度`,
    });
    assert.equal(doc.status, 201, JSON.stringify(doc.body));
  }
  // A worker already registered, to be assigned through the dialog.
  const worker = await civil('POST', '/social-workers', {
    name: '李建国',
    employer_org_id: org.body.id,
    full_time: true,
  });
  assert.equal(worker.status, 201, JSON.stringify(worker.body));
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

async function assertAccessible(page, what) {
  assert.deepEqual(await seriousViolations(page), [], `axe on ${what}`);
}

/** The form item (label, input and error) holding the element `testid`. */
function formItem(scope, page, testid) {
  return scope.locator('.el-form-item').filter({ has: page.getByTestId(testid) });
}

/** Open a remote el-select, type `text` and pick the option matching `name`. */
async function search(page, select, text, name) {
  await pick(page, select, name, text);
}

test('stations: set up a station, staff it, tick it working, see coverage', async () => {
  context = await browser.newContext({ baseURL: server.url, locale: 'zh-CN' });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
      problems.push(`console: ${msg.text()}`);
    }
  });
  const posts = [];
  page.on('request', (req) => {
    if (req.method() === 'POST' && req.url().endsWith('/api/v1/stations')) posts.push(req.url());
  });

  await page.goto('/login');
  await page.getByTestId('login-username').fill('zhou.jiu');
  await page.getByTestId('login-password').fill(CIVIL_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('header-user').waitFor();

  // Coverage before: the clerk's own county, no township covered.
  await page.getByTestId('menu-coverage').click();
  await page.waitForURL('**/coverage?division=500110');
  assert.equal(await page.title(), '覆盖率 - 社会工作服务管理系统');
  const townshipRatio = page.getByTestId('coverage-townships-ratio');
  await townshipRatio.getByText('0.0%').waitFor();
  assert.equal(
    await page.getByTestId('coverage-townships-count').innerText(),
    '已覆盖 0 个，共 2 个',
  );
  const missing = page.getByTestId('coverage-missing-townships');
  assert.match(await missing.innerText(), /古南街道[\s\S]*文龙街道/);

  // The stations page: none yet.
  await page.getByTestId('menu-stations').click();
  await page.waitForURL('**/stations');
  assert.equal(await page.title(), '社工站点 - 社会工作服务管理系统');
  await page.getByTestId('stations-table').getByText('没有符合条件的站点').waitFor();
  await assertAccessible(page, 'stations page, empty');

  await page.getByTestId('station-create').click();
  const dialog = page.getByRole('dialog', { name: '新建站点' });
  await dialog.waitFor();
  await assertAccessible(page, 'new station dialog');

  // A township station in a county division: refused on the field, unsent.
  await dialog.getByTestId('station-form-tier').click();
  await page.getByRole('option', { name: '乡镇（街道）社工站' }).click();
  await search(page, dialog.getByTestId('station-form-division'), '綦江', /綦江区（500110）/);
  const divisionItem = formItem(dialog, page, 'station-form-division');
  await divisionItem
    .locator('.el-form-item__error')
    .getByText('乡镇（街道）社工站应设在乡镇（街道）行政区划（9 位代码）')
    .waitFor();
  await dialog.getByTestId('station-form-name').fill(STATION);
  await page.getByTestId('station-form-submit').click();
  await divisionItem.locator('.el-form-item__error').waitFor();
  assert.deepEqual(posts, [], 'nothing sent while the division is wrong');

  // The township itself; a demonstration station run by the provider.
  await search(page, dialog.getByTestId('station-form-division'), '文龙', /文龙街道（500110002）/);
  await divisionItem.locator('.el-form-item__error').waitFor({ state: 'detached' });
  await dialog.getByTestId('station-form-demonstration').click();
  await dialog.getByTestId('station-form-address').fill('文龙街道九龙大道 8 号');
  await dialog.getByTestId('station-form-opened-on').locator('input').fill('2024-03-01');
  await dialog.getByTestId('station-form-opened-on').locator('input').press('Enter');
  await dialog.getByTestId('station-form-status').click();
  await page.getByRole('option', { name: '运行中' }).click();
  await dialog.getByTestId('station-form-operation-contract').click();
  await page.getByTestId('station-form-submit').click();
  await formItem(dialog, page, 'station-form-operator')
    .getByText('购买服务运营的站点须选择承接主体')
    .waitFor();
  await search(page, dialog.getByTestId('station-form-operator'), '心连心', PROVIDER);
  await dialog.getByTestId('station-form-brand').fill('文龙邻里');
  await dialog.getByTestId('station-form-areas').click();
  await page.getByRole('option', { name: '养老服务' }).click();
  await page.getByRole('option', { name: '儿童福利' }).click();
  await dialog.getByTestId('station-form-name').click(); // close the list
  await assertAccessible(page, 'new station dialog, filled in');
  await page.getByTestId('station-form-submit').click();

  // The new station opens, not yet working: no staff, nothing ticked.
  await page.waitForURL(/\/stations\/\d+$/);
  assert.equal(posts.length, 1);
  await page.getByTestId('station-name').getByText(STATION).waitFor();
  assert.equal(await page.title(), '站点详情 - 社会工作服务管理系统');
  const facts = await page.getByTestId('station-facts').innerText();
  assert.match(facts, /乡镇（街道）社工站[\s\S]*综合/);
  assert.match(facts, /文龙街道（500110002）[\s\S]*运行中/);
  assert.match(facts, new RegExp(`购买服务运营[\\s\\S]*${PROVIDER}`));
  assert.equal(await page.getByTestId('station-areas').innerText(), '养老服务、儿童福利');
  const verdict = page.getByTestId('readiness-verdict');
  assert.equal(await page.getByTestId('readiness-verdict-title').innerText(), '未达标');
  assert.match(
    await verdict.innerText(),
    /有场地[\s\S]*有人员：专职社工人数（不少于 2 人，现有 0 人）/,
  );
  assert.match(await page.getByTestId('station-working').innerText(), /未达标/);
  await assertAccessible(page, 'station page, new');

  // Register a qualified worker on the spot: employed by the operator and
  // assigned to the station at once.
  await page.getByTestId('worker-register').click();
  const register = page.getByRole('dialog', { name: '登记社会工作者' });
  await register.waitFor();
  assert.match(await register.innerText(), new RegExp(PROVIDER));
  await register.getByTestId('worker-register-name').fill('王小红');
  await register.getByTestId('worker-register-qualification').click();
  await page.getByRole('option', { name: '社会工作师', exact: true }).click();
  await register.getByTestId('worker-register-certificate').fill('S2020500110001');
  await assertAccessible(page, 'register worker dialog');
  await page.getByTestId('worker-register-submit').click();
  await register.waitFor({ state: 'hidden' });
  const staff = page.getByTestId('staff-table');
  await staff.getByText('王小红').waitFor();
  assert.match(await staff.innerText(), /王小红[\s\S]*工作人员[\s\S]*社会工作师[\s\S]*专职/);
  await page.getByTestId('readiness-result-qualified_staff').getByText('达标').waitFor();

  // Assign the worker registered before as the head.
  await page.getByTestId('staff-add').click();
  const add = page.getByRole('dialog', { name: '添加人员' });
  await add.waitFor();
  await add.getByTestId('staff-add-worker').click();
  // typing a part of the name asks the server (GET /social-workers?q=)
  const searched = page.waitForResponse((r) => r.url().includes('/api/v1/social-workers?q='));
  await add.getByTestId('staff-add-worker').locator('input').fill('建国');
  await searched;
  await page.getByRole('option', { name: /李建国/ }).click();
  await add.getByText('负责人').click();
  await assertAccessible(page, 'add staff dialog');
  await page.getByTestId('staff-add-submit').click();
  await add.waitFor({ state: 'hidden' });
  await staff.getByText('李建国').waitFor();
  await page.getByTestId('readiness-result-staff').getByText('达标').waitFor();
  assert.equal(await page.getByTestId('readiness-verdict-title').innerText(), '未达标');

  // Tick the four flags, the site with a note; the last one makes it work.
  await page.getByTestId('readiness-note-site').fill('现场核查，面积 80 平方米');
  for (const code of ['site', 'equipment', 'rules', 'services']) {
    assert.equal(await page.getByTestId(`readiness-result-${code}`).innerText(), '未达标');
    await page.getByTestId(`readiness-switch-${code}`).click();
    await page.getByTestId(`readiness-result-${code}`).getByText('达标', { exact: true }).waitFor();
  }
  await page.getByTestId('readiness-verdict-title').getByText('运转中').waitFor();
  assert.match(await verdict.innerText(), /各项检查均已达标/);
  assert.match(await page.getByTestId('station-working').innerText(), /运转中/);
  assert.equal(
    await page.getByTestId('readiness-note-site').inputValue(),
    '现场核查，面积 80 平方米',
  );
  await assertAccessible(page, 'station page, working');

  // The list: the station, its tags in words.
  await page.getByTestId('station-back').click();
  await page.waitForURL('**/stations');
  await page.getByTestId('stations-working-filter').click();
  await page.getByRole('option', { name: '运转中' }).click();
  const row = page.getByTestId('stations-table').locator('tbody tr').filter({ hasText: STATION });
  await row.waitFor();
  assert.match(
    await row.innerText(),
    new RegExp(
      `乡镇（街道）社工站[\\s\\S]*综合[\\s\\S]*示范[\\s\\S]*文龙街道[\\s\\S]*${PROVIDER}[\\s\\S]*运行中[\\s\\S]*运转中`,
    ),
  );
  await assertAccessible(page, 'stations page, filtered');

  // Coverage after: one township in two, drawn, 古南街道 still missing.
  await page.getByTestId('menu-coverage').click();
  await page.waitForURL('**/coverage?division=500110');
  await townshipRatio.getByText('50.0%').waitFor();
  assert.equal(
    await page.getByTestId('coverage-townships-count').innerText(),
    '已覆盖 1 个，共 2 个',
  );
  assert.equal(await page.getByTestId('coverage-chart').locator('canvas').count(), 1);
  assert.match(
    await page.getByTestId('coverage-chart').getAttribute('aria-label'),
    /綦江区下级区划覆盖率柱状图。古南街道：乡镇（街道） 未覆盖[\s\S]*文龙街道：乡镇（街道） 已覆盖/,
  );
  const missingText = await missing.innerText();
  assert.match(missingText, /古南街道/);
  assert.doesNotMatch(missingText, /文龙街道/);
  assert.match(
    await page.getByTestId('coverage-missing-villages').innerText(),
    /共 3 个[\s\S]*沙溪社区居委会/,
  );
  await assertAccessible(page, 'coverage page');

  // Drill down to 文龙街道: its one village still has no room.
  await page.getByTestId('coverage-child-500110002').click();
  await page.waitForURL('**/coverage?division=500110002');
  // One township and one village: covered or not, not "100.0%（1/1）".
  await townshipRatio.getByText('已覆盖').waitFor();
  assert.equal(await page.getByTestId('coverage-villages-ratio').innerText(), '未覆盖');
  assert.doesNotMatch(await page.locator('main').innerText(), /（1\/1）|（0\/1）/);
  assert.match(await page.getByTestId('coverage-missing-villages').innerText(), /綦江河村委会/);
  await page.getByTestId('coverage-up-500110').click();
  await page.waitForURL('**/coverage?division=500110');
  await townshipRatio.getByText('50.0%').waitFor();

  assert.deepEqual(problems, []);
});
