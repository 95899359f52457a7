// volunteers.test.mjs — the volunteer registry in a real browser (R-SVC-3,
// R-SVC-5): a civil affairs clerk registers a volunteer at 1024 px (a
// wrong ID number refused on the field before anything is sent), sees the
// phone and ID number masked, pairs them with the station's social worker,
// sees them in full with a reason, filters the list (the filter stays in
// the address) and exports it; the hours of two years' service records
// show by year with the services, and 打印证明 opens the certificate; a
// social worker registers one at 375 px, and registering the same ID
// number again opens the existing volunteer instead. axe runs on every
// page and dialog.
//
// The service records are the delivery module's: inserted as rows here
// (sqlite3 on the server's database), as schema/012_delivery.sql has them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import {
  DIVISIONS_FIXTURE,
  apiSession,
  launchBrowser,
  pick,
  seriousViolations,
  staffAccount,
  startServer,
} from './harness.mjs';
import { idNumber, uscc } from '../lib/codes.mjs';

const TIMEOUT = 10_000;
const CIVIL_PASSWORD = 'Correct-Horse-Battery-Staple-vol';
const WORKER_PASSWORD = 'Correct-Horse-Battery-Staple-sw';
const ID_NUMBER = idNumber('500110', '19900708', 731);
const PHONE = '13987650731';
const SW_ID_NUMBER = idNumber('500110', '19951111', 212);

let server;
let browser;
const ids = {};
const contexts = [];

const sqlite = (text) =>
  promisify(execFile)('sqlite3', [server.db, `PRAGMA busy_timeout = 10000; ${text}`]);

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await server.cli(['import', 'divisions', '--from', DIVISIONS_FIXTURE]);
  const admin = await apiSession(server.url, 'admin', server.adminPassword);
  const made = await staffAccount(server, admin, {
    username: 'zhou.jiu',
    display_name: '周九',
    role: 'civil_affairs',
    password: CIVIL_PASSWORD,
    scope: { divisions: ['500110'] },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const civil = await apiSession(server.url, 'zhou.jiu', CIVIL_PASSWORD);
  const ok = async (p, status = 201) => {
    const r = await p;
    assert.equal(r.status, status, JSON.stringify(r.body));
    return r.body;
  };
  ids.ngo = (
    await ok(
      civil('POST', '/orgs', {
        type: 'social_org',
        name: '綦江区同心社会工作服务中心',
        uscc: uscc('52', '500110', 71),
        division_code: '500110',
      }),
    )
  ).id;
  ids.station = (
    await ok(
      civil('POST', '/stations', {
        division_code: '500110001',
        tier: 'township',
        name: '古南街道社会工作服务站',
      }),
    )
  ).id;
  ids.worker = (
    await ok(
      civil('POST', '/social-workers', {
        name: '王晓燕',
        qualification: 'intermediate',
        full_time: true,
        employer_org_id: ids.ngo,
      }),
    )
  ).id;
  await ok(
    civil('POST', `/stations/${ids.station}/staff`, { worker_id: ids.worker, role: 'head' }),
  );
  const sw = await staffAccount(server, admin, {
    username: 'wang.sw',
    display_name: '王晓燕',
    role: 'social_worker',
    password: WORKER_PASSWORD,
    scope: { stations: [ids.station] },
  });
  assert.equal(sw.status, 201, JSON.stringify(sw.body));
  // what the service records name: a project of the bureau, a catalog item
  const bureau = (
    await ok(
      civil('POST', '/orgs', {
        type: 'civil_affairs',
        name: '重庆市綦江区民政局',
        uscc: uscc('11', '500110', 72),
        division_code: '500110',
      }),
    )
  ).id;
  await ok(civil('POST', '/budgets', { department_id: bureau, year: 2026, amount: 100000000 }));
  ids.project = (
    await ok(
      civil('POST', '/projects', {
        name: '古南街道社工站运营项目',
        department_id: bureau,
        year: 2026,
      }),
    )
  ).id;
  const cat = await ok(civil('GET', '/catalog'), 200);
  for (const a of cat.areas)
    for (const i of a.items) if (i.code === 'psychological_support') ids.item = i.id;
});

