// plans.test.mjs — the annual plan and the purchase rules in a real browser
// (R-PRJ-1, R-PROC-1): a civil affairs clerk of 綦江区 drafts the year's
// plan, is refused publication with both gaps listed, fills the goals and
// areas and publishes it; a project designed in the wizard comes under
// the plan, and the plan lists it with the amount planned against the
// budget. The rules page shows the national public-tender threshold with
// its clause; the clerk may not set a national figure (the server's 403
// shown as it comes) but sets 綦江区's, in force there and below, the
// national one listed as overridden. axe runs on every page and dialog at
// 1,024 px.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIVISIONS_FIXTURE, apiSession, launchBrowser, seriousViolations, startServer, staffAccount, pick } from './harness.mjs';
import { uscc } from '../lib/codes.mjs';

const TIMEOUT = 10_000;
const PASSWORD = 'Correct-Horse-Battery-Staple-pln';
const BUREAU = '重庆市綦江区民政局';
const PLAN = '綦江区 2026 年度政府购买社会工作服务计划';
const PROJECT = '古南街道儿童关爱服务项目';
const THRESHOLD = 'procurement.open_tender_threshold';

let server;
let browser;
const ids = {};

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await server.cli(['import', 'divisions', '--from', DIVISIONS_FIXTURE]);
  const admin = await apiSession(server.url, 'admin', server.adminPassword);
  const made = await staffAccount(server, admin, {
    username: 'li.jing',
    display_name: '李静',
    role: 'civil_affairs',
    password: PASSWORD,
    scope: { divisions: ['500110'] },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  // The department and its budget of 50 万元, as projects.test.mjs makes them.
  const clerk = await apiSession(server.url, 'li.jing', PASSWORD);
  const bureau = await clerk('POST', '/orgs', {
    type: 'civil_affairs',
    name: BUREAU,
    uscc: uscc('11', '500110', 3),
    division_code: '500110',
  });
  assert.equal(bureau.status, 201, JSON.stringify(bureau.body));
  ids.bureau = bureau.body.id;
  const budget = await clerk('POST', '/budgets', {
    department_id: ids.bureau,
    year: 2026,
    amount: 50000000,
  });
  assert.equal(budget.status, 201, JSON.stringify(budget.body));
  ids.budget = budget.body.id;
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

async function login(page) {
  await page.goto('/login');
  await page.getByTestId('login-username').fill('li.jing');
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('header-user').waitFor();
}

/** Confirm the message box titled `name` with its button of that name. */
async function confirm(page, name) {
  const box = page.getByRole('dialog', { name });
  await box.waitFor();
  await box.getByRole('button', { name }).click();
  await box.waitFor({ state: 'hidden' });
}

test('a clerk drafts and publishes the annual plan; a project comes under it', async () => {
  const page = await newPage();
  await login(page);
  await page.getByTestId('menu-plans').click();
  await page.waitForURL('**/plans');
  assert.equal(await page.title(), '年度计划 - 社会工作服务管理系统');
  await page.getByTestId('plans-table').getByText('没有符合条件的年度计划').waitFor();
  assert.equal(await page.getByTestId('plans-total').innerText(), '共 0 条');
  await assertAccessible(page, 'plans list, empty');

  // A draft with its name alone.
  await page.getByTestId('plan-create').click();
  const dialog = page.getByRole('dialog', { name: '编制年度计划' });
  await dialog.waitFor();
  await page.getByTestId('plan-form-submit').click();
  await dialog.getByText('请选择编制部门').waitFor();
  await dialog.getByText('请填写计划名称').waitFor();
  await pick(page, page.getByTestId('plan-form-department'), new RegExp(BUREAU), '綦江区');
  await pick(page, page.getByTestId('plan-form-year'), '2026 年');
  await page.getByTestId('plan-form-name').fill(PLAN);
  await assertAccessible(page, 'new plan dialog');
  await page.getByTestId('plan-form-submit').click();
  await page.waitForURL(/\/plans\/\d+$/);
  ids.plan = Number(new URL(page.url()).pathname.split('/').pop());
  assert.equal(await page.getByTestId('plan-name').innerText(), PLAN);
  assert.equal(await page.getByTestId('plan-status').innerText(), '草稿');
  assert.match(await page.getByTestId('plan-facts').innerText(), new RegExp(`${BUREAU}[\\s\\S]*綦江区（500110）[\\s\\S]*2026 年`));
  assert.match(await page.getByTestId('plan-goals').innerText(), /尚未填写目标体系/);
  await assertAccessible(page, 'plan detail, draft');

  // Publication refused: both gaps at once, each named by its field.
  await page.getByTestId('plan-publish').click();
  await confirm(page, '发布');
  const list = page.getByTestId('plan-action-error').getByTestId('error-list');
  await list.waitFor();
  assert.deepEqual(await list.locator('li').allInnerTexts(), [
    '目标体系：请填写年度目标',
    '服务领域：请选择计划覆盖的服务领域',
  ]);
  assert.match(await page.getByTestId('plan-action-error').innerText(), /有 2 处需要处理/);
  assert.equal(await page.getByTestId('plan-status').innerText(), '草稿');
  await assertAccessible(page, 'plan detail, publication refused');

  // The goals, the action plan and two areas; then it publishes.
  await page.getByTestId('plan-edit').click();
  const edit = page.getByRole('dialog', { name: '修改年度计划' });
  await edit.waitFor();
  assert.equal(await page.getByTestId('plan-form-name').inputValue(), PLAN);
  await page
    .getByTestId('plan-form-goals')
    .fill('实现乡镇（街道）社工站全覆盖。\n困境儿童关爱服务覆盖率达到 90%。');
  await page.getByTestId('plan-form-actions').fill('一季度完成项目设计，二季度完成采购。');
  await pick(page, page.getByTestId('plan-form-areas'), '儿童福利');
  await pick(page, page.getByTestId('plan-form-areas'), '社会救助');
  await edit.locator('.el-dialog__title').click(); // closes the list
  await page.locator('.el-select-dropdown:visible').waitFor({ state: 'hidden' });
  await assertAccessible(page, 'edit plan dialog');
  await page.getByTestId('plan-form-submit').click();
  await edit.waitFor({ state: 'hidden' });
  assert.deepEqual(await page.getByTestId('plan-goals').locator('p').allInnerTexts(), [
    '实现乡镇（街道）社工站全覆盖。',
    '困境儿童关爱服务覆盖率达到 90%。',
  ]);
  assert.match(await page.getByTestId('plan-actions').innerText(), /二季度完成采购/);
  assert.deepEqual(await page.getByTestId('plan-areas').locator('.el-tag').allInnerTexts(), [
    '社会救助',
    '儿童福利',
  ]);
  await page.getByTestId('plan-publish').click();
  await confirm(page, '发布');
  await page.getByTestId('plan-status').getByText('已发布').waitFor();
  await page.getByTestId('plan-action-error').waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('plan-publish').count(), 0);
  // Nothing planned yet against the budget of 50 万元.
  assert.equal(await page.getByTestId('plan-planned').innerText(), '¥0.00');
  assert.equal(await page.getByTestId('plan-budget-amount').innerText(), '¥500,000.00');
  assert.equal(await page.getByTestId('plan-targets').innerText(), '数量目标 0 项、规模目标 0 项、质量目标 0 项、效果目标 0 项');
  await page.getByTestId('plan-projects').getByText('尚无项目归入本计划').waitFor();
  await assertAccessible(page, 'plan detail, published');
  assert.deepEqual(page.problems, []);

  // The wizard offers the department's plan of the year.
  const sent = [];
  page.on('request', (req) => {
    if (req.method() === 'POST' && new URL(req.url()).pathname === '/api/v1/projects')
      sent.push(req.postDataJSON());
  });
  await page.goto('/projects/new');
  await page.getByTestId('wizard-name').fill(PROJECT);
  assert.equal(await page.getByTestId('wizard-plan').count(), 0);
  await pick(page, page.getByTestId('wizard-department'), new RegExp(BUREAU), '綦江区');
  await pick(page, page.getByTestId('wizard-year'), '2026 年');
  await pick(page, page.getByTestId('wizard-plan'), `${PLAN}（已发布）`);
  await assertAccessible(page, 'wizard, basics with the plan');
  await page.getByTestId('wizard-step-targets').click();
  await page.getByTestId('wizard-targets').waitFor();
  await page.getByTestId('wizard-target-add-quantity').click();
  await pick(page, page.getByTestId('wizard-target-quantity-0-indicator'), '个案服务数');
  await page.getByTestId('wizard-target-quantity-0-target').locator('input').fill('40');
  await page.getByTestId('wizard-step-budget').click();
  await page.getByTestId('wizard-amount').locator('input').fill('300000');
  await page.getByTestId('wizard-amount').locator('input').blur();
  await page.getByTestId('wizard-save').click();
  await page.waitForURL(/\/projects\/\d+\/edit$/);
  ids.project = Number(new URL(page.url()).pathname.split('/')[2]);
  assert.equal(sent.length, 1);
  assert.equal(sent[0].plan_id, ids.plan);

  // The plan lists the project, the amount it plans and its target.
  await page.goto(`/plans/${ids.plan}`);
  const projects = page.getByTestId('plan-projects');
  await projects.getByTestId(`plan-project-${ids.project}`).waitFor();
  assert.match(await projects.innerText(), new RegExp(`${PROJECT}[\\s\\S]*草稿[\\s\\S]*¥300,000\\.00`));
  assert.equal(await page.getByTestId('plan-planned').innerText(), '¥300,000.00');
  assert.equal(await page.getByTestId('plan-budget-share').innerText(), '计划项目金额占年度预算的 60%。');
  assert.equal(await page.getByTestId('plan-targets').innerText(), '数量目标 1 项、规模目标 0 项、质量目标 0 项、效果目标 0 项');
  await assertAccessible(page, 'plan detail with its project');
  await page.getByTestId('plan-budget-link').click();
  await page.waitForURL(`**/budgets/${ids.budget}`);
  await page.goBack();
  await projects.getByTestId(`plan-project-${ids.project}`).click();
  await page.waitForURL(`**/projects/${ids.project}`);
  await page.getByTestId('project-name').getByText(PROJECT).waitFor();

  // The list filters by year, in the address.
  await page.getByTestId('menu-plans').click();
  await pick(page, page.getByTestId('plans-year-filter'), '2026 年');
  await page.waitForURL('**/plans?year=2026');
  await page.getByTestId(`plan-link-${ids.plan}`).getByText(PLAN).waitFor();
  assert.equal(await page.getByTestId(`plan-status-${ids.plan}`).innerText(), '已发布');
  assert.equal(await page.getByTestId('plans-total').innerText(), '共 1 条');
  await assertAccessible(page, 'plans list');
  await pick(page, page.getByTestId('plans-year-filter'), '2025 年');
  await page.waitForURL('**/plans?year=2025');
  await page.getByTestId('plans-table').getByText('没有符合条件的年度计划').waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the rules page shows the figures in force; the clerk sets 綦江区’s threshold', async () => {
  const page = await newPage();
  await login(page);
  await page.getByTestId('menu-purchase-rules').click();
  await page.waitForURL('**/purchase-rules');
  assert.equal(await page.title(), '采购规则 - 社会工作服务管理系统');
  const value = page.getByTestId(`rule-value-${THRESHOLD}`);
  await value.waitFor();
  assert.equal(await value.innerText(), '¥4,000,000.00');
  assert.equal(await page.getByTestId(`rule-name-${THRESHOLD}`).innerText(), '服务项目公开招标数额标准');
  assert.equal(await page.getByTestId(`rule-source-${THRESHOLD}`).innerText(), '全国（各年度）');
  assert.match(await page.getByTestId(`rule-clause-${THRESHOLD}`).innerText(), /国办发〔2019〕55号/);
  assert.match(await page.getByTestId('rules-heading').innerText(), /^\d{4} 年度全国施行的采购规则$/);
  // Each unit in its own words.
  for (const [code, text] of [
    ['notice.working_days', '5 个工作日'],
    ['tender.price_weight_max', '30%'],
    ['method.quotation.services', '否'],
    ['method.open_tender.min_bids', '3 家'],
    ['method.open_tender.panel_min', '5 人'],
    ['contract.term_months', '12 个月'],
    ['method.open_tender.min_days', '20 日'],
  ])
    assert.equal(await page.getByTestId(`rule-value-${code}`).innerText(), text, code);
  assert.match(await page.getByTestId('rules-total').innerText(), /^共 \d+ 项$/);
  await assertAccessible(page, 'rules page, national');

  // A national figure is the national administrators' alone: the
  // server's refusal, as it comes.
  await page.getByTestId(`rule-set-${THRESHOLD}`).click();
  const dialog = page.getByRole('dialog', { name: '设定本地标准：服务项目公开招标数额标准' });
  await dialog.waitFor();
  assert.equal(await page.getByTestId('rule-form-current').innerText(), '全国（各年度） ¥4,000,000.00');
  await page.getByTestId('rule-form-submit').click();
  await dialog.getByText('请填写依据（文件名称和条款）').waitFor();
  await assertAccessible(page, 'rule dialog');
  await page.getByTestId('rule-form-value').locator('input').fill('2000000');
  await page.getByTestId('rule-form-clause').fill('《重庆市政府集中采购目录及标准》（演示）');
  await page.getByTestId('rule-form-submit').click();
  await dialog
    .getByRole('alert')
    .getByText('您没有“修改全国默认设置（建设标准、服务目录、资格规则）”的权限')
    .waitFor();

  // 綦江区's figure for every year.
  const sent = [];
  page.on('request', (req) => {
    if (req.method() === 'PUT') sent.push(req.postDataJSON());
  });
  await pick(page, page.getByTestId('rule-form-region'), /綦江区（500110）/, '綦江');
  await page.getByTestId('rule-form-submit').click();
  await dialog.waitFor({ state: 'hidden' });
  assert.deepEqual(sent, [
    {
      code: THRESHOLD,
      value: 200000000,
      clause: '《重庆市政府集中采购目录及标准》（演示）',
      region_code: '500110',
    },
  ]);
  // Not in force nationally ...
  assert.equal(await value.innerText(), '¥4,000,000.00');

  // ... but in 綦江区, the national figure listed as overridden.
  await pick(page, page.getByTestId('rules-region-filter'), /綦江区（500110）/, '綦江');
  await page.waitForURL('**/purchase-rules?region=500110');
  await page.getByTestId('rules-heading').getByText(/年度綦江区施行的采购规则/).waitFor();
  await page.getByTestId(`rule-value-${THRESHOLD}`).getByText('¥2,000,000.00').waitFor();
  assert.equal(await page.getByTestId(`rule-source-${THRESHOLD}`).innerText(), '綦江区（各年度）');
  assert.match(
    await page.getByTestId(`rule-overrides-${THRESHOLD}`).innerText(),
    /取代：\s*全国（各年度） ¥4,000,000\.00/,
  );
  assert.match(await page.getByTestId(`rule-clause-${THRESHOLD}`).innerText(), /重庆市政府集中采购目录及标准/);
  assert.equal(await page.getByTestId(`rule-value-notice.working_days`).innerText(), '5 个工作日');
  await assertAccessible(page, 'rules page, 綦江区');

  // A township of 綦江区 works to it too; the address holds the choice.
  await page.goto('/purchase-rules?region=500110001&year=2026');
  await page.getByTestId('rules-heading').getByText('2026 年度古南街道施行的采购规则').waitFor();
  assert.equal(await page.getByTestId(`rule-value-${THRESHOLD}`).innerText(), '¥2,000,000.00');
  assert.equal(await page.getByTestId(`rule-source-${THRESHOLD}`).innerText(), '綦江区（各年度）');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
