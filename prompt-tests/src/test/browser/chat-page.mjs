// Drives Debian's chromium through the chat page like a person would (run by ChatPageBrowserTest).
// Usage: node chat-page.mjs <server base URL ending with /> <chatbot name> <screenshot path>
// Exits 0 when every step passed; otherwise prints the failed step and exits 1.
import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const [baseUrl, chatbot, screenshot] = process.argv.slice(2);
if (!baseUrl || !chatbot || !screenshot) {
  console.error("usage: node chat-page.mjs <base URL> <chatbot> <screenshot.png>");
  process.exit(2);
}
const CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const TIMEOUT_MS = 45_000; // generous: CI machines have two cores shared with the build
const GREETING = "Hello there, who are you?";
const CALCULATION = "What is 1234 * 5678?";
const PRODUCT = String(1234 * 5678);

// Selectors of @smarter.sh/ui-chat 0.3.0 (chatscope markup).
const HEADER = ".cs-conversation-header__user-name";
const INPUT = ".cs-message-input__content-editor";
const USER_MESSAGES = "section.cs-message--outgoing[aria-label^='user:'] .cs-message__html-content";
const ASSISTANT_MESSAGES = "section.cs-message--incoming[aria-label^='assistant:'] .cs-message__html-content";
const STATUS_LINES = "section.smarter-message";
const NEW_CHAT = "button[title='Start a new chat']";
const ERROR_MODAL = ".ReactModal__Content";

let step = "start";
const log = (text) => console.log(`[browser] ${text}`);
const fail = (message) => {
  throw new Error(message);
};

async function waitForHeader(page) {
  // The title reads "Configuring workbench..." until the configuration object has been applied.
  await page.locator(HEADER, { hasText: / v\d+\.\d+\.\d+/ }).waitFor({ timeout: TIMEOUT_MS });
}

async function send(page, text) {
  await page.locator(INPUT).click();
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
}

async function texts(page, selector) {
  return (await page.locator(selector).allInnerTexts()).map((t) => t.trim());
}

async function sessionCookie(context) {
  const cookie = (await context.cookies()).find((c) => c.name === "session_key");
  return cookie ? cookie.value : "";
}

async function expectNoErrorModal(page) {
  if (await page.locator(ERROR_MODAL).count()) {
    fail(`an error dialog is open: ${await page.locator(ERROR_MODAL).innerText()}`);
  }
}

async function run(context) {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") log(`console ${m.type()}: ${m.text().slice(0, 300)}`);
  });
  page.on("pageerror", (e) => log(`page error: ${e.message}`));
  page.on("response", (r) => {
    if (r.status() >= 400) log(`HTTP ${r.status()} for ${r.request().method()} ${r.url()}`);
  });

  step = "open the chat page";
  await page.goto(new URL(`chat/${chatbot}/`, baseUrl).toString());
  await waitForHeader(page);
  log(`header: ${(await page.locator(HEADER).innerText()).trim()}`);
  if ((await texts(page, USER_MESSAGES)).length) fail("a new page already shows user messages");

  step = "ask a first question";
  await send(page, GREETING);
  await page.locator(ASSISTANT_MESSAGES, { hasText: `You said: ${GREETING}` }).waitFor({ timeout: TIMEOUT_MS });
  log("the assistant answered the greeting");

  step = "ask for a calculation";
  await send(page, CALCULATION);
  await page.locator(STATUS_LINES, { hasText: "called this tool: calculator" }).waitFor({ timeout: TIMEOUT_MS });
  await page.locator(ASSISTANT_MESSAGES, { hasText: PRODUCT }).waitFor({ timeout: TIMEOUT_MS });
  await expectNoErrorModal(page);
  log(`the calculator tool line and the result ${PRODUCT} are shown`);
  const keyBefore = await sessionCookie(context);
  if (!/^[0-9a-f]{64}$/.test(keyBefore)) fail(`no session_key cookie after prompting (got "${keyBefore}")`);

  step = "reload and see the conversation restored from the server";
  await page.reload();
  await waitForHeader(page);
  await page.locator(ASSISTANT_MESSAGES, { hasText: PRODUCT }).waitFor({ timeout: TIMEOUT_MS });
  const users = await texts(page, USER_MESSAGES);
  const answers = await texts(page, ASSISTANT_MESSAGES);
  if (users.join("|") !== [GREETING, CALCULATION].join("|")) fail(`restored questions: ${JSON.stringify(users)}`);
  if (!answers.some((a) => a.includes(`You said: ${GREETING}`))) fail(`restored answers: ${JSON.stringify(answers)}`);
  if (!answers.some((a) => a.includes(PRODUCT))) fail(`restored answers lack ${PRODUCT}: ${JSON.stringify(answers)}`);
  if (!(await page.locator(STATUS_LINES, { hasText: "calculator" }).count())) fail("the tool line was not restored");
  if ((await sessionCookie(context)) !== keyBefore) fail("reloading changed the session key");
  mkdirSync(path.dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot, fullPage: true });
  log(`restored ${users.length} questions and ${answers.length} assistant messages; screenshot ${screenshot}`);

  step = "start a new chat";
  await page.locator(NEW_CHAT).click();
  await page.waitForFunction(
    (selector) => document.querySelectorAll(selector).length === 0, USER_MESSAGES, { timeout: TIMEOUT_MS });
  await waitForHeader(page);
  const deadline = Date.now() + TIMEOUT_MS;
  let keyAfter = await sessionCookie(context);
  while ((keyAfter === "" || keyAfter === keyBefore) && Date.now() < deadline) {
    await page.waitForTimeout(100);
    keyAfter = await sessionCookie(context);
  }
  if (!/^[0-9a-f]{64}$/.test(keyAfter) || keyAfter === keyBefore) {
    fail(`the new chat did not get a new session key (before ${keyBefore}, after "${keyAfter}")`);
  }
  const introAnswers = await texts(page, ASSISTANT_MESSAGES);
  if (introAnswers.some((a) => a.includes(PRODUCT) || a.includes("You said:"))) {
    fail(`the new chat still shows the old answers: ${JSON.stringify(introAnswers)}`);
  }
  if (!introAnswers.length) fail("the new chat shows no intro (welcome) message");
  await expectNoErrorModal(page);
  log(`new chat: intro only (${introAnswers.length} assistant messages), new session key ${keyAfter.slice(0, 8)}…`);
}

const userDataDir = mkdtempSync(path.join(tmpdir(), "chat-page-chromium-"));
let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1100, height: 900 },
  });
  await run(context);
  log("all steps passed");
} catch (e) {
  console.error(`[browser] FAILED at step "${step}": ${e.message.split("\n")[0]}`);
  process.exitCode = 1;
} finally {
  if (context) await context.close().catch(() => {});
  rmSync(userDataDir, { recursive: true, force: true });
}