after(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
});

async function assertAccessible(page, what) {
  assert.deepEqual(await seriousViolations(page), [], `axe on ${what}`);
}

async function newPage(problems, viewport = { width: 1024, height: 768 }) {
  const context = await browser.newContext({
    baseURL: server.url,
    locale: 'zh-CN',
    viewport,
    acceptDownloads: true,
  });
  contexts.push(context);
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource'))
      problems.push(`console: ${msg.text()}`);
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

/** The form item (label, input and error) holding the element `testid`. */
function formItem(scope, page, testid) {
  return scope.locator('.el-form-item').filter({ has: page.getByTestId(testid) });
}

describe('volunteers', { concurrency: 1 }, () => {
  test('a clerk registers a volunteer, pairs them, sees them in full with a reason, filters and exports', async () => {
    const problems = [];
    const page = await newPage(problems);
    const posts = [];
    page.on('request', (req) => {
      if (req.method() === 'POST' && req.url().endsWith('/api/v1/volunteers'))
        posts.push(req.url());
    });
    await login(page, 'zhou.jiu', CIVIL_PASSWORD);
    await page.getByTestId('menu-volunteers').click();
    await page.getByTestId('volunteers-empty').waitFor();
    await page.getByTestId('volunteers-total').getByText('共 0 条').waitFor();
    await assertAccessible(page, 'the empty registry');

    await page.getByTestId('volunteer-register').click();
    const dialog = page.getByRole('dialog', { name: '登记志愿者' });
    await dialog.waitFor();
    await assertAccessible(page, 'the register dialog');
    await dialog.getByTestId('volunteer-form-name').fill('陈志愿');
    await dialog.getByTestId('volunteer-form-phone').fill(PHONE);
    const wrong = ID_NUMBER.slice(0, 17) + (ID_NUMBER[17] === '0' ? '1' : '0');
    await dialog.getByTestId('volunteer-form-id-number').fill(wrong);
    await dialog.getByTestId('volunteer-form-skills').fill('心理疏导、书法');
    await pick(
      page,
      dialog.getByTestId('volunteer-form-stations'),
      /古南街道社会工作服务站/,
      '古南',
    );
    await page.keyboard.press('Escape');
    await dialog.getByTestId('volunteer-form-submit').click();
    await formItem(dialog, page, 'volunteer-form-id-number')
      .locator('.el-form-item__error')
      .waitFor();
    assert.deepEqual(posts, [], 'a wrong ID number is refused before anything is sent');
    await dialog.getByTestId('volunteer-form-id-number').fill(ID_NUMBER);
    await dialog.getByTestId('volunteer-form-submit').click();

    // the volunteer's page opens: masked phone and ID number
    await page.getByTestId('volunteer-name').getByText('陈志愿').waitFor();
    ids.volunteer = Number(/volunteers\/(\d+)/.exec(page.url())[1]);
    const facts = page.getByTestId('volunteer-facts');
    await facts.getByText('139****0731').waitFor();
    await facts.getByText(`500110********${ID_NUMBER.slice(-4)}`).waitFor();
    assert.equal(await page.getByText(PHONE).count(), 0, 'the phone is not shown in clear');
    await page
      .getByTestId('volunteer-stations-table')
      .getByText('古南街道社会工作服务站')
      .waitFor();
    await page.getByTestId('volunteer-hours-total').getByText('还没有志愿服务记录').waitFor();
    await assertAccessible(page, "the volunteer's page");

    // pairing with the station's social worker
    await page.getByTestId('volunteer-pair-add').click();
    const pair = page.getByRole('dialog', { name: '与社工结对' });
    await pair.waitFor();
    await pick(page, pair.getByTestId('volunteer-pair-worker'), /王晓燕/);
    await assertAccessible(page, 'the pairing dialog');
    await pair.getByTestId('volunteer-pair-submit').click();
    await page.getByTestId('volunteer-workers-table').getByText('王晓燕').waitFor();

    // the station dialog (nothing else to join here)
    await page.getByTestId('volunteer-station-add').click();
    const join = page.getByRole('dialog', { name: '加入服务站点' });
    await join.waitFor();
    await assertAccessible(page, 'the station dialog');
    await join.getByRole('button', { name: '取消' }).click();
    await join.waitFor({ state: 'hidden' });

    // in full, with a reason
    await page.getByTestId('volunteer-unmask').click();
    const unmask = page.getByRole('dialog', { name: '查看志愿者完整信息' });
    await unmask.waitFor();
    await unmask.getByTestId('volunteer-unmask-submit').click();
    await unmask.locator('.el-form-item__error').waitFor();
    await unmask.getByTestId('volunteer-unmask-reason').fill('通知参加重阳节活动');
    await unmask.getByTestId('volunteer-unmask-submit').click();
    await unmask.getByTestId('volunteer-unmask-phone').getByText(PHONE).waitFor();
    await unmask.getByTestId('volunteer-unmask-id-number').getByText(ID_NUMBER).waitFor();
    await assertAccessible(page, 'the unmask dialog');
    await unmask.getByTestId('volunteer-unmask-close').click();
    await unmask.waitFor({ state: 'hidden' });
    assert.equal(await page.getByText(PHONE).count(), 0, 'nothing of it stays in the page');

    // the edit dialog
    await page.getByTestId('volunteer-edit').click();
    const edit = page.getByRole('dialog', { name: /编辑志愿者/ });
    await edit.waitFor();
    await edit.getByText('已登记：139****0731').waitFor();
    await assertAccessible(page, 'the edit dialog');
    await edit.getByTestId('volunteer-form-availability').fill('周末上午');
    await edit.getByTestId('volunteer-form-submit').click();
    await edit.waitFor({ state: 'hidden' });
    await page.getByTestId('volunteer-facts').getByText('周末上午').waitFor();

    // the list: names, masks, filters in the address, the total, the export
    await page.getByTestId('volunteer-back').click();
    await page.getByTestId(`volunteer-link-${ids.volunteer}`).waitFor();
    await page.getByTestId('volunteers-skill').fill('书法');
    await page.getByTestId('volunteers-search').click();
    await page.waitForURL(/skill=/);
    await page.getByTestId('volunteers-table').getByText('139****0731').waitFor();
    await page.getByTestId('volunteers-total').getByText('共 1 条').waitFor();
    await pick(page, page.getByTestId('volunteers-status-filter'), '暂停服务');
    await page.waitForURL(/status=inactive/);
    await page.getByTestId('volunteers-empty').waitFor();
    await pick(page, page.getByTestId('volunteers-status-filter'), '在册');
    await page.getByTestId(`volunteer-link-${ids.volunteer}`).waitFor();
    await assertAccessible(page, 'the filtered registry');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('volunteers-export-csv').click(),
    ]);
    assert.match(download.suggestedFilename(), /^志愿者_綦江区_\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    assert.match(csv, /陈\*\*/);
    assert.match(csv, /139\*\*\*\*0731/);
    assert.doesNotMatch(csv, new RegExp(`陈志愿|${PHONE}|${ID_NUMBER}`));
    assert.deepEqual(problems, []);
  });

  test("the hours of the service records by year, the year's services, and the certificate", async () => {
    const record = async (date, minutes, title) => {
      const { stdout } = await sqlite(
        `INSERT INTO service_records (kind, project_id, station_id, worker_id, item_id, served_on, month, minutes, title, participants, created_at, updated_at)` +
          ` VALUES ('activity', ${ids.project}, ${ids.station}, ${ids.worker}, ${ids.item}, '${date}', '${date.slice(0, 7)}', 120, '${title}', 30, 0, 0) RETURNING id;`,
      );
      await sqlite(
        `INSERT INTO record_volunteers (record_id, volunteer_id, minutes) VALUES (${Number(stdout.trim().split('\n').at(-1))}, ${ids.volunteer}, ${minutes});`,
      );
    };
    await record('2025-10-29', 90, '重阳节敬老活动');
    await record('2026-03-05', 100, '学雷锋志愿服务日');
    await record('2026-05-01', 45, '社区义诊');

    const problems = [];
    const page = await newPage(problems);
    await login(page, 'zhou.jiu', CIVIL_PASSWORD);
    await page.goto(`/volunteers/${ids.volunteer}`);
    await page
      .getByTestId('volunteer-hours-total')
      .getByText('累计 3.92 小时，共 3 次服务')
      .waitFor();
    const years = page.getByTestId('volunteer-hours-table');
    await years.getByRole('row', { name: /2026.*2\.42.*2/ }).waitFor();
    await years.getByRole('row', { name: /2025.*1\.5/ }).waitFor();
    const services = page.getByTestId('volunteer-services-table');
    await services.getByText('心理疏导（学雷锋志愿服务日）').waitFor();
    await services.getByText('社区活动').first().waitFor();
    assert.equal(await services.getByText('重阳节敬老活动').count(), 0, 'the newest year first');
    await assertAccessible(page, "the volunteer's hours");

    const print = page.getByTestId('volunteer-print');
    assert.match(
      await print.getAttribute('href'),
      new RegExp(`/api/v1/volunteers/${ids.volunteer}/certificate\\?year=2026$`),
    );
    await pick(page, page.getByTestId('volunteer-services-year'), '2025');
    await services.getByText('心理疏导（重阳节敬老活动）').waitFor();
    assert.match(await print.getAttribute('href'), /year=2025$/);
    const [tab] = await Promise.all([page.context().waitForEvent('page'), print.click()]);
    await tab.waitForLoadState();
    const text = await tab.locator('body').innerText();
    assert.match(text, /志愿服务时长证明/);
    assert.match(text, /陈志愿/);
    assert.match(text, /1\.5 小时/);
    assert.match(text, /2025年01月01日至2025年12月31日/);
    assert.doesNotMatch(text, new RegExp(ID_NUMBER));
    assert.deepEqual(problems, []);
  });

  test('a social worker registers a volunteer on a phone (375 px); the same ID number again opens that volunteer', async () => {
    const problems = [];
    const page = await newPage(problems, { width: 375, height: 740 });
    await login(page, 'wang.sw', WORKER_PASSWORD);
    await page.goto('/volunteers');
    await page.getByTestId('volunteer-register').click();
    const dialog = page.getByRole('dialog', { name: '登记志愿者' });
    await dialog.waitFor();
    const box = await dialog.boundingBox();
    assert.ok(
      box.x >= 0 && box.x + box.width <= 375,
      `the dialog fits the screen: ${JSON.stringify(box)}`,
    );
    await dialog.getByTestId('volunteer-form-name').fill('李居民');
    await dialog.getByTestId('volunteer-form-id-number').fill(SW_ID_NUMBER);
    await dialog.getByTestId('volunteer-form-submit').click();
    // a social worker names the station
    await formItem(dialog, page, 'volunteer-form-stations')
      .locator('.el-form-item__error')
      .waitFor();
    await pick(
      page,
      dialog.getByTestId('volunteer-form-stations'),
      /古南街道社会工作服务站/,
      '古南',
    );
    await page.keyboard.press('Escape');
    await assertAccessible(page, 'the register dialog at 375 px');
    await dialog.getByTestId('volunteer-form-submit').click();
    await page.getByTestId('volunteer-name').getByText('李居民').waitFor();
    const first = page.url();

    // registering the same person again opens them, changing nothing
    await page.getByTestId('volunteer-back').click();
    await page.getByTestId('volunteer-register').click();
    await dialog.waitFor();
    await dialog.getByTestId('volunteer-form-name').fill('李居民');
    await dialog.getByTestId('volunteer-form-id-number').fill(SW_ID_NUMBER);
    await pick(
      page,
      dialog.getByTestId('volunteer-form-stations'),
      /古南街道社会工作服务站/,
      '古南',
    );
    await page.keyboard.press('Escape');
    await dialog.getByTestId('volunteer-form-submit').click();
    await page.getByText('“李居民”已经登记过，已为您打开其档案，未作任何修改').waitFor();
    await page.waitForURL(first);
    assert.deepEqual(problems, []);
  });
});
