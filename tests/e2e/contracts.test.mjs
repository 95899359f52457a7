// contracts.test.mjs — the contract in a real browser (R-CON-1..3,
// R-FLOW-1): a clerk of 綦江区 drafts the contract of a final award from
// the tender's page (起草合同 opens the editor with the parties fixed and
// the winning price); submitting with the clauses empty marks all seven
// at once, on the checklist and under each clause; the clauses written,
// the instalments first not summing to the price (the difference shown
// live in red, the server's refusal naming it), then fixed; submitted.
// The maker is told someone else signs it (and the server refuses the
// maker: 403 R-FLOW-1); a second clerk opens it from 待办 and signs; the
// project is contracted; the printable contract has 一、标的 and the
// price in capital numerals. An amendment that hands the project to
// another provider is refused (R-CON-3, the organisation picked by
// typing into the picker); one that changes a clause is approved by the
// second clerk: version 2. axe runs on every page and dialog, at 1,024 px.
//
// The procurement is seeded through the API (a single-source round: one
// paper bid, no panel) and the server's clock (SHEGONG_CLOCK_FILE) moves
// past its deadline and then past the award's notice, as
// tests/e2e/tenders.test.mjs does.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIVISIONS_FIXTURE, HOLIDAYS_FIXTURE, apiSession, launchBrowser, seriousViolations, startServer, staffAccount, pick } from './harness.mjs';
import { uscc } from '../lib/codes.mjs';

