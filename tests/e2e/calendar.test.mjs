// calendar.test.mjs — the working-day calendar in a real browser (R-PROC-3),
// 1,024 px wide: init imports the holidays fixture (tests/fixtures/holidays,
// 2025 and 2026) through SHEGONG_HOLIDAYS_DIR. The system administrator
// (calendar.edit) finds 春节 in the list and the month grids of 2025, adds
// a local holiday of 綦江区 (refused on the form while blank, then by the
// server for a second day of the same date), sees it in the list and the
// grid, counts the end of a public notice across Spring Festival with it,
// reads the hint of `shegong import holidays` for a year never imported,
// and removes the day. A civil affairs clerk reads the calendar without
// the add and remove controls. axe runs on each state and open dialog.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import {
  DIVISIONS_FIXTURE,
  HOLIDAYS_FIXTURE,
  apiSession,
  launchBrowser,
  seriousViolations,
  startServer,
  staffAccount,
} from "./harness.mjs";

const TIMEOUT = 10_000;
const VIEWPORT = { width: 1024, height: 800 };
const CLERK_PASSWORD = "Correct-Horse-Battery-Staple-cal";
const LOCAL = "綦江区地方假日";

let server;
let browser;
let context;

before(async () => {
  server = await startServer({
    env: { SHEGONG_HOLIDAYS_DIR: HOLIDAYS_FIXTURE },
  });
  browser = await launchBrowser();
  await server.cli(["import", "divisions", "--from", DIVISIONS_FIXTURE]);
  const admin = await apiSession(server.url, "admin", server.adminPassword);
  const made = await staffAccount(server, admin, {
    username: "wu.shi",
    display_name: "吴十",
    role: "civil_affairs",
    password: CLERK_PASSWORD,
    scope: { divisions: ["500110"] },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

async function assertAccessible(page, what) {
  assert.deepEqual(await seriousViolations(page), [], `axe on ${what}`);
}

/** Open an el-select and pick the option named `name`. */
async function choose(page, select, name) {
  await select.click();
  await page.getByRole("option", { name }).click();
}

/** Type a day into a DateField (its input) and take it. */
async function typeDate(field, date) {
  const input = field.locator("input");
  await input.fill(date);
  await input.press("Enter");
}

/** The form item (label, input and error) holding the element `testid`. */
function formItem(scope, page, testid) {
  return scope
    .locator(".el-form-item")
    .filter({ has: page.getByTestId(testid) });
}

async function newPage(problems) {
  const page = await context.newPage();
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("console", (msg) => {
    if (
      msg.type() === "error" &&
      !msg.text().startsWith("Failed to load resource")
    ) {
      problems.push(`console: ${msg.text()}`);
    }
  });
  return page;
}

async function signIn(page, username, password) {
  await page.goto("/login");
  await page.getByTestId("login-username").fill(username);
  await page.getByTestId("login-password").fill(password);
  await page.getByTestId("login-submit").click();
  await page.getByTestId("header-user").waitFor();
}

/** Nothing on the page is wider than the window. */
async function assertFits(page, what) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(
    width <= VIEWPORT.width,
    `${what}: ${width} px wide in a ${VIEWPORT.width} px window`,
  );
}

test("calendar: 春节 of 2025, a local holiday added, a notice counted, removed", async () => {
  context = await browser.newContext({
    baseURL: server.url,
    locale: "zh-CN",
    viewport: VIEWPORT,
  });
  context.setDefaultTimeout(TIMEOUT);
  const problems = [];
  const page = await newPage(problems);
  const posts = [];
  page.on("request", (req) => {
    if (req.method() === "POST" && req.url().endsWith("/api/v1/calendar/days"))
      posts.push(1);
  });
  await signIn(page, "admin", server.adminPassword);

  await page.getByTestId("menu-calendar").click();
  await page.waitForURL("**/calendar");
  assert.equal(await page.title(), "工作日历 - 社会工作服务管理系统");
  await page
    .getByTestId("calendar-years")
    .getByText("已导入：2025—2026 年")
    .waitFor();

  // The year is in the address: 2025, national days only.
  await choose(page, page.getByTestId("calendar-year"), "2025 年");
  await page.waitForURL("**/calendar?year=2025");
  const table = page.getByTestId("calendar-table");
  await page.getByTestId("calendar-total").getByText("共 33 天").waitFor();
  const eve = table
    .locator("tr")
    .filter({ has: page.getByTestId("calendar-day-2025-01-28-national") });
  assert.match(
    await eve.innerText(),
    /2025-01-28\s+周二\s+节假日\s+春节\s+全国\s+全国安排（国务院办公厅通知）/,
  );
  const makeup = table
    .locator("tr")
    .filter({ has: page.getByTestId("calendar-day-2025-02-08-national") });
  assert.match(await makeup.innerText(), /周六\s+调休上班日\s+春节/);
  assert.equal(
    await table.getByText("春节", { exact: true }).count(),
    10,
    "8 days off, 2 worked",
  );
  await assertFits(page, "the list");
  await assertAccessible(page, "the list of 2025");

  // The month grids: 休 on the holidays, 班 on the worked Saturday, names below.
  await page.getByRole("tab", { name: "月历" }).click();
  const january = page.getByTestId("calendar-month-1");
  await january.waitFor();
  const jan28 = january.locator('td[data-date="2025-01-28"]');
  assert.match(await jan28.getAttribute("class"), /is-holiday/);
  assert.equal(await jan28.locator(".mark").innerText(), "休");
  assert.equal(
    await jan28.locator(".visually-hidden").innerText(),
    "春节（节假日）",
  );
  assert.match(
    await page.locator('td[data-date="2025-01-26"]').getAttribute("class"),
    /is-makeup/,
  );
  assert.match(
    await page.locator('td[data-date="2025-03-01"]').getAttribute("class"),
    /is-weekend/,
  );
  assert.match(
    await page.getByTestId("calendar-notes-1").innerText(),
    /28—31 日 春节（节假日）/,
  );
  assert.match(
    await page.getByTestId("calendar-notes-2").innerText(),
    /1—4 日 春节（节假日）/,
  );
  assert.match(
    await page.getByTestId("calendar-notes-2").innerText(),
    /8 日 春节（调休上班日）/,
  );
  await assertFits(page, "the month grids");
  await assertAccessible(page, "the month grids of 2025");

  // Add a local holiday: blank fields refused on the form, nothing sent.
  await page.getByTestId("calendar-add").click();
  const dialog = page.getByRole("dialog", { name: "添加地方节假日或上班日" });
  await dialog.waitFor();
  await page.getByTestId("calendar-add-submit").click();
  await formItem(dialog, page, "calendar-add-name")
    .getByText("请填写名称")
    .waitFor();
  await formItem(dialog, page, "calendar-add-date")
    .getByText("请选择日期")
    .waitFor();
  assert.equal(posts.length, 0);
  await assertAccessible(page, "the add dialog with its errors");

  await typeDate(dialog.getByTestId("calendar-add-date"), "2025-02-05");
  await dialog.getByTestId("calendar-add-name").fill(LOCAL);
  await dialog.getByTestId("calendar-add-division").click();
  await page.keyboard.type("綦江");
  await page.getByRole("option", { name: /綦江区（500110）/ }).click();
  await page.getByTestId("calendar-add-submit").click();
  await dialog.waitFor({ state: "hidden" });
  assert.equal(posts.length, 1);
  // The page moves to the day's division, where it applies.
  await page.waitForURL(/\/calendar\?year=2025&division=500110$/);
  await page.getByTestId("calendar-total").getByText("共 34 天").waitFor();
  const local = page.locator('td[data-date="2025-02-05"]');
  assert.match(await local.getAttribute("class"), /is-local/);
  assert.match(
    await page.getByTestId("calendar-notes-2").innerText(),
    /5 日 綦江区地方假日（节假日，綦江区地方安排）/,
  );

  await page.getByRole("tab", { name: "节假日安排" }).click();
  const row = table
    .locator("tr")
    .filter({ has: page.getByTestId("calendar-day-2025-02-05-500110") });
  assert.match(
    await row.innerText(),
    new RegExp(`周三\\s+节假日\\s+${LOCAL}\\s+綦江区\\s+地方安排`),
  );
  // the national 2025-02-05 stays a working day: no row of that date besides
  assert.equal(
    await page.getByTestId("calendar-day-2025-02-05-national").count(),
    0,
  );

  // The same date again: the server's refusal on the date field.
  await page.getByTestId("calendar-add").click();
  await dialog.waitFor();
  // it starts from the division the page shows
  assert.match(
    await dialog.getByTestId("calendar-add-division").innerText(),
    /綦江区（500110）/,
  );
  await typeDate(dialog.getByTestId("calendar-add-date"), "2025-02-05");
  await dialog.getByTestId("calendar-add-name").fill("重复");
  await page.getByTestId("calendar-add-submit").click();
  await formItem(dialog, page, "calendar-add-date")
    .locator(".el-form-item__error")
    .getByText("该行政区划这一天已有节假日安排")
    .waitFor();
  assert.equal(posts.length, 2);
  await assertAccessible(page, "the add dialog with the server's refusal");
  await dialog.getByRole("button", { name: "取消" }).click();
  await dialog.waitFor({ state: "hidden" });

  // Five working days after 2025-01-27 in 綦江区: 01-28 … 02-05 off, Saturday 02-08 worked.
  const counter = page.getByTestId("calendar-count");
  await typeDate(page.getByTestId("calendar-count-from"), "2025-01-27");
  await page.getByTestId("calendar-count-days").locator("input").fill("5");
  await page.getByTestId("calendar-count-submit").click();
  await counter
    .getByText(
      "2025-01-27 之后第 5 个工作日为 2025-02-11（周二），期限至该日结束。",
    )
    .waitFor();

  // Into a year never imported: the server's message and what to run.
  await typeDate(page.getByTestId("calendar-count-from"), "2026-12-28");
  await page.getByTestId("calendar-count-submit").click();
  await page
    .getByTestId("calendar-count-error")
    .getByText("该年份的节假日安排尚未导入（2027 年）")
    .waitFor();
  assert.match(
    await page.getByTestId("calendar-count-hint").innerText(),
    /shegong import holidays/,
  );
  assert.equal(await page.getByTestId("calendar-count-result").count(), 0);
  await assertAccessible(page, "the counter with an error");

  // Remove the local day: confirmed, gone, 33 days again.
  await page.locator(`[data-testid^="calendar-remove-"]`).click();
  const confirm = page.getByRole("dialog", { name: "删除地方安排" });
  await confirm
    .getByText(`确定删除 2025-02-05 的“${LOCAL}”（綦江区）吗？`)
    .waitFor();
  await assertAccessible(page, "the removal confirmation");
  await confirm.getByRole("button", { name: "删除" }).click();
  await page.getByTestId("calendar-total").getByText("共 33 天").waitFor();
  assert.equal(
    await page.getByTestId("calendar-day-2025-02-05-500110").count(),
    0,
  );

  // A year never imported: the page says so and what to run.
  await choose(page, page.getByTestId("calendar-year"), "2027 年（未导入）");
  await page.waitForURL(/year=2027/);
  const warning = page.getByTestId("calendar-not-imported");
  await warning
    .getByText(/2027 年的节假日安排尚未导入.*shegong import holidays/)
    .waitFor();
  await page.getByTestId("calendar-total").getByText("共 0 天").waitFor();
  await assertAccessible(page, "a year never imported");

  assert.deepEqual(problems, []);
  await page.close();
});

test("calendar: a clerk without calendar.edit reads it, with no add or remove", async () => {
  const problems = [];
  const page = await newPage(problems);
  await page.context().clearCookies();
  await signIn(page, "wu.shi", CLERK_PASSWORD);
  await page.goto("/calendar?year=2026");
  await page.getByTestId("calendar-total").getByText("共 39 天").waitFor();
  const sf = page
    .getByTestId("calendar-table")
    .locator("tr")
    .filter({ has: page.getByTestId("calendar-day-2026-02-16-national") });
  assert.match(await sf.innerText(), /春节/);
  assert.equal(await page.getByTestId("calendar-add").count(), 0);
  assert.equal(
    await page.locator('[data-testid^="calendar-remove-"]').count(),
    0,
  );
  await assertAccessible(page, "the list as a clerk");
  assert.deepEqual(problems, []);
  await page.close();
});
