// divisions.test.mjs — the administrative divisions page in a real browser:
// the empty state before any import, then the fixture imported through the
// CLI (tests/fixtures/divisions), the lazy tree, the search with paths,
// the details card, and axe on each state.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  apiSession,
  launchBrowser,
  makeStations,
  seriousViolations,
  startServer, staffAccount } from './harness.mjs';

const TIMEOUT = 10_000;
const FIXTURE = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'fixtures/divisions');

let server;
let browser;
let context;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

async function assertAccessible(page, what) {
  assert.deepEqual(await seriousViolations(page), [], `axe on ${what}`);
}

test('divisions: empty state, import, tree, search, details', async () => {
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
  const signIn = async (username, password) => {
    await page.goto('/login');
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('header-user').waitFor();
  };

  // Nothing imported yet: the page says how the divisions get there. It
  // is the same for every role; the administrator sees it here, since a
  // social worker's station (R-ROLE-1) needs a division to be in.
  await signIn('admin', server.adminPassword);
  await page.getByTestId('menu-divisions').click();
  await page.waitForURL('**/divisions');
  assert.equal(await page.title(), '行政区划 - 社会工作服务管理系统');
  const empty = page.getByTestId('divisions-empty');
  await empty.waitFor();
  assert.match(await empty.innerText(), /shegong import divisions/);
  await assertAccessible(page, 'divisions page, empty');

  await server.cli(['import', 'divisions', '--from', FIXTURE]);

  // A social worker: any signed-in role may read the divisions.
  const admin = await apiSession(server.url, 'admin', server.adminPassword);
  const [station] = await makeStations(server, admin);
  const password = 'Correct-Horse-Battery-Staple-div';
  const made = await staffAccount(server, admin, {
    username: 'zhao.liu',
    display_name: '赵六',
    role: 'social_worker',
    password,
    scope: { stations: [station] },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  await page.getByTestId('logout').click();
  await page.waitForURL('**/login');
  await signIn('zhao.liu', password);
  await page.getByTestId('menu-divisions').click();
  await page.waitForURL('**/divisions');

  const tree = page.getByTestId('divisions-tree');
  await tree.getByText('重庆市').waitFor();
  await tree.getByText('北京市').waitFor();
  assert.equal(await page.getByRole('tree').count(), 1);

  // Expand 重庆市: its child (code 5001) is loaded on demand, level shown.
  const chongqing = tree
    .getByRole('treeitem')
    .filter({ has: page.getByTestId('division-node-50') });
  await chongqing.locator('.el-tree-node__expand-icon').first().click();
  const city = page.getByTestId('division-node-5001');
  await city.waitFor();
  assert.match(await city.innerText(), /市辖区[\s\S]*5001[\s\S]*市/);
  // Clicking a node shows its details; its arrow opens the next level.
  await city.click();
  await page.getByTestId('division-detail-code').getByText('5001').waitFor();
  await page
    .getByRole('treeitem')
    .filter({ has: city })
    .last()
    .locator('.el-tree-node__expand-icon')
    .first()
    .click();
  await page.getByTestId('division-node-500110').getByText('綦江区').waitFor();
  assert.match(await page.getByTestId('division-node-500110').innerText(), /县（区）/);
  await assertAccessible(page, 'divisions page, tree expanded');

  // Search by a three-character name: the result shows its whole path.
  await page.getByTestId('divisions-q').fill('綦江河');
  await page.getByTestId('divisions-q').press('Enter');
  const results = page.getByTestId('divisions-results');
  await results.getByText('500110002001').waitFor();
  const row = await results.locator('tbody tr').first().innerText();
  assert.match(row, /重庆市 \/ 市辖区 \/ 綦江区 \/ 文龙街道 \/ 綦江河村委会/);
  assert.match(row, /村（社区）/);
  assert.equal(await results.locator('tbody tr').count(), 1);

  // The search button works too, and a result opens the details card.
  await page.getByTestId('divisions-q').fill('古南街道');
  await page.getByTestId('divisions-search').click();
  await page.getByTestId('division-result-500110001').click();
  await page.getByTestId('division-detail-code').getByText('500110001').waitFor();
  const details = await page.getByTestId('division-details').innerText();
  assert.match(details, /乡镇（街道）/);
  assert.match(details, /綦江区（500110）/);
  assert.equal(
    await page.getByTestId('division-detail-path').innerText(),
    '重庆市 / 市辖区 / 綦江区 / 古南街道',
  );
  await assertAccessible(page, 'divisions page, search and details');

  // English.
  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.getByRole('heading', { name: 'Administrative divisions' }).waitFor();
  assert.match(await page.getByTestId('division-details').innerText(), /Township \(subdistrict\)/);
  await assertAccessible(page, 'divisions page (en)');

  assert.deepEqual(problems, []);
});
