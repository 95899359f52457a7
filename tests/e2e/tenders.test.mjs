// tenders.test.mjs — procurement in a real browser (R-PROC-1..3): a clerk
// of 綦江区 organises the procurement of an approved project from its page
// (the method the rules bar refused with its clause, the price weight out
// of range refused, the live sum of the weights, the notice's gaps listed
// at once on publishing), publishes a competitive consultation; a
// provider bids and sees only its own bid, an ineligible one is shown the
// rules it fails with their clauses, the clerk records a paper bid; the
// bids stay sealed until the clock passes the deadline; the clerk opens
// them, seats a panel (a member tied to a bidder refused), scores the
// bids on the sheet (points in, hundredths out), awards the first ranked
// and reads the notice period; an objection is lodged on the public page,
// its contact revealed with a reason, upheld — the award is withdrawn —
// and the next ranked is awarded. axe runs on every page and dialog, at
// 1,024 px.
//
// The server's clock (SHEGONG_CLOCK_FILE) starts on Monday 2026-05-11
// 09:00 China time and moves past the deadline later; sessions end when
// it jumps, so everyone signs in again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIVISIONS_FIXTURE, HOLIDAYS_FIXTURE, apiSession, launchBrowser, seriousViolations, startServer, staffAccount, pick } from './harness.mjs';
import { uscc } from '../lib/codes.mjs';

const TIMEOUT = 10_000;
const PASSWORD = {
  maker: 'Correct-Horse-Battery-Staple-tmk',
  checker: 'Correct-Horse-Battery-Staple-tck',
  xlx: 'Correct-Horse-Battery-Staple-xlx',
  qy: 'Correct-Horse-Battery-Staple-qyy',
  bad: 'Correct-Horse-Battery-Staple-bad',
};
const BUREAU = '重庆市綦江区民政局';
const PROJECT = '古南街道困境儿童关爱服务项目';
const XLX = '綦江区心连心社会工作服务中心';
const QY = '綦江区齐跃创新社会工作服务中心';
const SUN = '綦江区阳光社会工作服务中心';
const BAD = '綦江区失信社会服务中心';
const START = Date.parse('2026-05-11T09:00:00+08:00');
const GOOD_PROVIDER = {
  registration_status: 'valid',
  registered_on: '2015-06-01',
  business_scope: '社会工作服务、社区服务',
  full_time_staff: 12,
  qualified_social_workers: 6,
  years_of_service: 8,
  past_projects: 15,
  last_grade: 'excellent',
  dishonest: false,
  tax_record_clean: true,
  social_insurance_clean: true,
};

let server;
let browser;
let clockDir;
const ids = {};

/** Set the server's clock to `ms` (epoch) through the offset file. */
async function clockTo(ms) {
  const file = join(clockDir, 'clock');
  await writeFile(`${file}.tmp`, `${ms - Date.now()}\n`);
  await rename(`${file}.tmp`, file);
}

const session = (who) => apiSession(server.url, who.username, who.password);
const USERS = {
  maker: { username: 'li.jing', display_name: '李静', password: PASSWORD.maker },
  checker: { username: 'zhao.min', display_name: '赵敏', password: PASSWORD.checker },
  xlx: { username: 'xlx.staff', display_name: '王芳', password: PASSWORD.xlx },
  qy: { username: 'qy.staff', display_name: '周强', password: PASSWORD.qy },
  bad: { username: 'bad.staff', display_name: '孙亮', password: PASSWORD.bad },
};

async function ok(res, status = 200) {
  const r = await res;
  assert.equal(r.status, status, JSON.stringify(r.body));
  return r.body;
}