const TIMEOUT = 10_000;
const BUREAU = '重庆市綦江区民政局';
const PROJECT = '三江街道留守儿童关爱服务项目';
const XLX = '綦江区心连心社会工作服务中心';
const QY = '綦江区齐跃创新社会工作服务中心';
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
const CLAUSES = {
  subject: '三江街道留守儿童关爱服务',
  quantity: '全年个案 40 个、小组 6 个、社区活动 12 场',
  quality: '符合《社会工作服务指南》及本合同附件服务标准',
  term: '自 2026 年 6 月 1 日起至 2027 年 5 月 31 日止',
  payment_method: '分两期支付：签订后支付 60%，末期评估良好及以上支付 40%',
  breach_liability: '乙方未达服务标准的，按未完成比例扣减服务费用',
  dispute_resolution: '双方协商解决；协商不成的，向甲方所在地人民法院提起诉讼',
};
const HEADINGS = ['一、标的', '二、数量', '三、质量', '四、期限', '五、资金支付方式', '六、违约责任', '七、解决争议'];
const USERS = {
  maker: { username: 'li.jing', display_name: '李静', password: 'Correct-Horse-Battery-Staple-cmk' },
  checker: { username: 'zhao.min', display_name: '赵敏', password: 'Correct-Horse-Battery-Staple-cck' },
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

async function ok(res, status = 200) {
  const r = await res;
  assert.equal(r.status, status, JSON.stringify(r.body));
  return r.body;
}

before(async () => {
  clockDir = await mkdtemp(join(tmpdir(), 'shegong-e2e-clock-'));
  await clockTo(Date.parse('2026-05-11T09:00:00+08:00'));
  server = await startServer({
    env: { SHEGONG_CLOCK_FILE: join(clockDir, 'clock'), SHEGONG_HOLIDAYS_DIR: HOLIDAYS_FIXTURE },
  });
  browser = await launchBrowser();
  await server.cli(['import', 'divisions', '--from', DIVISIONS_FIXTURE]);
  await server.cli(['import', 'holidays', HOLIDAYS_FIXTURE]);
  const admin = await apiSession(server.url, 'admin', server.adminPassword);
  for (const u of Object.values(USERS)) {
    const made = await staffAccount(server, admin, {
      ...u,
      role: 'civil_affairs',
      scope: { divisions: ['500110'] },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
  }
  let maker = await session(USERS.maker);
  ids.bureau = (
    await ok(
      maker('POST', '/orgs', { type: 'civil_affairs', name: BUREAU, uscc: uscc('11', '500110', 3), division_code: '500110' }),
      201,
    )
  ).id;
  await ok(maker('POST', '/budgets', { department_id: ids.bureau, year: 2026, amount: 1000000000 }), 201);
  for (const [k, name, serial] of [['xlx', XLX, 201], ['qy', QY, 202]]) {
    const o = await ok(
      maker('POST', '/orgs', { type: 'social_org', name, uscc: uscc('52', '500110', serial), division_code: '500110', ...GOOD_PROVIDER }),
      201,
    );
    for (const kind of ['governance', 'finance'])
      await ok(maker('POST', `/orgs/${o.id}/documents`, { kind, title: `${kind} 制度`, issued_on: '2020-01-01' }), 201);
    ids[k] = o.id;
  }
  const cat = await ok(maker('GET', '/catalog'));
  const item = cat.areas.flatMap((a) => a.items).find((i) => i.code === 'psychological_support');
  const p = await ok(
    maker('POST', '/projects', {
      name: PROJECT,
      department_id: ids.bureau,
      year: 2026,
      amount: 30000000,
      service_start: '2026-06-01',
      service_end: '2027-05-31',
      content: '在三江街道开展留守儿童关爱服务',
      item_ids: [item.id],
      group_codes: ['left_behind_child'],
      township_codes: ['500110001'],
      lines: [{ item_id: item.id, amount: 30000000 }],
      targets: [
        { kind: 'quantity', indicator: 'cases', target: 40 },
        { kind: 'scale', indicator: 'people_served', target: 300 },
        { kind: 'quality', indicator: 'satisfaction', target: 90 },
        { kind: 'effect', indicator: 'custom', name: '留守儿童心理状况改善率', unit: '%', measure: 'evaluation', target: 70 },
      ],
    }),
    201,
  );
  ids.project = p.id;
  await ok(maker('POST', `/projects/${p.id}/submit`));
  await ok((await session(USERS.checker))('POST', `/projects/${p.id}/approve`));

  // A single-source round: one paper bid, no panel, the lowest price.
  const td = await ok(
    maker('POST', '/tenders', {
      project_id: p.id,
      method: 'single_source',
      single_source_reason: 'continuity',
      title: `${PROJECT}单一来源采购`,
      requirements: '在三江街道开展留守儿童关爱服务',
      standards: '按《社会工作服务指南》执行',
      qualifications: '依法登记的社会工作服务机构',
      invited_ids: [ids.xlx],
      deadline: '2026-05-12T09:30',
    }),
    201,
  );
  ids.tender = td.id;
  await ok(maker('POST', `/tenders/${td.id}/publish`));
  await ok(maker('POST', `/tenders/${td.id}/paper-bids`, { org_id: ids.xlx, price: 28000000 }), 201);
  await clockTo(Date.parse('2026-05-12T10:00:00+08:00'));
  maker = await session(USERS.maker);
  const opened = await ok(maker('POST', `/tenders/${td.id}/open`));
  assert.equal(opened.status, 'opened', JSON.stringify(opened.status_reason));
  await ok(maker('PUT', `/tenders/${td.id}/scores`, { scores: [{ bid_id: opened.bids[0].id, items: [] }] }));
  const awarded = await ok(maker('POST', `/tenders/${td.id}/award`), 201);
  ids.award = awarded.awards[0].id;
  // Past the notice (5 working days): the award is final.
  await clockTo(Date.parse(`${awarded.awards[0].notice_end}T09:00:00+08:00`) + 86_400_000);
  const final = await ok((await session(USERS.maker))('GET', `/tenders/${td.id}`));
  assert.equal(final.awards[0].final, true);
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

async function fillMoney(page, testid, yuan) {
  const input = page.getByTestId(testid).locator('input');
  await input.fill(String(yuan));
  await input.blur();
}

/** Confirm the message box titled `title`. */
async function confirm(page, title) {
  const box = page.getByRole('dialog', { name: title });
  await box.waitFor();
  await box.getByRole('button', { name: title }).click();
}

test('a contract drafted from the award, every gap marked, signed by a second clerk, printed and amended', async () => {
  const page = await newPage();
  await login(page, USERS.maker);
  const sent = [];
  page.on('request', (req) => {
    if (['POST', 'PATCH', 'PUT'].includes(req.method()) && req.url().includes('/api/v1/contracts'))
      sent.push({ url: new URL(req.url()).pathname, method: req.method(), body: req.postDataJSON() });
  });

  // The list: in the menu after 政府采购, empty.
  await page.getByTestId('menu-contracts').click();
  await page.waitForURL('**/contracts');
  assert.equal(await page.title(), '合同 - 社会工作服务管理系统');
  await page.getByTestId('contracts-table').getByText('没有符合条件的合同').waitFor();
  assert.equal(await page.getByTestId('contracts-total').innerText(), '共 0 条');
  await page.getByTestId('contracts-export-xlsx').waitFor();
  await assertAccessible(page, 'contracts list, empty');

  // The tender's final award: its notice to print, and 起草合同.
  await page.goto(`/tenders/${ids.tender}`);
  const print = page.getByTestId(`award-print-${ids.award}`);
  assert.equal(await print.getAttribute('href'), `/api/v1/tenders/${ids.tender}/award-notice`);
  await page.getByTestId(`award-draft-contract-${ids.award}`).click();
  await page.waitForURL(/\/contracts\/\d+\/edit$/);
  ids.contract = Number(new URL(page.url()).pathname.split('/')[2]);
  assert.deepEqual(sent[0], { url: '/api/v1/contracts', method: 'POST', body: { award_id: ids.award } });
  const parties = await page.getByTestId('contract-edit-parties').innerText();
  assert.match(parties, new RegExp(`${BUREAU}[\\s\\S]*${XLX}[\\s\\S]*¥280,000\\.00`));
  assert.equal(await page.getByTestId('contract-price').locator('input').inputValue(), '280000.00');
  assert.match(await page.getByTestId('contract-term').innerText(), /不得超过 12 个月（.*财政部令第102号）第二十二条/);
  for (const c of Object.keys(CLAUSES))
    assert.equal(await page.getByTestId(`check-${c}`).getAttribute('data-state'), 'todo');
  await assertAccessible(page, 'contract editor, new draft');

  // Submitting the empty draft: all seven clauses marked at once.
  await page.getByTestId('contract-submit').click();
  const gaps = page.getByTestId('contract-edit-error').getByTestId('error-list');
  await gaps.waitFor();
  const lines = await gaps.locator('li').allInnerTexts();
  for (const h of HEADINGS) assert.ok(lines.some((l) => l.startsWith(`${h}：`)), `${h} in\n${lines.join('\n')}`);
  assert.ok(lines.some((l) => l.startsWith('分期支付：')), lines.join('\n'));
  for (const c of Object.keys(CLAUSES)) {
    assert.equal(await page.getByTestId(`check-${c}`).getAttribute('data-state'), 'missing', c);
    const item = page.locator('.el-form-item', { has: page.getByTestId(`contract-clause-${c}`) });
    await item.locator('.el-form-item__error').waitFor();
  }
  assert.equal(await page.getByTestId('check-period').getAttribute('data-state'), 'missing');
  assert.equal(new URL(page.url()).pathname, `/contracts/${ids.contract}/edit`, 'still the editor');
  await assertAccessible(page, 'contract editor, every gap marked');

  // The clauses written tick one by one; the period of 12 months.
  for (const [c, text] of Object.entries(CLAUSES)) {
    await page.getByTestId(`contract-clause-${c}`).fill(text);
    assert.equal(await page.getByTestId(`check-${c}`).getAttribute('data-state'), 'done', c);
  }
  await fillDate(page, 'contract-start', '2026-06-01');
  await fillDate(page, 'contract-end', '2027-05-31');
  assert.match(await page.getByTestId('contract-term').innerText(), /服务期限 12 个月，不得超过 12 个月/);

  // Instalments that do not sum: the difference live, in red, and refused.
  await page.getByTestId('contract-instalment-add').click();
  await fillMoney(page, 'contract-instalment-0-amount', 168000);
  await page.getByTestId('contract-instalment-add').click();
  await fillMoney(page, 'contract-instalment-1-amount', 100000);
  const sum = page.getByTestId('contract-instalment-sum');
  assert.equal(await sum.innerText(), '分期合计 ¥268,000.00，合同价款 ¥280,000.00，相差 ¥12,000.00');
  assert.match(await sum.getAttribute('class'), /sum-off/);
  assert.equal(await sum.evaluate((e) => getComputedStyle(e).color), 'rgb(198, 40, 40)');
  await page.getByTestId('contract-save').click();
  await page.getByTestId('contract-edit-error').getByText(/相差 12000\.00 元/).waitFor();
  assert.equal(await page.getByTestId('check-instalments').getAttribute('data-state'), 'missing');
  await assertAccessible(page, 'contract editor, instalments short');
  await fillMoney(page, 'contract-instalment-1-amount', 112000);
  await pick(page, page.getByTestId('contract-instalment-1-evaluation'), '末期评估');
  await pick(page, page.getByTestId('contract-instalment-1-grade'), '良');
  assert.equal(await sum.innerText(), '分期合计 ¥280,000.00，与合同价款一致');
  assert.equal(await page.getByTestId('check-instalments').getAttribute('data-state'), 'done');
  await page.getByTestId('contract-submit').click();
  await page.waitForURL(`**/contracts/${ids.contract}`);
  await page.getByTestId('contract-status').getByText('待签订（复核）').waitFor();
  const put = sent.filter((s) => s.method === 'PUT').pop();
  assert.deepEqual(put.body, {
    instalments: [{ amount: 16800000 }, { amount: 11200000, evaluation: 'final', min_grade: 'good' }],
  });
  const patch = sent.filter((s) => s.method === 'PATCH').pop();
  assert.equal(patch.body.start_on, '2026-06-01');
  assert.equal(patch.body.dispute_resolution, CLAUSES.dispute_resolution);

  // The maker is told someone else signs it; the server refuses the maker.
  await page.getByTestId('contract-own-pending').getByText(/不能签订自己提交的合同/).waitFor();
  assert.equal(await page.getByTestId('contract-action-sign').count(), 0);
  const refused = await (await session(USERS.maker))('POST', `/contracts/${ids.contract}/sign`);
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error.rule, 'R-FLOW-1');
  const clauses = await page.getByTestId('contract-clauses').locator('h3').allInnerTexts();
  assert.deepEqual(clauses, HEADINGS);
  assert.match(await page.getByTestId('contract-instalments').innerText(), /¥112,000\.00[\s\S]*末期评估等级达到“良”及以上/);
  await assertAccessible(page, 'contract detail, pending');

  // The second clerk: from 待办 to the contract, signed.
  const checker = await newPage();
  await login(checker, USERS.checker);
  await checker.getByTestId('menu-approvals').click();
  const approval = (await ok((await session(USERS.checker))('GET', '/approvals?kind=contract'))).items[0];
  await checker.getByTestId(`approval-object-${approval.id}`).click();
  await checker.waitForURL(`**/contracts/${ids.contract}`);
  assert.equal(await checker.getByTestId('contract-own-pending').count(), 0);
  await checker.getByTestId('contract-action-sign').click();
  await assertAccessible(checker, 'sign confirmation');
  await confirm(checker, '签订合同');
  await checker.getByTestId('contract-status').getByText('已签订').waitFor();
  assert.match(await checker.getByTestId('contract-facts').innerText(), /赵敏/);
  assert.match(await checker.getByTestId('contract-approvals').innerText(), /李静[\s\S]*已通过[\s\S]*赵敏/);
  await assertAccessible(checker, 'contract detail, signed');

  // The project is contracted; the list shows the contract.
  await page.goto(`/projects/${ids.project}`);
  await page.getByTestId('project-state').getByText('已签约').waitFor();
  await page.goto('/contracts?status=signed');
  await page.getByTestId(`contract-link-${ids.contract}`).waitFor();
  assert.equal(await page.getByTestId('contracts-total').innerText(), '共 1 条');
  assert.match(await page.getByTestId('contracts-table').innerText(), new RegExp(`${XLX}[\\s\\S]*¥280,000\\.00[\\s\\S]*2026-06-01 至 2027-05-31[\\s\\S]*已签订`));
  await assertAccessible(page, 'contracts list');

  // The printable contract, in a new tab.
  await page.getByTestId(`contract-link-${ids.contract}`).click();
  const [printed] = await Promise.all([
    page.context().waitForEvent('page'),
    page.getByTestId('contract-print').click(),
  ]);
  await printed.waitForLoadState();
  const html = await printed.content();
  assert.match(html, /<h2>一、标的<\/h2>/);
  assert.match(html, /贰拾捌万元整/);
  await printed.close();

  // An amendment passing the project to another provider is refused (R-CON-3).
  await page.getByTestId('contract-action-amend').click();
  const amend = page.getByTestId('amend-dialog');
  await amend.waitFor();
  await amend.getByTestId('amend-reason').fill('原承接主体人手不足');
  await amend.getByTestId('amend-pick-provider').click();
  await pick(page, amend.getByTestId('amend-provider'), QY, '齐跃');
  await assertAccessible(page, 'amendment dialog');
  await amend.getByTestId('amend-submit').click();
  const providerItem = amend.locator('.el-form-item', { has: page.getByTestId('amend-provider') });
  await providerItem.locator('.el-form-item__error').getByText(/转包/).waitFor();
  const tried = sent.filter((s) => s.url.endsWith('/amendments')).pop();
  assert.deepEqual(tried.body.changes, { provider_id: ids.qy });
  await assertAccessible(page, 'amendment dialog, provider refused');

  // A clause changed instead: it waits for the second clerk.
  await amend.getByTestId('amend-pick-provider').click();
  await amend.getByTestId('amend-pick-quantity').click();
  await amend.getByTestId('amend-clause-quantity').fill('全年个案 36 个、小组 6 个、社区活动 12 场');
  await amend.getByTestId('amend-submit').click();
  await amend.waitFor({ state: 'hidden' });
  const pending = (await ok((await session(USERS.maker))('GET', `/contracts/${ids.contract}`))).amendments[0];
  assert.deepEqual(pending.changes, { quantity: [CLAUSES.quantity, '全年个案 36 个、小组 6 个、社区活动 12 场'] });
  await page.getByTestId(`amendment-status-${pending.id}`).getByText('待复核').waitFor();
  assert.equal(await page.getByTestId(`amendment-approve-${pending.id}`).count(), 0, 'not its maker');
  assert.equal(await page.getByTestId('contract-action-amend').count(), 0, 'one pending at a time');

  // The second clerk approves it from 待办: version 2.
  await checker.goto('/approvals');
  const item = (await ok((await session(USERS.checker))('GET', '/approvals?kind=amendment'))).items[0];
  await checker.getByTestId(`approval-object-${item.id}`).click();
  await checker.waitForURL(`**/contracts/${ids.contract}`);
  const changes = await checker.getByTestId(`amendment-changes-${pending.id}`).innerText();
  assert.match(changes, /二、数量[\s\S]*全年个案 40 个[\s\S]*全年个案 36 个/);
  await checker.getByTestId(`amendment-approve-${pending.id}`).click();
  await confirm(checker, '批准变更');
  await checker.getByTestId(`amendment-status-${pending.id}`).getByText('已批准').waitFor();
  assert.equal(await checker.getByTestId('contract-version').innerText(), '第 2 版');
  assert.match(await checker.getByTestId('contract-clause-quantity').innerText(), /全年个案 36 个/);
  await assertAccessible(checker, 'contract detail, amended');

  assert.deepEqual(page.problems, []);
  assert.deepEqual(checker.problems, []);
  await checker.context().close();
  await page.context().close();
});
