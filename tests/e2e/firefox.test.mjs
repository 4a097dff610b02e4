// The page in Firefox ESR (Debian's firefox-esr, driven by puppeteer-core over WebDriver BiDi):
// both shipped scenarios' headline figures equal the CLI's to the penny, a slider moved with the
// keyboard gives the CLI's figures for the scenario it makes, and the funder report and the Excel
// workbook made in the browser are the CLI's report and workbook of that scenario; a bad import leaves the scenario untouched, and a
// good import and per-family records give the CLI's figures; a claim tested on the page is the
// CLI's answer, and a table of one's own overlays the open one (issue 24).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import puppeteer from 'puppeteer-core';
import {
  ROOT, CLI, DIST, startServer, cli, cliValuation, cliFigures, plainFigure, FIGURES, writeTempScenario,
} from './helpers.mjs';

const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const templates = fs.readdirSync(path.join(ROOT, 'crates/socval/scenarios')).filter((f) => f.endsWith('.toml'))
  .map((f) => f.replace(/\.toml$/, '')).sort();

async function figures(page) {
  const out = {};
  for (const id of Object.keys(FIGURES)) {
    const figure = await page.$(`[data-testid="${id}"]`);
    out[id] = figure ? plainFigure(await figure.evaluate((e) => e.textContent)) : null;
  }
  return out;
}

/** Waits until the page's figures equal `want` (they follow an input within a moment). */
async function figuresBecome(page, want) {
  let now;
  for (let i = 0; i < 100; i++) {
    now = await figures(page);
    if (JSON.stringify(now) === JSON.stringify(want)) return now;
    await new Promise((r) => setTimeout(r, 50));
  }
  return now;
}

/** A new tab on the page, once its first figures are there, with the errors it logs. */
async function openPage() {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(server.origin + '/');
  await page.waitForSelector('#app:not([inert]) [data-testid="social-value"]');
  return { page, errors };
}

test('Firefox: typed and dragged before the live page starts (a slow line at the server), applied once it has', async () => {
  const slow = await startServer(DIST, { slow: { match: /_bg\.wasm$/, bytesPerSecond: 200 * 1024 } });
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(slow.origin + '/');
    await page.click('#first [data-testid="families"]', { count: 3 });
    await page.type('#first [data-testid="families"]', '90');
    // The attribution slider, moved with the keyboard: 25 % to 26.5 %.
    await page.focus('#first [data-testid="default-attribution-slider"]');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await page.focus('#first [data-testid="families"]');
    assert.ok(await page.$('#first'), 'typed before the live page started');
    await page.waitForSelector('#app:not([inert]) [data-testid="social-value"]', { timeout: 60000 });
    assert.equal(await page.$('#first'), null);
    assert.equal(await page.$eval('[data-testid="families"]', (e) => e.value), '90');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'families');
    await page.waitForFunction(() => JSON.parse(localStorage.getItem('socval.autosave.v1@/') || '{}').families === 90);
    const scenario = JSON.parse(await page.evaluate(() => localStorage.getItem('socval.autosave.v1@/')));
    assert.equal(Number(scenario.defaults.attribution), 0.265);
    const want = cliFigures(cliValuation(scenario));
    assert.deepEqual(await figuresBecome(page, want), want);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
    await slow.close();
  }
});

