// projects.test.mjs — the purchase's first half in a real browser (R-PRJ-1..4,
// R-CAT-3, R-FLOW-1): a civil affairs clerk of 綦江区 designs a project
// through the wizard (catalog item, target group, township and its
// station, a content line, the four kinds of target, the amount in 元
// sent as fen) and submits it; a second clerk approves it from 待办; the
// project reads 已批准 and the budget's committed amount has risen by it.
// A draft with a line on the negative list is refused with its clause, an
// incomplete one with every gap listed. axe runs on the list, each step
// of the wizard, the detail, the budget pages and 待办.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIVISIONS_FIXTURE, apiSession, launchBrowser, seriousViolations, startServer, staffAccount, pick } from './harness.mjs';
import { uscc } from '../lib/codes.mjs';

const TIMEOUT = 10_000;
const MAKER_PASSWORD = 'Correct-Horse-Battery-Staple-mkr';
const CHECKER_PASSWORD = 'Correct-Horse-Battery-Staple-chk';
const BUREAU = '重庆市綦江区民政局';
const PROJECT = '古南街道困境儿童关爱服务项目';
const STATION = '古南街道社会工作服务站';

let server;
let browser;
let maker; // the clerk's API session
const ids = {};

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await server.cli(['import', 'divisions', '--from', DIVISIONS_FIXTURE]);
  const admin = await apiSession(server.url, 'admin', server.adminPassword);
  for (const [username, display_name, password] of [
    ['li.jing', '李静', MAKER_PASSWORD],
    ['zhao.min', '赵敏', CHECKER_PASSWORD],
  ]) {
    const made = await staffAccount(server, admin, {
      username,
      display_name,
      role: 'civil_affairs',
      password,
      scope: { divisions: ['500110'] },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
  }
  // The department, its budget of 50 万元 and a station of 古南街道, as
  // tests/api/projects.test.mjs seeds them: the UI is not the point here.
  maker = await apiSession(server.url, 'li.jing', MAKER_PASSWORD);
  const bureau = await maker('POST', '/orgs', {
    type: 'civil_affairs',
    name: BUREAU,
    uscc: uscc('11', '500110', 2),
    division_code: '500110',
  });
  assert.equal(bureau.status, 201, JSON.stringify(bureau.body));
  ids.bureau = bureau.body.id;
  const budget = await maker('POST', '/budgets', {
    department_id: ids.bureau,
    year: 2026,
    amount: 50000000,
    source: '福彩公益金',
  });
  assert.equal(budget.status, 201, JSON.stringify(budget.body));
  ids.budget = budget.body.id;
  const station = await maker('POST', '/stations', {
    division_code: '500110001',
    tier: 'township',
    name: STATION,
  });
  assert.equal(station.status, 201, JSON.stringify(station.body));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function assertAccessible(page, what) {
  assert.deepEqual(await seriousViolations(page), [], `axe on ${what}`);
}

/** A page at 1,024 px that collects page errors and console errors. */
async function newPage() {
  const context = await browser.newContext({
    baseURL: server.url,
    locale: 'zh-CN',
    viewport: { width: 1024, height: 768 },
  });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (err) => page.problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource'))
      page.problems.push(`console: ${msg.text()}`);
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

/** Close an open select list without choosing (a click elsewhere). */
async function closeList(page) {
  await page.locator('h1').click();
  await page.locator('.el-select-dropdown:visible').waitFor({ state: 'hidden' });
}

async function fillDate(page, testid, value) {
  const input = page.getByTestId(testid).locator('input');
  await input.fill(value);
  await input.press('Enter');
}

test('a clerk designs and submits a project; another approves it from 待办', async () => {
  const page = await newPage();
  await login(page, 'li.jing', MAKER_PASSWORD);
  const sent = [];
  page.on('request', (req) => {
    if (['POST', 'PATCH'].includes(req.method()) && req.url().includes('/api/v1/projects'))
      sent.push({ url: new URL(req.url()).pathname, body: req.postDataJSON() });
  });

  await page.getByTestId('menu-projects').click();
  await page.waitForURL('**/projects');
  assert.equal(await page.title(), '购买服务项目 - 社会工作服务管理系统');
  await page.getByTestId('projects-table').getByText('没有符合条件的项目').waitFor();
  assert.equal(await page.getByTestId('projects-total').innerText(), '共 0 条');
  await assertAccessible(page, 'projects list, empty');

  // 1 基本信息: nothing goes on without a name and a department.
  await page.getByTestId('project-create').click();
  await page.waitForURL('**/projects/new');
  await page.getByTestId('wizard-next').click();
  await page.getByText('请填写项目名称').waitFor();
  await page.getByText('请选择购买主体').waitFor();
  await page.getByTestId('wizard-name').fill(PROJECT);
  // (a name search of fewer than three characters matches the start of the name)
  await pick(page, page.getByTestId('wizard-department'), new RegExp(BUREAU), '綦江区');
  await pick(page, page.getByTestId('wizard-year'), '2026 年');
  await assertAccessible(page, 'wizard, basics');
  await page.getByTestId('wizard-next').click();

  // 2 服务内容
  await page.getByTestId('wizard-service').waitFor();
  await pick(page, page.getByTestId('wizard-items'), '心理疏导', '心理');
  await closeList(page);
  await pick(page, page.getByTestId('wizard-groups'), '困境儿童', '困境');
  await closeList(page);
  // a county is not a township: refused on the field
  await pick(page, page.getByTestId('wizard-township-pick'), /綦江区（500110）/, '綦江');
  await page.getByText('请选择乡镇（街道）级的行政区划（9 位代码）').waitFor();
  await pick(page, page.getByTestId('wizard-township-pick'), /古南街道（500110001）/, '古南');
  await page.getByTestId('wizard-township-500110001').getByText('古南街道').waitFor();
  await pick(page, page.getByTestId('wizard-stations'), STATION);
  await closeList(page);
  // a declared matter on the negative list is marked as barring approval
  await page.getByTestId('wizard-line-add').click();
  await page.getByTestId('wizard-line-0-kind').getByText('申报事项').click();
  await page.getByTestId('wizard-line-0-matter').fill('派遣 3 名工作人员到民政办');
  await pick(page, page.getByTestId('wizard-line-0-nature'), /劳务派遣/);
  const warning = page.getByTestId('wizard-line-0-negative');
  assert.match(await warning.innerText(), /负面清单[\s\S]*第十条第（五）项[\s\S]*将被拒绝/);
  await assertAccessible(page, 'wizard, services with a negative-list line');
  await page.getByTestId('wizard-line-0-remove').click();
  await warning.waitFor({ state: 'detached' });
  // the catalog item as the one line, with its amount in 元
  await page.getByTestId('wizard-line-add').click();
  await pick(page, page.getByTestId('wizard-line-0-item'), '心理疏导');
  await page.getByTestId('wizard-line-0-amount').locator('input').fill('300000');
  await page.getByTestId('wizard-content').fill('为古南街道困境儿童提供个案、小组和社区服务');
  await page.getByTestId('wizard-next').click();

  // 3 绩效目标: one of each kind, the effect a custom indicator
  await page.getByTestId('wizard-targets').waitFor();
  for (const [kind, indicator, value] of [
    ['quantity', '个案服务数', '40'],
    ['scale', '服务对象人数', '300'],
    ['quality', '服务对象满意度', '90'],
    ['effect', '自定义指标', '70'],
  ]) {
    await page.getByTestId(`wizard-target-add-${kind}`).click();
    await pick(page, page.getByTestId(`wizard-target-${kind}-0-indicator`), indicator);
    await page.getByTestId(`wizard-target-${kind}-0-target`).locator('input').fill(value);
  }
  await page.getByTestId('wizard-target-effect-0-name').fill('困境儿童心理状况改善率');
  await page.getByTestId('wizard-target-effect-0-unit').fill('%');
  await pick(page, page.getByTestId('wizard-target-effect-0-measure'), '绩效评估');
  await assertAccessible(page, 'wizard, targets');
  await page.getByTestId('wizard-next').click();

  // 4 预算与期限: the budget's figures, the amount in 元
  await page.getByTestId('wizard-budget').waitFor();
  assert.equal(await page.getByTestId('wizard-budget-left').innerText(), '¥500,000.00');
  await page.getByTestId('wizard-amount').locator('input').fill('600000');
  await page.getByTestId('wizard-amount').locator('input').blur();
  await page.getByTestId('wizard-over-budget').getByText('¥500,000.00').waitFor();
  await page.getByTestId('wizard-amount').locator('input').fill('300000');
  await page.getByTestId('wizard-amount').locator('input').blur();
  await page.getByTestId('wizard-over-budget').waitFor({ state: 'detached' });
  await fillDate(page, 'wizard-service-start', '2026-03-01');
  await fillDate(page, 'wizard-service-end', '2027-02-28');
  assert.match(await page.getByTestId('wizard-budget').innerText(), /不超过 12 个月/);
  await assertAccessible(page, 'wizard, budget and term');
  await page.getByTestId('wizard-next').click();

  // 5 确认提交
  await page.getByTestId('wizard-confirm').waitFor();
  const summary = await page.getByTestId('wizard-summary').innerText();
  assert.match(summary, new RegExp(`${PROJECT}[\\s\\S]*${BUREAU}`));
  assert.match(summary, /¥300,000\.00/);
  assert.match(summary, /古南街道/);
  assert.match(await page.getByTestId('wizard-summary-targets').innerText(), /困境儿童心理状况改善率/);
  await assertAccessible(page, 'wizard, confirm');
  await page.getByTestId('wizard-submit').click();

  await page.waitForURL(/\/projects\/\d+$/);
  ids.project = Number(new URL(page.url()).pathname.split('/').pop());
  await page.getByTestId('project-state').getByText('待审批').waitFor();
  // The amounts went as whole fen.
  const created = sent.find((s) => s.url === '/api/v1/projects');
  assert.equal(created.body.amount, 30000000);
  assert.deepEqual(created.body.lines, [{ item_id: created.body.item_ids[0], amount: 30000000 }]);
  assert.equal(created.body.targets.length, 4);
  assert.ok(sent.some((s) => s.url === `/api/v1/projects/${ids.project}/submit`));
  // the maker may only cancel it now
  assert.deepEqual(
    await page.locator('[data-testid^="project-action-"]').evaluateAll((els) => els.map((e) => e.dataset.testid)),
    ['project-action-cancel'],
  );
  assert.match(await page.getByTestId('project-facts').innerText(), /¥300,000\.00/);
  assert.match(await page.getByTestId('project-lines').innerText(), /心理疏导[\s\S]*¥300,000\.00/);
  assert.match(await page.getByTestId('project-approvals').innerText(), /李静[\s\S]*待复核/);
  assert.equal(await page.getByTestId('project-budget-committed').innerText(), '¥0.00');
  await assertAccessible(page, 'project detail, submitted');

  // The list shows it, the filter stays in the address.
  await page.getByTestId('menu-projects').click();
  await page.getByTestId('projects-state-filter').click();
  await page.getByRole('option', { name: '待审批' }).click();
  await page.waitForURL('**/projects?state=submitted');
  await page.getByTestId(`project-link-${ids.project}`).waitFor();
  assert.equal(await page.getByTestId('projects-total').innerText(), '共 1 条');
  assert.equal(await page.getByTestId(`project-state-${ids.project}`).innerText(), '待审批');
  await assertAccessible(page, 'projects list');
  assert.deepEqual(page.problems, []);

  // The checker's 待办: the project waits there, approved inline.
  const checker = await newPage();
  await login(checker, 'zhao.min', CHECKER_PASSWORD);
  await checker.getByTestId('menu-approvals').click();
  await checker.waitForURL('**/approvals');
  assert.equal(await checker.title(), '待办 - 社会工作服务管理系统');
  const row = checker.getByTestId('approvals-table').locator('tr', { hasText: PROJECT });
  await row.waitFor();
  assert.match(await row.innerText(), /项目审批[\s\S]*李静/);
  await assertAccessible(checker, '待办');
  await row.getByRole('button', { name: `审批通过项目“${PROJECT}”` }).click();
  const box = checker.getByRole('dialog', { name: '审批通过' });
  await box.waitFor();
  await box.getByRole('button', { name: '审批通过' }).click();
  await checker.getByTestId('approvals-table').getByText('没有待办事项').waitFor();
  await checker.getByTestId('approvals-tabs').getByRole('tab', { name: '已处理' }).click();
  await checker.waitForURL('**/approvals?tab=done');
  await row.waitFor();
  assert.match(await row.innerText(), /已通过[\s\S]*赵敏/);
  await assertAccessible(checker, '待办, decided');

  // The project reads 已批准; the budget has committed its amount.
  await row.getByRole('link', { name: PROJECT }).click();
  await checker.waitForURL(`**/projects/${ids.project}`);
  await checker.getByTestId('project-state').getByText('已批准').waitFor();
  assert.match(await checker.getByTestId('project-facts').innerText(), /赵敏/);
  assert.equal(await checker.getByTestId('project-budget-committed').innerText(), '¥300,000.00');
  assert.equal(await checker.getByTestId('project-budget-left').innerText(), '¥200,000.00');
  await assertAccessible(checker, 'project detail, approved');

  await checker.getByTestId('project-budget-link').click();
  await checker.waitForURL(`**/budgets/${ids.budget}`);
  assert.equal(await checker.getByTestId('budget-committed').innerText(), '¥300,000.00');
  assert.equal(await checker.getByTestId('budget-left').innerText(), '¥200,000.00');
  const commitments = checker.getByTestId('budget-commitments');
  assert.match(await commitments.innerText(), new RegExp(`${PROJECT}[\\s\\S]*已批准[\\s\\S]*¥300,000\\.00`));
  await assertAccessible(checker, 'budget detail');
  await checker.getByTestId('menu-budgets').click();
  await checker.waitForURL('**/budgets');
  await checker.getByTestId(`budget-link-${ids.budget}`).getByText(BUREAU).waitFor();
  assert.match(
    await checker.getByTestId('budgets-table').innerText(),
    /¥500,000\.00[\s\S]*¥300,000\.00[\s\S]*¥200,000\.00/,
  );
  assert.equal(await checker.getByTestId('budgets-total').innerText(), '共 1 条');
  await assertAccessible(checker, 'budgets list');
  assert.deepEqual(checker.problems, []);
  await checker.context().close();
  await page.context().close();
});

test('a negative-list line is refused with its clause; an incomplete draft lists every gap', async () => {
  const TARGETS = [
    { kind: 'quantity', indicator: 'cases', target: 40 },
    { kind: 'scale', indicator: 'people_served', target: 300 },
    { kind: 'quality', indicator: 'satisfaction', target: 90 },
    { kind: 'effect', indicator: 'custom', name: '改善率', unit: '%', measure: 'evaluation', target: 70 },
  ];
  const cat = await maker('GET', '/catalog');
  const item = cat.body.areas.flatMap((a) => a.items).find((i) => i.code === 'psychological_support');
  const negative = await maker('POST', '/projects', {
    name: '含劳务派遣的项目',
    department_id: ids.bureau,
    year: 2026,
    amount: 1000000,
    service_start: '2026-03-01',
    service_end: '2026-12-31',
    item_ids: [item.id],
    group_codes: ['child_in_difficulty'],
    township_codes: ['500110001'],
    lines: [{ item_id: item.id }, { matter: '派遣 3 名工作人员到民政办', nature: 'staffing_posts' }],
    targets: TARGETS,
  });
  assert.equal(negative.status, 201, JSON.stringify(negative.body));
  const sparse = await maker('POST', '/projects', { name: '草稿项目', department_id: ids.bureau, year: 2026 });
  assert.equal(sparse.status, 201, JSON.stringify(sparse.body));

  const page = await newPage();
  await login(page, 'li.jing', MAKER_PASSWORD);
  await page.goto(`/projects/${negative.body.id}`);
  await page.getByTestId('project-state').getByText('草稿').waitFor();
  assert.match(
    await page.getByTestId('line-negative-2').innerText(),
    /购买主体的人员招、聘用，劳务派遣用工[\s\S]*第十条第（五）项/,
  );
  await page.getByTestId('project-action-submit').click();
  await page.getByRole('dialog', { name: '提交审批' }).getByRole('button', { name: '提交审批' }).click();
  const refusal = page.getByTestId('project-action-error');
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /第 2 项“派遣 3 名工作人员到民政办”属于负面清单事项[\s\S]*第十条第（五）项/);
  assert.equal(await page.getByTestId('project-state').innerText(), '草稿');
  await assertAccessible(page, 'project detail, refused');

  // Every gap of the sparse draft, each named by its field; the wizard
  // marks the steps that hold them.
  await page.goto(`/projects/${sparse.body.id}`);
  await page.getByTestId('project-action-submit').click();
  await page.getByRole('dialog', { name: '提交审批' }).getByRole('button', { name: '提交审批' }).click();
  const list = page.getByTestId('project-action-error').getByTestId('error-list');
  await list.waitFor();
  const gaps = await list.locator('li').allInnerTexts();
  assert.ok(gaps.includes('项目金额：请填写项目预算金额'), gaps.join('\n'));
  assert.ok(gaps.includes('服务对象：请选择服务对象'), gaps.join('\n'));
  assert.equal(gaps.filter((g) => g.startsWith('绩效目标：')).length, 4, gaps.join('\n'));
  assert.match(await page.getByTestId('project-action-error').innerText(), /有 \d+ 处需要处理/);
  await assertAccessible(page, 'project detail, incomplete');

  await page.getByTestId('project-edit').click();
  await page.waitForURL(`**/projects/${sparse.body.id}/edit`);
  await page.getByTestId('wizard-name').waitFor();
  assert.equal(await page.getByTestId('wizard-name').inputValue(), '草稿项目');
  await page.getByTestId('wizard-step-confirm').click();
  await page.getByTestId('wizard-submit').click();
  await page.getByTestId('wizard-error').getByTestId('error-list').waitFor();
  for (const s of ['service', 'targets', 'budget'])
    await page.getByTestId(`wizard-step-${s}`).locator('.el-step__title.is-error').waitFor();
  assert.equal(await page.getByTestId('wizard-step-basic').locator('.is-error').count(), 0);
  await assertAccessible(page, 'wizard, refused');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
