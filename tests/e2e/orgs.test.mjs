// orgs.test.mjs — organisations and their eligibility in a real browser:
// an admin registers one through the dialog (a wrong USCC refused on the
// field before anything is sent, a taken one refused by the server on the
// same field); a civil affairs clerk opens it, reads the eligibility panel
// rule by rule, adds documents until it passes, gives the county its own
// rule set and raises a threshold until it fails, sees an individual's ID
// number with a reason, and exports the filtered list as CSV. axe runs on
// every page and open dialog.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  apiSession,
  launchBrowser,
  seriousViolations,
  staffAccount,
  startServer,
} from './harness.mjs';
import { idNumber, uscc } from '../lib/codes.mjs';

const TIMEOUT = 10_000;
const FIXTURE = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'fixtures/divisions');
const CIVIL_PASSWORD = 'Correct-Horse-Battery-Staple-org';
const TAKEN_USCC = uscc('91', '500110', 1); // an enterprise's (R-ORG-2)
const NEW_USCC = uscc('52', '500110', 2);
const NEW_NAME = '綦江区暖心社会工作服务中心';
const PERSON_ID = idNumber('500110', '19850315', 427);

let server;
let browser;
let admin; // API client, for setting up data
let orgId; // the organisation the admin registers through the UI
const contexts = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await server.cli(['import', 'divisions', '--from', FIXTURE]);
  admin = await apiSession(server.url, 'admin', server.adminPassword);
  const made = await staffAccount(server, admin, {
    username: 'sun.ba',
    display_name: '孙八',
    role: 'civil_affairs',
    password: CIVIL_PASSWORD,
    scope: { divisions: ['500110'] },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const taken = await admin('POST', '/orgs', {
    type: 'enterprise',
    name: '綦江区已登记社工服务有限公司',
    uscc: TAKEN_USCC,
    division_code: '500110',
  });
  assert.equal(taken.status, 201, JSON.stringify(taken.body));
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

/** Open an el-select and pick the option named `name`. */
async function choose(page, select, name) {
  await select.click();
  await page.getByRole('option', { name }).click();
}

/** The form item (label, input and error) holding the element `testid`. */
function formItem(scope, page, testid) {
  return scope.locator('.el-form-item').filter({ has: page.getByTestId(testid) });
}

/** The eligibility table's row of rule `code`, e.g. provider.full_time_staff. */
function ruleResult(page, code) {
  return page.getByTestId(`eligibility-result-${code}`);
}

// The individual's test runs beside the others (a browser context each):
// it shares no data with them, and axe makes each of them slow.
describe('organisations', { concurrency: true }, () => {
  describe('register, check eligibility, change a rule, export', { concurrency: 1 }, () => {
    test('orgs: an admin registers an organisation; codes checked on the field', async () => {
      const problems = [];
      const page = await newPage(problems);
      const posts = [];
      page.on('request', (req) => {
        if (req.method() === 'POST' && req.url().endsWith('/api/v1/orgs')) posts.push(req.url());
      });
      await login(page, 'admin', server.adminPassword);

      await page.getByTestId('menu-orgs').click();
      await page.waitForURL('**/orgs');
      assert.equal(await page.title(), '组织机构 - 社会工作服务管理系统');
      const table = page.getByTestId('orgs-table');
      await table.getByText('綦江区已登记社工服务有限公司').waitFor();
      assert.match(
        await table.innerText(),
        new RegExp(`企业[\\s\\S]*${TAKEN_USCC}[\\s\\S]*綦江区`),
      );
      await assertAccessible(page, 'organisations page');

      await page.getByTestId('org-create').click();
      const dialog = page.getByRole('dialog', { name: '登记组织' });
      await dialog.waitFor();
      await assertAccessible(page, 'register dialog');

      // An individual is asked for an ID number instead of a USCC.
      await choose(page, dialog.getByTestId('org-form-type'), '个人');
      await dialog.getByTestId('org-form-id-number').fill(PERSON_ID.slice(0, 17) + '0');
      assert.equal(await dialog.getByTestId('org-form-uscc').count(), 0);
      await page.getByTestId('org-form-submit').click();
      await formItem(dialog, page, 'org-form-id-number')
        .getByText('公民身份号码校验码（第 18 位）不正确')
        .waitFor();

      // Any other type: a USCC, its check character checked before sending.
      await choose(page, dialog.getByTestId('org-form-type'), '社会组织');
      assert.equal(await dialog.getByTestId('org-form-id-number').count(), 0);
      await dialog.getByTestId('org-form-name').fill(NEW_NAME);
      const wrong = NEW_USCC.slice(0, 17) + (NEW_USCC[17] === '0' ? '1' : '0');
      await dialog.getByTestId('org-form-uscc').fill(wrong);
      await dialog.getByTestId('org-form-division').click();
      await page.keyboard.type('綦江');
      await page.getByRole('option', { name: /綦江区（500110）/ }).click();
      await page.getByTestId('org-form-submit').click();
      const usccItem = formItem(dialog, page, 'org-form-uscc');
      await usccItem.getByText('统一社会信用代码校验码（第 18 位）不正确').waitFor();
      await dialog.getByTestId('org-form-uscc').fill(NEW_USCC.slice(0, 17) + 'j');
      await page.getByTestId('org-form-submit').click();
      await usccItem.getByText('统一社会信用代码第 18 位是小写字母，字母应大写').waitFor();
      assert.deepEqual(posts, [], 'nothing sent while the form is wrong');

      // An enterprise's code on a social organisation: the server's message
      // (R-ORG-2, the first two characters against the type) on the field.
      await dialog.getByTestId('org-form-uscc').fill(TAKEN_USCC);
      await page.getByTestId('org-form-submit').click();
      await usccItem
        .locator('.el-form-item__error')
        .getByText(/“91”与组织类型“社会组织”不符/)
        .waitFor();
      assert.equal(posts.length, 1);

      // A code already registered: the server's message on the same field.
      await choose(page, dialog.getByTestId('org-form-type'), '企业');
      await page.getByTestId('org-form-submit').click();
      await usccItem.locator('.el-form-item__error').getByText('该组织已登记').waitFor();
      assert.equal(posts.length, 2);
      assert.ok(await dialog.isVisible());
      await choose(page, dialog.getByTestId('org-form-type'), '社会组织');

      // The facts: enough staff, but no documents on file yet.
      await dialog.getByTestId('org-form-uscc').fill(NEW_USCC);
      // The day comes from a calendar; a day that does not exist, typed in,
      // is not taken.
      const registeredOn = dialog.getByTestId('org-form-registered-on').locator('input');
      await registeredOn.click();
      await page.locator('.el-date-picker').filter({ visible: true }).waitFor();
      await registeredOn.fill('2018-02-30');
      await registeredOn.press('Enter');
      await dialog.getByTestId('org-form-uscc').click();
      assert.equal(await registeredOn.inputValue(), '');
      await registeredOn.fill('2018-03-01');
      await registeredOn.press('Enter');
      await dialog.getByTestId('org-form-business-scope').fill('社会工作服务、社区服务');
      await dialog.getByTestId('org-form-full_time_staff').locator('input').fill('5');
      await dialog.getByTestId('org-form-qualified_social_workers').locator('input').fill('2');
      await dialog.getByTestId('org-form-tax').click();
      await dialog.getByTestId('org-form-insurance').click();
      await page.getByTestId('org-form-submit').click();
      await dialog.waitFor({ state: 'hidden' });

      const row = table.getByRole('row').filter({ hasText: NEW_NAME });
      await row.waitFor();
      assert.match(
        await row.innerText(),
        new RegExp(`社会组织[\\s\\S]*${NEW_USCC}[\\s\\S]*有效[\\s\\S]*5 / 2`),
      );
      const list = await admin('GET', `/orgs?q=${encodeURIComponent('暖心社会')}`);
      orgId = list.body.items[0].id;
      assert.equal(list.body.items[0].business_scope, '社会工作服务、社区服务');
      assert.equal(list.body.items[0].tax_record_clean, true);
      assert.equal(list.body.items[0].dishonest, false);
      assert.deepEqual(problems, []);
    });

    test('orgs: a civil affairs clerk checks eligibility, adds documents, changes a rule', async () => {
      assert.ok(orgId, 'the organisation of the previous test');
      const problems = [];
      const page = await newPage(problems);
      await login(page, 'sun.ba', CIVIL_PASSWORD);

      await page.getByTestId('menu-orgs').click();
      await page.getByTestId(`org-link-${orgId}`).click();
      await page.waitForURL(`**/orgs/${orgId}`);
      await page.getByRole('heading', { name: NEW_NAME, level: 1 }).waitFor();
      assert.match(
        await page.getByTestId('org-facts').innerText(),
        /社会组织[\s\S]*綦江区（500110）/,
      );

      // Provider (the default tab): staff enough, documents missing.
      const verdict = page.getByTestId('eligibility-verdict-word');
      await verdict.getByText('不符合', { exact: true }).waitFor();
      assert.match(await page.getByTestId('eligibility-rule-set').innerText(), /全国默认规则/);
      assert.equal(await ruleResult(page, 'provider.full_time_staff').innerText(), '通过');
      assert.equal(await ruleResult(page, 'provider.governance_documents').innerText(), '未通过');
      assert.equal(await ruleResult(page, 'provider.finance_documents').innerText(), '未通过');
      const staffRow = page
        .getByTestId('eligibility-rules')
        .getByRole('row')
        .filter({ has: page.getByTestId('eligibility-rule-provider.full_time_staff') });
      assert.match(await staffRow.innerText(), /专职人员数[\s\S]*5[\s\S]*≥ 3[\s\S]*通过/);
      await assertAccessible(page, 'organisation detail');

      // A governance document turns its rule to pass; a finance one the verdict.
      await page.getByTestId('document-add').click();
      const docDialog = page.getByRole('dialog', { name: '添加在案文件' });
      await docDialog.waitFor();
      await assertAccessible(page, 'document dialog');
      await choose(page, docDialog.getByTestId('document-kind'), '治理制度文件');
      await docDialog.getByTestId('document-title').fill('章程及理事会议事规则');
      await docDialog.getByTestId('document-issued-on').locator('input').fill('2019-05-01');
      await docDialog.getByTestId('document-issued-on').locator('input').press('Enter');
      await page.getByTestId('document-submit').click();
      await docDialog.waitFor({ state: 'hidden' });
      await page.getByTestId('org-documents').getByText('章程及理事会议事规则').waitFor();
      await ruleResult(page, 'provider.governance_documents')
        .getByText('通过', { exact: true })
        .waitFor();
      await verdict.getByText('不符合', { exact: true }).waitFor();

      await page.getByTestId('document-add').click();
      await docDialog.waitFor();
      await choose(page, docDialog.getByTestId('document-kind'), '财务管理制度');
      await docDialog.getByTestId('document-title').fill('财务管理办法');
      await page.getByTestId('document-submit').click();
      await docDialog.waitFor({ state: 'hidden' });
      await verdict.getByText('符合', { exact: true }).waitFor();
      assert.match(
        await page.getByTestId('eligibility-summary').innerText(),
        /11 项条件通过，0 项未通过/,
      );

      // A social organisation is reviewed only as a provider: the server
      // names the roles its type can hold, and the choice offers no other.
      const roleChoices = page.getByTestId('eligibility-role').locator('.el-radio-button');
      assert.deepEqual(
        (await roleChoices.allInnerTexts()).map((s) => s.trim()),
        ['承接主体'],
      );
      assert.equal(await page.getByTestId('eligibility-role-purchaser').count(), 0);

      // The edit dialog holds the facts as they are.
      await page.getByTestId('org-edit').click();
      const editDialog = page.getByRole('dialog', { name: `编辑组织：${NEW_NAME}` });
      await editDialog.waitFor();
      assert.equal(
        await editDialog.getByTestId('org-form-full_time_staff').locator('input').inputValue(),
        '5',
      );
      await assertAccessible(page, 'edit dialog');
      await editDialog.getByRole('button', { name: '取消' }).click();
      await editDialog.waitFor({ state: 'hidden' });

      // 资格规则: the county gets its own set and a stricter staff rule.
      await page.getByTestId('menu-eligibilityRules').click();
      await page.waitForURL('**/eligibility-rules');
      await page.getByTestId('rule-set-national').waitFor();
      assert.equal(
        await page.getByTestId('rule-set-national').getByRole('button', { name: '修改' }).count(),
        0,
        'the national rules are the administrator’s',
      );
      await assertAccessible(page, 'eligibility rules page');

      await page.getByTestId('rule-set-create').click();
      const setDialog = page.getByRole('dialog', { name: '新建地区规则集' });
      await setDialog.waitFor();
      // The clerk's county is proposed.
      await setDialog.getByText('綦江区（500110）').waitFor();
      await setDialog.getByTestId('rule-set-code').fill('qijiang');
      await setDialog.getByTestId('rule-set-name-zh').fill('綦江区资格条件');
      await setDialog.getByTestId('rule-set-name-en').fill('Qijiang eligibility rules');
      await setDialog.getByTestId('rule-set-source').fill('綦江区民政局通知（测试）');
      await assertAccessible(page, 'rule set dialog');
      await page.getByTestId('rule-set-submit').click();
      await setDialog.waitFor({ state: 'hidden' });
      const qijiang = page.getByTestId('rule-set-qijiang');
      await qijiang.waitFor();
      const staffRequirement = page.getByTestId(
        'rule-requirement-qijiang-provider.full_time_staff',
      );
      assert.equal(await staffRequirement.innerText(), '≥ 3');

      await page.getByTestId('rule-edit-qijiang-provider.full_time_staff').click();
      const ruleDialog = page.getByRole('dialog', { name: '修改条件：专职人员数' });
      await ruleDialog.waitFor();
      await assertAccessible(page, 'rule dialog');
      await ruleDialog.getByTestId('rule-expected-number').locator('input').fill('10');
      await ruleDialog.getByTestId('rule-clause').fill('綦江区通知第三条');
      await ruleDialog.getByTestId('rule-description-zh').fill('专职工作人员不少于 10 名');
      await page.getByTestId('rule-submit').click();
      await ruleDialog.waitFor({ state: 'hidden' });
      await staffRequirement.getByText('≥ 10').waitFor();

      // Back on the organisation: the county's rules decide, and it fails.
      await page.goto(`/orgs/${orgId}`);
      await ruleResult(page, 'provider.full_time_staff').getByText('未通过').waitFor();
      await verdict.getByText('不符合', { exact: true }).waitFor();
      assert.match(await page.getByTestId('eligibility-rule-set').innerText(), /綦江区资格条件/);
      assert.match(
        await staffRow.innerText(),
        /专职工作人员不少于 10 名[\s\S]*5[\s\S]*≥ 10[\s\S]*未通过[\s\S]*綦江区通知第三条/,
      );

      // The list filtered to eligible providers leaves it out now.
      await page.goto('/orgs');
      await page.getByTestId(`org-link-${orgId}`).waitFor();
      await choose(page, page.getByTestId('orgs-eligible-filter'), '可作为承接主体');
      await page.getByTestId(`org-link-${orgId}`).waitFor({ state: 'detached' });
      assert.deepEqual(problems, []);
    });

    test('orgs: the export carries the filters', async () => {
      const problems = [];
      const page = await newPage(problems);
      await login(page, 'sun.ba', CIVIL_PASSWORD);
      await page.goto('/orgs');
      await choose(page, page.getByTestId('orgs-type-filter'), '社会组织');
      await page.getByTestId('orgs-table').getByText('綦江区已登记社工服务有限公司').waitFor({
        state: 'detached',
      });
      // Fetched with the list's filters and saved under a Chinese name:
      // what, where (the clerk's county) and the day.
      const link = page.getByTestId('orgs-export-csv');
      const [download, request] = await Promise.all([
        page.waitForEvent('download'),
        page.waitForRequest(/\/api\/v1\/orgs\/export/),
        link.click(),
      ]);
      assert.match(new URL(request.url()).search, /^\?type=social_org&format=csv$/);
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
        new Date(),
      );
      assert.equal(download.suggestedFilename(), `组织机构_綦江区_${today}.csv`);
      const [xlsx, xlsxRequest] = await Promise.all([
        page.waitForEvent('download'),
        page.waitForRequest(/\/api\/v1\/orgs\/export/),
        page.getByTestId('orgs-export-xlsx').click(),
      ]);
      assert.match(xlsxRequest.url(), /type=social_org&format=xlsx/);
      assert.equal(xlsx.suggestedFilename(), `组织机构_綦江区_${today}.xlsx`);
      const csv = await readFile(await download.path(), 'utf8');
      const lines = csv
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      assert.match(lines[0], /^编号 ID,名称 Name,类型 Type/);
      assert.equal(lines.length, 2, csv);
      assert.match(lines[1], new RegExp(`${NEW_NAME},社会组织,${NEW_USCC}`));
      assert.deepEqual(problems, []);
    });
  });

  test('orgs: an individual is masked; the full ID number needs a reason', async () => {
    const civil = await apiSession(server.url, 'sun.ba', CIVIL_PASSWORD);
    const person = await civil('POST', '/orgs', {
      type: 'individual',
      name: '张晓红',
      id_number: PERSON_ID,
      division_code: '500110001',
    });
    assert.equal(person.status, 201, JSON.stringify(person.body));

    const problems = [];
    const page = await newPage(problems);
    await login(page, 'sun.ba', CIVIL_PASSWORD);
    await page.goto(`/orgs/${person.body.id}`);
    await page.getByRole('heading', { name: '张**', level: 1 }).waitFor();
    const code = page.getByTestId('org-code');
    assert.equal(await code.innerText(), `${PERSON_ID.slice(0, 6)}********${PERSON_ID.slice(14)}`);

    await page.getByTestId('org-unmask').click();
    const dialog = page.getByRole('dialog', { name: '查看完整信息' });
    await dialog.waitFor();
    await page.getByTestId('unmask-submit').click();
    await dialog.getByText('请说明查看原因（2 至 200 个字）').waitFor();
    await dialog.getByTestId('unmask-reason').fill('核对承接资格');
    await assertAccessible(page, 'unmask dialog');
    await page.getByTestId('unmask-submit').click();
    assert.equal(await dialog.getByTestId('unmask-id-number').innerText(), PERSON_ID);
    assert.equal(await dialog.getByTestId('unmask-name').innerText(), '张晓红');
    await assertAccessible(page, 'unmask dialog, shown');
    await page.getByTestId('unmask-close').click();
    await dialog.waitFor({ state: 'hidden' });
    // Forgotten once closed: nowhere on the page, not in the list either.
    assert.ok(!(await page.content()).includes(PERSON_ID));
    await page.getByTestId('org-back').click();
    await page.getByTestId(`org-link-${person.body.id}`).waitFor();
    assert.ok(!(await page.content()).includes(PERSON_ID));
    assert.ok(!(await page.content()).includes('张晓红'));
    assert.deepEqual(problems, []);
  });
});
