// workbench.test.mjs — the workbench (工作台) as the user's to-do list in a
// real browser (GET /api/v1/workbench): a civil affairs checker of 綦江区
// finds under 待我审批 the project a colleague submitted, as a link that
// opens it, the year's budget summed with what approved projects have
// committed, and the station that is not working yet; the maker finds no
// approval of their own (R-FLOW-1); a township clerk, who reads no
// budgets, has no budget card; an account without a role has nothing to
// do. The page repeats no menu. axe runs at 1,024 px in both languages.
//
// The server counts today and the year in China time with the real
// clock, so the seeds use the current China year, not a fixed one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DIVISIONS_FIXTURE,
  apiSession,
  launchBrowser,
  seriousViolations,
  startServer,
  staffAccount,
} from './harness.mjs';
import { uscc } from '../lib/codes.mjs';

const TIMEOUT = 10_000;
const PASSWORD = {
  maker: 'Correct-Horse-Battery-Staple-mkr',
  checker: 'Correct-Horse-Battery-Staple-chk',
  township: 'Correct-Horse-Battery-Staple-twn',
  norole: 'Correct-Horse-Battery-Staple-nrl',
};
const BUREAU = '重庆市綦江区民政局';
const APPROVED = '古南街道社区养老服务项目';
const WAITING = '古南街道困境儿童关爱服务项目';
const STATION = '古南街道社会工作服务站';

// Today's year in China, as the server reckons it.
const YEAR = Number(
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(
    new Date(),
  ),
);

let server;
let browser;
let checker; // the checker's API session
const ids = {};

const TARGETS = [
  { kind: 'quantity', indicator: 'cases', target: 40 },
  { kind: 'scale', indicator: 'people_served', baseline: 0, target: 300 },
  { kind: 'quality', indicator: 'satisfaction', target: 90 },
  {
    kind: 'effect',
    indicator: 'custom',
    name: '困境儿童心理状况改善率',
    unit: '%',
    measure: 'evaluation',
    target: 70,
  },
];

