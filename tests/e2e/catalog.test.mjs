// catalog.test.mjs — the service catalog page in a real browser: a social
// worker reads the three tabs (the seeded guiding catalog, target groups
// and negative list) with axe on each; an admin adds a national item
// through the dialog, and a bad or taken code shows on the code field.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiSession,
  launchBrowser,
  makeStations,
  seriousViolations,
  startServer, staffAccount } from './harness.mjs';

const TIMEOUT = 10_000;

let server;
let browser;
const contexts = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
});

async function assertAccessible(page, what) {
  assert.deepEqual(await seriousViolations(page), [], `axe on ${what}`);
}

async function newPage(problems) {
  const context = await browser.newContext({ baseURL: server.url, locale: 'zh-CN' });
  contexts.push(context);
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
      problems.push(`console: ${msg.text()}`);
    }
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

test('catalog: a social worker reads the three tabs', async () => {
  const admin = await apiSession(server.url, 'admin', server.adminPassword);
  const password = 'Correct-Horse-Battery-Staple-cat';
  // The worker's station exists (R-ROLE-1).
  const [station] = await makeStations(server, admin);
  const made = await staffAccount(server, admin, {
    username: 'qian.qi',
    display_name: '钱七',
    role: 'social_worker',
    password,
    scope: { stations: [station] },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));

  const problems = [];
  const page = await newPage(problems);
  await login(page, 'qian.qi', password);

  await page.getByTestId('menu-catalog').click();
  await page.waitForURL('**/catalog');
  assert.equal(await page.title(), '服务目录 - 社会工作服务管理系统');
  await page.getByRole('heading', { name: '服务目录', level: 1 }).waitFor();
  // A social worker may read but not add.
  assert.equal(await page.getByTestId('catalog-add').count(), 0);

  // 指导性目录: the five areas, each with its items, national ones marked.
  const tabs = page.getByRole('tab');
  assert.deepEqual(await tabs.allInnerTexts(), ['指导性目录', '服务对象', '负面清单']);
  const assistance = page.getByTestId('catalog-area-social_assistance');
  await assistance.getByRole('heading', { name: /社会救助/ }).waitFor();
  await assistance.getByTestId('catalog-item-social_assistance-needs_assessment').waitFor();
  // Items by their names; their codes are the system's, not shown.
  assert.match(await assistance.innerText(), /需求评估[\s\S]*全国/);
  assert.doesNotMatch(await assistance.innerText(), /needs_assessment/);
  assert.equal(await page.getByRole('heading', { level: 3 }).count(), 5);
  await assertAccessible(page, 'catalog tab');

  // 服务对象.
  await page.getByRole('tab', { name: '服务对象' }).click();
  const targets = page.getByTestId('catalog-targets');
  await targets.getByText('低保对象').waitFor();
  assert.match(await targets.innerText(), /Minimum-living-allowance recipients/);
  await assertAccessible(page, 'target groups tab');

  // 负面清单, each with its clause.
  await page.getByRole('tab', { name: '负面清单' }).click();
  const negative = page.getByTestId('catalog-negative');
  await negative.getByText('货物和工程，以及将工程和服务打包的项目').waitFor();
  assert.match(await negative.innerText(), /财政部令第102号/);
  await assertAccessible(page, 'negative list tab');

  // English.
  await page.getByTestId('lang-switch').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.getByRole('heading', { name: 'Service catalog', level: 1 }).waitFor();
  await page.getByRole('tab', { name: 'Guiding catalog' }).click();
  await assistance.getByRole('heading', { name: /Social assistance/ }).waitFor();
  await assertAccessible(page, 'catalog tab (en)');

  assert.deepEqual(problems, []);
});

test('catalog: an admin adds a national item; bad and taken codes', async () => {
  const problems = [];
  const page = await newPage(problems);
  await login(page, 'admin', server.adminPassword);
  await page.goto('/catalog');
  await page.getByTestId('catalog-area-social_assistance').waitFor();

  await page.getByTestId('catalog-add').click();
  const dialog = page.getByRole('dialog', { name: '新增服务事项' });
  await dialog.waitFor();

  // The form checks the API's rules before sending.
  await dialog.getByTestId('catalog-code').fill('Bad-Code');
  await page.getByTestId('catalog-create-submit').click();
  await dialog.getByText('代码须为小写字母开头的 2–40 位小写字母、数字或 _').waitFor();
  await dialog.getByText('请选择服务领域').waitFor();

  await dialog.getByTestId('catalog-area').click();
  await page.getByRole('option', { name: '社会救助' }).click();
  await dialog.getByTestId('catalog-name-zh').fill('政策宣传');
  await dialog.getByTestId('catalog-name-en').fill('Policy outreach');
  await dialog.getByTestId('catalog-description').fill('宣传社会救助政策，帮助对象了解申请渠道。');
  await assertAccessible(page, 'catalog item dialog');

  // A code the area already has: the API's error shows on the code field.
  await dialog.getByTestId('catalog-code').fill('needs_assessment');
  await page.getByTestId('catalog-create-submit').click();
  const codeItem = dialog
    .locator('.el-form-item')
    .filter({ has: page.getByTestId('catalog-code') });
  await codeItem
    .locator('.el-form-item__error')
    .getByText(/该领域已有此代码的服务事项/)
    .waitFor();
  assert.equal(await dialog.locator('.el-alert').count(), 0);
  assert.ok(await dialog.isVisible());

  await dialog.getByTestId('catalog-code').fill('policy_outreach');
  await page.getByTestId('catalog-create-submit').click();
  await dialog.waitFor({ state: 'hidden' });
  const item = page.getByTestId('catalog-item-social_assistance-policy_outreach');
  await item.waitFor();
  assert.equal(await item.innerText(), '政策宣传');
  const row = page.getByRole('row').filter({ has: item });
  assert.match(await row.innerText(), /政策宣传[\s\S]*宣传社会救助政策[\s\S]*全国/);

  const admin = await apiSession(server.url, 'admin', server.adminPassword);
  const catalog = await admin('GET', '/catalog');
  const added = catalog.body.areas
    .find((a) => a.code === 'social_assistance')
    .items.find((i) => i.code === 'policy_outreach');
  assert.equal(added.division_code, null);
  assert.equal(added.name_en, 'Policy outreach');
  await assertAccessible(page, 'catalog after adding');

  assert.deepEqual(problems, []);
});