test('Firefox: notes only while as shipped, evidence beside items, a default\'s reach, one cost invitation, focus on a new cost, and saving over a name asks', async () => {
  const { page, errors } = await openPage();
  const text = (sel) => page.$eval(sel, (e) => e.textContent);
  const count = (sel) => page.$$eval(sel, (es) => es.length);
  await page.select('[data-testid="template"]', 'step-together');
  await page.waitForFunction(() => /Step Together/.test(document.querySelector('[data-testid="name"]').value));
  // The template's notes, as a list, while it is as shipped; left out with a line after an edit.
  assert.ok(await count('[data-testid="scenario-notes"] ul > li') >= 2);
  assert.equal(await count('[data-testid="notes-left-out"]'), 0);
  const families = await page.$eval('[data-testid="families"]', (e) => e.value);
  await page.click('[data-testid="families"]', { count: 3 });
  await page.type('[data-testid="families"]', String(Number(families) + 1));
  await page.waitForSelector('[data-testid="notes-left-out"]');
  assert.match(await text('[data-testid="notes-left-out"]'), /describe the template as shipped/);
  assert.equal(await count('[data-testid="scenario-notes"] ul'), 0, 'the stale notes are gone');
  // Each item's evidence note beside it; the default's reach in the core's words.
  const scenario = JSON.parse(await page.evaluate(() => localStorage.getItem('socval.autosave.v1@/')));
  assert.equal(await text('[data-testid="outcome-0-evidence"]'), `Evidence: ${scenario.outcomes[0].evidence.trim()}`);
  assert.match(await text('[data-testid="default-deadweight-reach"]'), /^Reaches \d+ of \d+ items; \d+ keeps? (its|their) own value: /);
  // No programme cost: one invitation, no n/a; a new cost takes the focus, and the ratios lead.
  assert.equal(await count('[data-testid="cost-invite"]'), 1);
  assert.ok(!(await text('.headline')).includes('n/a ('));
  await page.click('[data-testid="add-cost"]');
  await page.waitForFunction(() => document.activeElement.id === 'cost-0-label');
  await page.click('[data-testid="cost-0-amount"]', { count: 3 });
  await page.type('[data-testid="cost-0-amount"]', '100000');
  await page.waitForSelector('[data-testid="sroi-social"]');
  assert.equal(await count('[data-testid="cost-invite"]'), 0);
  // Saving under a name already saved asks; Keep both saves this one as "name (2)".
  await page.type('[data-testid="save-name"]', 'FF plan');
  await page.click('[data-testid="save"]');
  await page.waitForFunction(() => localStorage.getItem('socval.saved.v1@/:FF plan') !== null);
  await page.click('[data-testid="save"]');
  await page.waitForSelector('[data-testid="save-ask"]');
  await page.waitForFunction(() => document.activeElement.id === 'save-replace');
  await page.click('[data-testid="save-keep-both"]');
  await page.waitForFunction(() => localStorage.getItem('socval.saved.v1@/:FF plan (2)') !== null);
  assert.equal(await count('[data-testid="save-ask"]'), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('Firefox: shipped scenarios, a slider, the funder report and the workbook agree with the CLI', async () => {
  const { page, errors } = await openPage();
  for (const id of templates) {
    await page.select('[data-testid="template"]', id);
    const want = cliFigures(JSON.parse(cli(['evaluate', `crates/socval/scenarios/${id}.toml`, '--format', 'json'])));
    assert.deepEqual(await figuresBecome(page, want), want, `${id} in Firefox`);
  }
  // The families slider, moved with the keyboard, gives the CLI's figures for the scenario it makes.
  const before = await page.$eval('[data-testid="families"]', (e) => e.value);
  await page.focus('[data-testid="families-slider"]');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction((b) => document.querySelector('[data-testid="families"]').value !== b, {}, before);
  const scenario = JSON.parse(await page.evaluate(() => localStorage.getItem('socval.autosave.v1@/')));
  assert.equal(String(scenario.families), String(Number(before) + 1));
  const want = cliFigures(cliValuation(scenario));
  assert.deepEqual(await figuresBecome(page, want), want, 'after the slider');

  // The funder report, made in the browser, is the CLI's.
  await page.click('[data-testid="funder-report"]');
  await page.waitForSelector('[data-testid="report-download"]', { timeout: 60000 });
  // The page's CSP (connect-src 'self') keeps fetch away from blob: URLs, so the report is opened
  // as a person would, in a tab, and compared as text with the CLI's report drawn in another.
  const href = await page.$eval('[data-testid="report-open"]', (a) => a.href);
  assert.ok(href.startsWith('blob:'));
  const date = await page.evaluate(() => new Date().toISOString().slice(0, 10));
  const tab = await browser.newPage();
  await tab.goto(href);
  const shown = await tab.evaluate(() => document.body.innerText);
  await tab.setContent(cli(['report', writeTempScenario(scenario), '--no-uncertainty', '--date', date]));
  assert.equal(shown, await tab.evaluate(() => document.body.innerText));
  assert.match(shown, /Social value/);
  await tab.close();

  // The workbook, made in the browser by the workbook module (fetched on this click), is the
  // CLI's, byte for byte. The test takes the blob the page makes rather than Firefox's download.
  await page.evaluate(() => {
    window.blobs = [];
    const made = URL.createObjectURL;
    URL.createObjectURL = (b) => { window.blobs.push(b); return made.call(URL, b); };
    HTMLAnchorElement.prototype.click = () => {};
  });
  await page.click('[data-testid="export-xlsx"]');
  await page.waitForFunction(() => /^Downloaded /.test(document.getElementById('workbook-status').textContent), { timeout: 60000 });
  const xlsx = Buffer.from(await page.evaluate(async () => {
    const bytes = new Uint8Array(await window.blobs.at(-1).arrayBuffer());
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  }), 'base64');
  const cliXlsx = execFileSync(CLI, ['evaluate', writeTempScenario(scenario), '--format', 'xlsx'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
  assert.ok(xlsx.equals(cliXlsx), `the workbook is the CLI's (${xlsx.length} and ${cliXlsx.length} bytes)`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('Firefox: importing a bad file keeps the scenario; a good import and per-family records give the CLI\'s figures', async () => {
  const { page, errors } = await openPage();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socval-ff-'));
  const file = (name, text) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };
  // Three families, typed (the page autosaves the scenario it values).
  await page.click('[data-testid="families"]', { count: 3 });
  await page.type('[data-testid="families"]', '3');
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('socval.autosave.v1@/') || '{}').families === 3);
  const scenario = JSON.parse(await page.evaluate(() => localStorage.getItem('socval.autosave.v1@/')));
  const name = await page.$eval('[data-testid="name"]', (e) => e.value);
  const before = await figuresBecome(page, cliFigures(cliValuation(scenario)));
  assert.deepEqual(before, cliFigures(cliValuation(scenario)));
  const text = () => page.evaluate(() => document.body.innerText);

  // A bad scenario file: the message names the file and the line; the scenario is untouched.
  const importInput = await page.$('[data-testid="import"]');
  await importInput.uploadFile(file('broken.json', '{\n  "name": "Broken",\n  "families": "many"\n}\n'));
  await page.waitForFunction(() => document.body.innerText.includes('broken.json'));
  assert.match(await text(), /broken\.json[^\n]*line 3|line 3[^\n]*broken\.json/);
  assert.equal(await page.$eval('[data-testid="name"]', (e) => e.value), name);
  assert.deepEqual(await figures(page), before);

  // A good import replaces the scenario and gives the CLI's figures for it.
  scenario.name = 'Imported in Firefox';
  scenario.families = 4;
  await importInput.uploadFile(file('copy.json', JSON.stringify(scenario)));
  await page.waitForFunction(() => document.querySelector('[data-testid="name"]').value === 'Imported in Firefox');
  let want = cliFigures(cliValuation(scenario));
  assert.deepEqual(await figuresBecome(page, want), want, 'after the import');

  // Per-family records: the CLI's figures for the same records.
  const csv = `family_id,${scenario.outcomes[0].id}\nF1,yes\nF2,no\nF3,yes\n`;
  const records = file('families.csv', csv);
  await (await page.$('[data-testid="records"]')).uploadFile(records);
  await page.waitForFunction(() => /Loaded 3 families from families\.csv/.test(document.body.innerText));
  want = cliFigures(JSON.parse(cli(['evaluate', writeTempScenario(scenario), '--records', records, '--format', 'json'])));
  assert.deepEqual(await figuresBecome(page, want), want, 'with the records');
  assert.deepEqual(errors, []);
  await page.close();
});

test('Firefox: a claim tested on the page is the CLI\'s answer, and a 2-row council table overlays the open unit costs', async () => {
  const { page, errors } = await openPage();
  await page.select('[data-testid="template"]', 'step-together');
  const want = JSON.parse(cli(['claim', '@step-together', '--social', '103000', '--per-family', '--format', 'json']));
  await page.select('[data-testid="claim-figure"]', 'social');
  await page.type('[data-testid="claim-amount"]', '103000');
  await page.click('[data-testid="claim-per-family"]');
  await page.click('[data-testid="claim-test"]');
  await page.waitForSelector('[data-testid="claim-text"]', { timeout: 60000 });
  assert.equal(await page.$eval('[data-testid="claim-text"]', (e) => e.textContent), want.text);
  const items = await page.$$eval('[data-testid="claim-reached"] li', (ls) => ls.map((l) => [l.dataset.target, l.dataset.value, l.textContent]));
  assert.deepEqual(items, want.needs.filter((n) => n.kind.kind === 'at').map((n) => [n.target, n.kind.value, n.text]));
  assert.ok(items.length > 0);
  // The council's own two rows over unit-costs-open@2.0.0, read in the analysis module.
  await (await page.$('[data-testid="user-table"]')).uploadFile(path.join(ROOT, 'crates/socval/tests/fixtures/council-costs.toml'));
  await page.waitForSelector('[data-testid="user-comparison"]', { timeout: 60000 });
  const note = await page.$eval('[data-testid="user-table-note"]', (e) => e.textContent);
  assert.match(note, /council-costs@1\.0\.0 overlays unit-costs-open@2\.0\.0/);
  assert.deepEqual(errors, []);
  await page.close();
});