function ok(res, status = 200) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  return res.body;
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await server.cli(['import', 'divisions', '--from', DIVISIONS_FIXTURE]);
  const admin = await apiSession(server.url, 'admin', server.adminPassword);
  for (const [username, display_name, password, role, divisions] of [
    ['li.jing', '李静', PASSWORD.maker, 'civil_affairs', ['500110']],
    ['zhao.min', '赵敏', PASSWORD.checker, 'civil_affairs', ['500110']],
    ['wang.fang', '王芳', PASSWORD.township, 'township', ['500110001']],
    ['sun.li', '孙丽', PASSWORD.norole, undefined, undefined],
  ]) {
    const made = await staffAccount(server, admin, {
      username,
      display_name,
      password,
      ...(role ? { role, scope: { divisions } } : {}),
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
  }

  // As tests/api/projects.test.mjs seeds them: the department and its
  // budget of 50 万元, a station of 古南街道 (new, so not working), one
  // project of 10 万元 approved by the checker and one of 30 万元 waiting.
  const maker = await apiSession(server.url, 'li.jing', PASSWORD.maker);
  checker = await apiSession(server.url, 'zhao.min', PASSWORD.checker);
  ids.bureau = ok(
    await maker('POST', '/orgs', {
      type: 'civil_affairs',
      name: BUREAU,
      uscc: uscc('11', '500110', 2),
      division_code: '500110',
    }),
    201,
  ).id;
  ok(
    await maker('POST', '/budgets', {
      department_id: ids.bureau,
      year: YEAR,
      amount: 50000000,
      source: '福彩公益金',
    }),
    201,
  );
  ids.station = ok(
    await maker('POST', '/stations', {
      division_code: '500110001',
      tier: 'township',
      name: STATION,
    }),
    201,
  ).id;
  const catalog = ok(await maker('GET', '/catalog'));
  const item = catalog.areas
    .flatMap((a) => a.items)
    .find((i) => i.code === 'psychological_support').id;
  const project = async (name, amount) => {
    const p = ok(
      await maker('POST', '/projects', {
        name,
        department_id: ids.bureau,
        year: YEAR,
        amount,
        service_start: `${YEAR}-03-01`,
        service_end: `${YEAR + 1}-02-28`,
        content: '为古南街道困境儿童提供个案、小组和社区服务',
        item_ids: [item],
        group_codes: ['child_in_difficulty'],
        township_codes: ['500110001'],
        lines: [{ item_id: item, amount }],
        targets: TARGETS,
      }),
      201,
    );
    ok(await maker('POST', `/projects/${p.id}/submit`));
    return p.id;
  };
  ids.approved = await project(APPROVED, 10000000);
  ok(await checker('POST', `/projects/${ids.approved}/approve`));
  ids.waiting = await project(WAITING, 30000000);
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

/** Log in and wait for the workbench to have answered. */
async function login(page, username, password) {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('header-user').waitFor();
  await page.locator('[data-testid="workbench"][aria-busy="false"]').waitFor();
}

/** "2026年12月3日 星期四" for "2026-12-03". */
function chineseDate(date) {
  const [y, m, d] = date.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${y}年${m}月${d}日 星期${'日一二三四五六'[day]}`;
}

test('the checker finds the project waiting under 待我审批 and opens it', async () => {
  const { date, year } = ok(await checker('GET', '/workbench'));
  assert.equal(year, YEAR);
  const page = await newPage();
  await login(page, 'zhao.min', PASSWORD.checker);
  assert.equal(new URL(page.url()).pathname, '/');

  // The greeting: the name and today, in Chinese.
  const welcome = page.getByTestId('welcome');
  assert.match(await welcome.getByRole('heading').innerText(), /^您好，赵敏$/);
  assert.equal(await page.getByTestId('today').innerText(), chineseDate(date));
  assert.equal(await page.getByTestId('today').getAttribute('datetime'), date);
  // No menu repeated, no server health for a clerk.
  assert.equal(await page.getByTestId('quick-links').count(), 0);
  assert.equal(await page.getByTestId('health-card').count(), 0);

  // The year's budget: 50 万元, 10 万元 committed by the approved
  // project (the waiting one commits nothing yet), 40 万元 left.
  const budget = page.getByTestId('budget-card');
  assert.equal(await budget.getByRole('heading').innerText(), `${YEAR} 年度预算`);
  assert.equal(await page.getByTestId('budget-amount').innerText(), '¥500,000.00');
  assert.equal(await page.getByTestId('budget-committed').innerText(), '¥100,000.00');
  assert.equal(await page.getByTestId('budget-left').innerText(), '¥400,000.00');
  assert.match(await page.getByTestId('budget-used').innerText(), /^已承诺 20%$/);
  assert.equal(
    await page.getByTestId('budget-progress').getAttribute('aria-valuenow'),
    '20',
  );
  assert.equal(
    await page.getByTestId('budget-link').getAttribute('href'),
    `/budgets?year=${YEAR}`,
  );

  // 待我审批: the waiting project, counted, a link; the approved one is done.
  const approvals = page.getByTestId('todo-approvals');
  // the count a badge, read out as words
  await approvals.getByRole('heading', { name: /^待我审批\s*共 1 项$/ }).waitFor();
  assert.equal(
    await approvals.getByTestId('todo-count').locator('[aria-hidden="true"]').innerText(),
    '1',
  );
  assert.equal(await approvals.getByTestId('todo-title').innerText(), '待我审批');
  assert.deepEqual(await approvals.getByTestId('todo-item').allInnerTexts(), [WAITING]);
  assert.equal(await approvals.getByRole('list').count(), 1);
  assert.equal(
    await approvals.getByRole('link', { name: '查看全部（1）' }).getAttribute('href'),
    '/approvals',
  );
  // The station not working yet, with its page.
  const stations = page.getByTestId('todo-stations_not_ready');
  assert.equal(await stations.getByTestId('todo-title').innerText(), '尚未运转的社工站');
  assert.equal(
    await stations.getByRole('link', { name: STATION }).getAttribute('href'),
    `/stations/${ids.station}`,
  );
  assert.equal(await page.getByTestId('todo-empty').count(), 0);
  await assertAccessible(page, 'workbench of a checker (zh-CN)');

  // In English the titles are the server's English ones.
  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await approvals.getByTestId('todo-title').innerText(), 'Waiting for my approval');
  assert.match(await page.getByTestId('today').innerText(), new RegExp(`${YEAR}$`));
  assert.match(await approvals.getByRole('link', { name: /^View all/ }).innerText(), /\(1\)$/);
  await assertAccessible(page, 'workbench of a checker (en)');
  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');

  // The link opens the project.
  await approvals.getByRole('link', { name: WAITING }).click();
  await page.waitForURL(`**/projects/${ids.waiting}`);
  assert.equal(await page.getByTestId('project-name').innerText(), WAITING);
  assert.deepEqual(page.problems, []);
});

test('the maker has no approval of their own to do', async () => {
  const page = await newPage();
  await login(page, 'li.jing', PASSWORD.maker);
  await page.getByTestId('todo-stations_not_ready').waitFor();
  assert.equal(await page.getByTestId('todo-approvals').count(), 0);
  assert.equal(await page.getByTestId('budget-amount').innerText(), '¥500,000.00');
  assert.deepEqual(page.problems, []);
});

test('a township clerk, who reads no budgets, has no budget card', async () => {
  const page = await newPage();
  await login(page, 'wang.fang', PASSWORD.township);
  assert.match(await page.getByTestId('welcome').innerText(), /您好，王芳/);
  assert.equal(await page.getByTestId('budget-card').count(), 0);
  assert.equal(await page.getByTestId('todo-approvals').count(), 0);
  assert.deepEqual(page.problems, []);
});

test('an account without a role has nothing to do', async () => {
  const page = await newPage();
  await login(page, 'sun.li', PASSWORD.norole);
  assert.equal(await page.getByTestId('todo-empty').innerText(), '暂无待办事项');
  assert.equal(await page.getByTestId('todo-list').count(), 0);
  assert.equal(await page.getByTestId('budget-card').count(), 0);
  assert.equal(await page.getByTestId('health-card').count(), 0);
  await assertAccessible(page, 'workbench with nothing to do');
  assert.deepEqual(page.problems, []);
});