before(async () => {
  clockDir = await mkdtemp(join(tmpdir(), 'shegong-e2e-clock-'));
  await clockTo(START);
  server = await startServer({
    env: { SHEGONG_CLOCK_FILE: join(clockDir, 'clock'), SHEGONG_HOLIDAYS_DIR: HOLIDAYS_FIXTURE },
  });
  browser = await launchBrowser();
  await server.cli(['import', 'divisions', '--from', DIVISIONS_FIXTURE]);
  await server.cli(['import', 'holidays', HOLIDAYS_FIXTURE]);
  const admin = await apiSession(server.url, 'admin', server.adminPassword);
  for (const k of ['maker', 'checker']) {
    const u = USERS[k];
    const made = await staffAccount(server, admin, {
      username: u.username,
      display_name: u.display_name,
      password: u.password,
      role: 'civil_affairs',
      scope: { divisions: ['500110'] },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
  }
  // The department, its budget, the providers with the facts and the
  // documents an eligible provider needs, and the approved project, as
  // tests/api/tenders.test.mjs seeds them: the UI is not the point here.
  const maker = await session(USERS.maker);
  ids.bureau = (
    await ok(
      maker('POST', '/orgs', {
        type: 'civil_affairs',
        name: BUREAU,
        uscc: uscc('11', '500110', 3),
        division_code: '500110',
      }),
      201,
    )
  ).id;
  await ok(maker('POST', '/budgets', { department_id: ids.bureau, year: 2026, amount: 1000000000 }), 201);
  const provider = async (name, serial, facts = GOOD_PROVIDER) => {
    const o = await ok(
      maker('POST', '/orgs', {
        type: 'social_org',
        name,
        uscc: uscc('52', '500110', serial),
        division_code: '500110',
        ...facts,
      }),
      201,
    );
    for (const kind of ['governance', 'finance'])
      await ok(
        maker('POST', `/orgs/${o.id}/documents`, { kind, title: `${kind} 制度`, issued_on: '2020-01-01' }),
        201,
      );
    return o.id;
  };
  ids.xlx = await provider(XLX, 201);
  ids.qy = await provider(QY, 202);
  ids.sun = await provider(SUN, 204);
  ids.bad = await provider(BAD, 205, { ...GOOD_PROVIDER, dishonest: true });
  for (const k of ['xlx', 'qy', 'bad']) {
    const u = USERS[k];
    const made = await staffAccount(server, admin, {
      username: u.username,
      display_name: u.display_name,
      password: u.password,
      role: 'provider',
      scope: { orgs: [ids[k]] },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
  }
  const cat = await ok(maker('GET', '/catalog'));
  const item = cat.areas.flatMap((a) => a.items).find((i) => i.code === 'psychological_support');
  const p = await ok(
    maker('POST', '/projects', {
      name: PROJECT,
      department_id: ids.bureau,
      year: 2026,
      amount: 30000000,
      service_start: '2026-07-01',
      service_end: '2027-06-30',
      content: '在古南街道开展困境儿童个案服务不少于40个',
      item_ids: [item.id],
      group_codes: ['child_in_difficulty'],
      township_codes: ['500110001'],
      lines: [{ item_id: item.id, amount: 30000000 }],
      targets: [
        { kind: 'quantity', indicator: 'cases', target: 40 },
        { kind: 'scale', indicator: 'people_served', target: 300 },
        { kind: 'quality', indicator: 'satisfaction', target: 90 },
        { kind: 'effect', indicator: 'custom', name: '困境儿童心理状况改善率', unit: '%', measure: 'evaluation', target: 70 },
      ],
    }),
    201,
  );
  ids.project = p.id;
  await ok(maker('POST', `/projects/${p.id}/submit`));
  await ok((await session(USERS.checker))('POST', `/projects/${p.id}/approve`));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (clockDir) await rm(clockDir, { recursive: true, force: true });
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

async function login(page, who) {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(who.username);
  await page.getByTestId('login-password').fill(who.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('header-user').waitFor();
}

async function fillDate(page, testid, value) {
  const input = page.getByTestId(testid).locator('input');
  await input.fill(value);
  await input.press('Enter');
}

async function fillNumber(page, testid, value) {
  const input = page.getByTestId(testid).locator('input');
  await input.fill(String(value));
  await input.blur();
}

/** Confirm the message box titled `title`. */
async function confirm(page, title) {
  const box = page.getByRole('dialog', { name: title });
  await box.waitFor();
  await box.getByRole('button', { name: title }).click();
}

test('a competitive consultation from the notice to the award, an objection upheld, the next ranked awarded', async () => {
  const page = await newPage();
  await login(page, USERS.maker);
  const sent = [];
  page.on('request', (req) => {
    if (['POST', 'PATCH', 'PUT'].includes(req.method()) && req.url().includes('/api/v1/tenders'))
      sent.push({ url: new URL(req.url()).pathname, method: req.method(), body: req.postDataJSON() });
  });

  // The list: empty, in the menu after the projects.
  await page.getByTestId('menu-tenders').click();
  await page.waitForURL('**/tenders');
  assert.equal(await page.title(), '政府采购 - 社会工作服务管理系统');
  await page.getByTestId('tenders-table').getByText('没有符合条件的采购').waitFor();
  assert.equal(await page.getByTestId('tenders-total').innerText(), '共 0 条');
  await page.getByTestId('tenders-export-xlsx').waitFor();
  assert.equal(await page.getByTestId('tenders-open-filter').count(), 0, 'a purchaser does not bid');
  await assertAccessible(page, 'tenders list, empty');

  // From the approved project: 组织采购.
  await page.goto(`/projects/${ids.project}`);
  await page.getByTestId('project-tenders').getByText('尚未组织采购').waitFor();
  await page.getByTestId('project-tender-new').click();
  await page.waitForURL(`**/tenders/new?project=${ids.project}`);
  assert.match(await page.getByTestId('tender-edit-project').innerText(), new RegExp(`${PROJECT}[\\s\\S]*¥300,000\\.00`));
  assert.equal(await page.getByTestId('tender-requirements').inputValue(), '在古南街道开展困境儿童个案服务不少于40个');

  // 询价 is barred for services: refused on the field, citing the law.
  await pick(page, page.getByTestId('tender-method'), '询价');
  assert.match(await page.getByTestId('tender-price-weight-range').innerText(), /最低价成交，价格分固定为 100 分/);
  assert.equal(await page.getByTestId('tender-item-add').count(), 0);
  await page.getByTestId('tender-save').click();
  const methodItem = page.locator('.el-form-item', { has: page.getByTestId('tender-method') });
  await methodItem.locator('.el-form-item__error').getByText(/第三十二条/).waitFor();
  await assertAccessible(page, 'tender editor, method refused');

  // A competitive consultation: the price weight within 10–30 of the rules.
  await pick(page, page.getByTestId('tender-method'), '竞争性磋商');
  assert.match(await page.getByTestId('tender-price-weight-range').innerText(), /允许 10–30 分（[^）]*财政部令第87号）第五十五条）/);
  await fillNumber(page, 'tender-price-weight', 5);
  await page.getByTestId('tender-save').click();
  const weightItem = page.locator('.el-form-item', { has: page.getByTestId('tender-price-weight') });
  await weightItem.locator('.el-form-item__error').getByText(/10% 至 30%/).waitFor();
  await fillNumber(page, 'tender-price-weight', 20);
  await page.getByTestId('tender-item-add').click();
  await page.getByTestId('tender-item-0-name').fill('服务方案');
  await fillNumber(page, 'tender-item-0-weight', 50);
  await page.getByTestId('tender-item-0-guidance').fill('方案完整、针对性强');
  await page.getByTestId('tender-item-add').click();
  await page.getByTestId('tender-item-1-name').fill('团队配置');
  await fillNumber(page, 'tender-item-1-weight', 20);
  assert.equal(await page.getByTestId('tender-weight-sum').innerText(), '评分项合计 70 + 价格 20 = 90 / 100');
  await fillDate(page, 'tender-deadline-date', '2026-05-15');
  await pick(page, page.getByTestId('tender-deadline-time'), '09:30');
  await assertAccessible(page, 'tender editor, consultation');
  await page.getByTestId('tender-save').click();
  await page.waitForURL(/\/tenders\/\d+$/);
  ids.tender = Number(new URL(page.url()).pathname.split('/').pop());
  const created = sent.filter((s) => s.url === '/api/v1/tenders').pop();
  assert.equal(created.body.deadline, '2026-05-15T09:30');
  assert.equal(created.body.price_weight, 20);
  assert.deepEqual(created.body.items, [
    { name: '服务方案', weight: 50, guidance: '方案完整、针对性强' },
    { name: '团队配置', weight: 20 },
  ]);
  await page.getByTestId('tender-status').getByText('草稿').waitFor();

  // Publishing names every gap at once.
  await page.getByTestId('tender-action-publish').click();
  await confirm(page, '发布采购公告');
  const gaps = page.getByTestId('tender-action-error').getByTestId('error-list');
  await gaps.waitFor();
  const lines = await gaps.locator('li').allInnerTexts();
  assert.ok(lines.some((l) => l.startsWith('服务标准：')), lines.join('\n'));
  assert.ok(lines.some((l) => l.startsWith('资格条件：')), lines.join('\n'));
  assert.ok(lines.some((l) => l.startsWith('评分项：')), lines.join('\n'));
  assert.ok(lines.some((l) => l.startsWith('投标截止时间：')), lines.join('\n'));
  await assertAccessible(page, 'tender detail, draft with gaps');

  // The gaps filled in the editor; published.
  await page.getByTestId('tender-edit').click();
  await page.waitForURL(`**/tenders/${ids.tender}/edit`);
  await page.getByTestId('tender-standards').fill('按《社会工作服务指南》执行');
  await page.getByTestId('tender-qualifications').fill('依法登记的社会工作服务机构，具有3名以上持证社工');
  await fillNumber(page, 'tender-item-0-weight', 60);
  assert.equal(await page.getByTestId('tender-weight-sum').innerText(), '评分项合计 80 + 价格 20 = 100 / 100');
  await fillDate(page, 'tender-deadline-date', '2026-05-22');
  await page.getByTestId('tender-save').click();
  await page.waitForURL(`**/tenders/${ids.tender}`);
  assert.ok(sent.some((s) => s.method === 'PATCH' && s.body.deadline === '2026-05-22T09:30'));
  await page.getByTestId('tender-action-publish').click();
  await confirm(page, '发布采购公告');
  await page.getByTestId('tender-status').getByText('已发布公告').waitFor();
  assert.match(await page.getByTestId('tender-facts').innerText(), /2026-05-22 09:30/);
  assert.equal(await page.getByTestId('tender-sealed').innerText(), '已收到 0 份投标文件（开标前密封）');
  await assertAccessible(page, 'tender detail, published');

  // A provider: 可投标 lists it; bids for its own organisation, preselected.
  const xlx = await newPage();
  await login(xlx, USERS.xlx);
  await xlx.goto('/tenders');
  await xlx.getByTestId('tenders-open-filter').click();
  await xlx.waitForURL('**/tenders?open=true');
  await xlx.getByTestId(`tender-link-${ids.tender}`).waitFor();
  assert.match(await xlx.getByTestId('tenders-table').innerText(), /竞争性磋商[\s\S]*第 1 轮[\s\S]*2026-05-22 09:30[\s\S]*已发布公告/);
  await assertAccessible(xlx, 'tenders list, open to a provider');
  await xlx.getByTestId(`tender-link-${ids.tender}`).click();
  await xlx.getByTestId('tender-action-bid').click();
  const bid = xlx.getByTestId('bid-dialog');
  await bid.waitFor();
  await bid.getByTestId('bid-org').getByText(XLX).waitFor();
  await bid.getByTestId('bid-price').locator('input').fill('280000');
  await bid.getByTestId('bid-technical').fill('组建 6 人专业团队，个案、小组、社区活动并举');
  await bid.getByTestId('bid-doc-add').click();
  await bid.getByTestId('bid-doc-0-name').fill('响应文件');
  await bid.getByTestId('bid-doc-0-pages').locator('input').fill('48');
  await assertAccessible(xlx, 'bid dialog');
  await bid.getByTestId('bid-submit').click();
  await bid.waitFor({ state: 'hidden' });
  assert.match(await xlx.getByTestId('my-bids').innerText(), new RegExp(`${XLX}[\\s\\S]*¥280,000\\.00[\\s\\S]*有效`));
  assert.equal(await xlx.getByTestId('tender-bids').count(), 0, 'never the others’ bids');
  assert.equal(await xlx.getByTestId('tender-panel-section').count(), 0);
  const sentBid = await ok((await session(USERS.xlx))('GET', `/tenders/${ids.tender}`));
  await xlx.getByTestId(`bid-withdraw-${sentBid.my_bids[0].id}`).waitFor();
  await assertAccessible(xlx, 'tender detail, a provider’s own bid');
  assert.deepEqual(xlx.problems, []);
  assert.equal(sentBid.my_bids[0].price, 28000000);
  assert.deepEqual(sentBid.my_bids[0].documents, [{ name: '响应文件', pages: 48 }]);

  // Another provider bids through the API.
  await ok((await session(USERS.qy))('POST', `/tenders/${ids.tender}/bids`, { org_id: ids.qy, price: 25000000 }), 201);

  // An ineligible provider: the whole decision, failing rules with their clauses.
  const bad = await newPage();
  await login(bad, USERS.bad);
  await bad.goto(`/tenders/${ids.tender}`);
  await bad.getByTestId('tender-action-bid').click();
  await bad.getByTestId('bid-dialog').getByTestId('bid-price').locator('input').fill('200000');
  await bad.getByTestId('bid-submit').click();
  const refusal = bad.getByTestId('bid-eligibility');
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /不符合承接主体资格条件/);
  const failing = bad.getByTestId('bid-eligibility-rules').locator('tr.rule-failed');
  assert.ok((await failing.count()) >= 1);
  assert.match(await failing.first().innerText(), /未通过[\s\S]*\S/);
  await assertAccessible(bad, 'bid dialog, ineligible');
  assert.deepEqual(bad.problems, []);
  await bad.context().close();

  // The clerk records a paper bid, picking the organisation.
  await page.reload();
  await page.getByTestId('tender-sealed').getByText('已收到 2 份投标文件（开标前密封）').waitFor();
  await page.getByTestId('tender-action-paper').click();
  const paper = page.getByTestId('bid-dialog').filter({ visible: true });
  await paper.waitFor();
  await pick(page, paper.getByTestId('bid-org'), SUN, '阳光');
  await paper.getByTestId('bid-price').locator('input').fill('260000');
  await paper.getByTestId('bid-doc-add').click();
  await paper.getByTestId('bid-doc-0-name').fill('纸质响应文件');
  await assertAccessible(page, 'paper bid dialog');
  await paper.getByTestId('bid-submit').click();
  await page.getByTestId('tender-sealed').getByText('已收到 3 份投标文件（开标前密封）').waitFor();
  assert.equal(await page.getByTestId('tender-action-open').count(), 0, 'not before the deadline');

  // Past the deadline: sessions end with the clock's jump; sign in again.
  await clockTo(Date.parse('2026-05-22T10:00:00+08:00'));
  await login(page, USERS.maker);
  await page.goto(`/tenders/${ids.tender}`);
  assert.equal(await page.getByTestId('tender-action-paper').count(), 0);
  await page.getByTestId('tender-action-open').click();
  await confirm(page, '开标');
  await page.getByTestId('tender-status').getByText('已开标').waitFor();
  const table = page.getByTestId('tender-bids');
  const bidsText = await table.innerText();
  for (const name of [XLX, QY, SUN]) assert.match(bidsText, new RegExp(name));
  assert.match(bidsText, new RegExp(`${SUN}[\\s\\S]*¥260,000\\.00[\\s\\S]*纸质`));
  const opened = await ok((await session(USERS.maker))('GET', `/tenders/${ids.tender}`));
  ids.bids = Object.fromEntries(opened.bids.map((b) => [b.org.id, b.id]));
  await page.getByTestId(`bid-eligibility-${ids.bids[ids.xlx]}`).click();
  const elig = page.getByRole('dialog', { name: `${XLX}的资格审查` });
  await elig.waitFor();
  assert.match(await elig.innerText(), /通过/);
  await assertAccessible(page, 'eligibility dialog');
  await elig.getByRole('button', { name: /关闭|Close/ }).click();
  await elig.waitFor({ state: 'hidden' });
  await assertAccessible(page, 'tender detail, opened');

  // The panel: a member from a bidder refused; three members seated.
  const addMember = async (name, affiliation, { org, expert = true } = {}) => {
    await page.getByTestId('panel-add').click();
    const dialog = page.getByTestId('panel-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('panel-name').fill(name);
    await dialog.getByTestId('panel-affiliation').fill(affiliation);
    if (org) await pick(page, dialog.getByTestId('panel-org'), org);
    if (!expert) await dialog.getByTestId('panel-expert').click();
    await dialog.getByTestId('panel-no-conflict').click();
    return dialog;
  };
  let dialog = await addMember('王评审', '心连心', { org: XLX });
  await page.getByTestId('panel-dialog').getByTestId('panel-submit').click();
  const orgItem = dialog.locator('.el-form-item', { has: page.getByTestId('panel-org') });
  await orgItem.locator('.el-form-item__error').waitFor();
  await assertAccessible(page, 'panel dialog, a member tied to a bidder');
  await dialog.getByRole('button', { name: '取消' }).click();
  await dialog.waitFor({ state: 'hidden' });
  for (const [name, affiliation, expert] of [
    ['张教授', '重庆师范大学', true],
    ['刘教授', '重庆师范大学', true],
    ['陈科长', '綦江区民政局', false],
  ]) {
    dialog = await addMember(name, affiliation, { expert });
    await dialog.getByTestId('panel-submit').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('tender-panel').getByText(name).waitFor();
  }
  assert.match(await page.getByTestId('tender-panel').innerText(), /陈科长[\s\S]*采购人代表/);

  // The scoring sheet: points in, live totals, hundredths sent.
  const sheet = page.getByTestId('score-sheet');
  const grid = {
    [ids.xlx]: [45, 18.5],
    [ids.qy]: [40, 15],
    [ids.sun]: [30, 10],
  };
  for (const [org, points] of Object.entries(grid)) {
    const b = ids.bids[org];
    for (const [n, v] of points.entries()) await fillNumber(page, `score-${b}-${n}`, v);
  }
  assert.equal(await sheet.getByTestId(`score-total-${ids.bids[ids.xlx]}`).innerText(), '63.50');
  await assertAccessible(page, 'scoring sheet');
  await sheet.getByTestId('score-submit').click();
  await page.getByTestId('tender-status').getByText('已评审').waitFor();
  const scored = sent.filter((s) => s.method === 'PUT').pop();
  assert.deepEqual(
    scored.body.scores.find((s) => s.bid_id === ids.bids[ids.xlx]).items.map((i) => i.score),
    [4500, 1850],
  );
  // price: the lowest valid 25 万 ÷ 28 万 × 20 = 17.86; total 63.50 + 17.86
  assert.equal(await page.getByTestId(`bid-total-${ids.bids[ids.xlx]}`).innerText(), '81.36');
  const ranking = await table.locator('tbody tr').allInnerTexts();
  assert.match(ranking[0], new RegExp(`^1\\s+${XLX}`));
  assert.match(ranking[1], new RegExp(`^2\\s+${QY}[\\s\\S]*55\\.00\\s+20\\.00\\s+75\\.00`));
  await assertAccessible(page, 'tender detail, scored');

  // The award: the first ranked by default; another needs a reason.
  await page.getByTestId('tender-action-award').click();
  const award = page.getByTestId('award-dialog');
  await award.waitFor();
  assert.ok(await award.getByTestId(`award-bid-${ids.bids[ids.xlx]}`).locator('input').isChecked());
  await award.getByTestId(`award-bid-${ids.bids[ids.qy]}`).click();
  await award.getByTestId('award-reason').waitFor();
  await assertAccessible(page, 'award dialog, another than the first');
  await award.getByTestId(`award-bid-${ids.bids[ids.xlx]}`).click();
  await award.getByTestId('award-reason').waitFor({ state: 'detached' });
  await award.getByTestId('award-submit').click();
  await page.getByTestId('tender-status').getByText('已定标').waitFor();
  const t1 = await ok((await session(USERS.maker))('GET', `/tenders/${ids.tender}`));
  ids.award = t1.awards[0].id;
  assert.equal(
    await page.getByTestId(`award-notice-${ids.award}`).innerText(),
    '公示期：2026-05-22 至 2026-05-29（5 个工作日）',
  );
  assert.equal(await page.getByTestId(`award-state-${ids.award}`).innerText(), '公示中');
  await assertAccessible(page, 'tender detail, awarded');

  // An objection on the public page, no account.
  const anon = await newPage();
  await anon.goto(`/public/objection?award=${ids.award}`);
  assert.match(await anon.getByTestId('objection-privacy').innerText(), /仅用于答复[\s\S]*加密保存/);
  assert.equal(await anon.title(), '对中标（成交）结果提出异议 - 社会工作服务管理系统');
  await anon.getByTestId('objection-name').fill('张三');
  await anon.getByTestId('objection-contact').fill('13812345678');
  await anon.getByTestId('objection-content').fill('中标人的持证社工人数与其响应文件不符，请核实。');
  await assertAccessible(anon, 'public objection page');
  await anon.getByTestId('objection-submit').click();
  await anon.getByTestId('objection-lodged').getByText(/2026-05-29/).waitFor();
  assert.deepEqual(anon.problems, []);
  await anon.context().close();

  // The clerk: masked; the contact revealed with a reason, gone on close.
  await page.reload();
  const objections = page.getByTestId(`award-objections-${ids.award}`);
  await objections.getByText('138****5678').waitFor();
  assert.match(await objections.innerText(), /张\*[\s\S]*138\*\*\*\*5678[\s\S]*待答复/);
  const objectionId = (await ok((await session(USERS.maker))('GET', `/tenders/${ids.tender}`))).awards[0].objections[0].id;
  await page.getByTestId(`objection-contact-${objectionId}`).click();
  const contact = page.getByTestId('contact-dialog');
  await contact.getByTestId('contact-reason').fill('电话联系异议人核实情况');
  await assertAccessible(page, 'contact dialog');
  await contact.getByTestId('contact-submit').click();
  assert.equal(await contact.getByTestId('contact-value').innerText(), '13812345678');
  assert.equal(await contact.getByTestId('contact-name').innerText(), '张三');
  await contact.getByRole('button', { name: '关闭', exact: true }).click();
  await contact.waitFor({ state: 'hidden' });
  assert.equal(await page.getByText('13812345678').count(), 0, 'not kept in the page');
  await page.getByTestId(`objection-contact-${objectionId}`).click();
  await page.getByTestId('contact-dialog').getByTestId('contact-reason').waitFor();
  assert.equal(await page.getByTestId('contact-value').count(), 0);
  await page.getByTestId('contact-dialog').getByRole('button', { name: '关闭', exact: true }).click();

  // Upheld: the award withdrawn, the next ranked awarded in a new notice.
  await page.getByTestId(`objection-reply-${objectionId}`).click();
  const reply = page.getByTestId('reply-dialog');
  await reply.getByTestId('reply-upheld').click();
  await reply.getByTestId('reply-upheld-warning').getByText(/撤销本次定标/).waitFor();
  await reply.getByTestId('reply-text').fill('经核实，中标人持证社工人数不符，异议成立。');
  await assertAccessible(page, 'reply dialog');
  await reply.getByTestId('reply-submit').click();
  await reply.waitFor({ state: 'hidden' });
  await page.getByTestId('tender-status').getByText('已评审').waitFor();
  assert.equal(await page.getByTestId(`award-state-${ids.award}`).innerText(), '已撤销');
  assert.equal(await page.getByTestId(`objection-status-${objectionId}`).innerText(), '异议成立');
  await page.getByTestId('tender-action-award').click();
  await page.getByTestId('award-dialog').waitFor();
  assert.ok(await page.getByTestId(`award-bid-${ids.bids[ids.qy]}`).locator('input').isChecked(), 'the next ranked moved up');
  await page.getByTestId('award-submit').click();
  await page.getByTestId('tender-status').getByText('已定标').waitFor();
  const t2 = await ok((await session(USERS.maker))('GET', `/tenders/${ids.tender}`));
  assert.equal(t2.awards[0].org.id, ids.qy);
  await page.getByTestId(`award-${t2.awards[0].id}`).getByText(QY).waitFor();
  assert.equal(await page.getByTestId(`award-state-${t2.awards[0].id}`).innerText(), '公示中');
  await assertAccessible(page, 'tender detail, awarded again');

  // The list and the project's page show the round.
  await page.goto('/tenders?status=awarded');
  await page.getByTestId(`tender-link-${ids.tender}`).waitFor();
  assert.equal(await page.getByTestId('tenders-total').innerText(), '共 1 条');
  assert.equal(await page.getByTestId(`tender-status-${ids.tender}`).innerText(), '已定标');
  await assertAccessible(page, 'tenders list');
  await page.goto(`/projects/${ids.project}`);
  await page.getByTestId(`project-tender-${ids.tender}`).waitFor();
  assert.equal(await page.getByTestId('project-tender-new').count(), 0, 'a round under way');
  assert.deepEqual(page.problems, []);
  await xlx.context().close();
  await page.context().close();
});
