// Issue 12 in Chromium: a table of the user's own (a licensed list) loaded in the page, valued
// beside the open tables with the CLI's figures; a bad table file refused beside its control with
// the scenario untouched; import errors beside their controls; agencies by name in the charts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT, pageSession, cli, pageFigures, cliFigures, pennies } from './helpers.mjs';

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const FIXTURES = path.join(ROOT, 'crates/socval/tests/fixtures');
const TABLE = path.join(FIXTURES, 'licensed-unit-costs.json');
const BAD_TABLE = path.join(FIXTURES, 'licensed-unit-costs-bad.json');
const TEMPLATE = 'step-together';

const session = pageSession();

async function open() {
  const w = await session.open({ acceptDownloads: true, bypassCSP: true });
  await w.page.getByTestId('template').selectOption(TEMPLATE);
  const want = cliFigures(JSON.parse(cli(['evaluate', `@${TEMPLATE}`, '--format', 'json'])));
  for (let i = 0; i < 100; i++) {
    if (JSON.stringify(await pageFigures(w.page)) === JSON.stringify(want)) break;
    await w.page.waitForTimeout(20);
  }
  assert.deepEqual(await pageFigures(w.page), want);
  return w;
}

/** Loads a file into the file input `testId`. */
async function loadFile(page, testId, file, name = path.basename(file)) {
  await page.getByTestId(testId).setInputFiles({ name, mimeType: 'application/json', buffer: fs.readFileSync(file) });
}

/** The CLI's valuation of the template with its unit costs taken from the fixture table. */
function cliWithTable() {
  const text = fs.readFileSync(path.join(ROOT, `crates/socval/scenarios/${TEMPLATE}.toml`), 'utf8');
  const swapped = text.replace(/^unit_costs = ".*"$/m, 'unit_costs = "licensed-unit-costs@2025.1"');
  assert.notEqual(swapped, text);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'socval-e2e-')), 'licensed.toml');
  fs.writeFileSync(file, swapped);
  return JSON.parse(cli(['--tables', TABLE, 'evaluate', file, '--format', 'json']));
}

/** A row of the comparison table: its figure in the two columns and the change, as plain decimals. */
async function row(table, label) {
  const cells = await table.locator('tr', { has: table.page().locator(`th:text-is("${label}")`) }).locator('td').allInnerTexts();
  return cells.map((c) => c.replace('−', '-').replace('£', '').replaceAll(',', '').replace(' *', ''));
}

async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × e.g. ${v.nodes[0]?.target?.join(' ')}`);
}

test('a table of your own: the open and your table\'s figures side by side, each the CLI\'s to the penny, kept out of links and exports', async () => {
  const { context, page, watch } = await open();
  const before = await pageFigures(page);
  await loadFile(page, 'user-table', TABLE);
  const table = page.getByTestId('user-comparison');
  await table.waitFor();
  assert.match(await page.getByTestId('user-table-note').innerText(), /licensed-unit-costs@2025\.1/);
  const openTables = JSON.parse(cli(['evaluate', `@${TEMPLATE}`, '--format', 'json'])).display;
  const mine = cliWithTable().display;
  for (const [label, key] of [['Social value', 'social_value'], ['Fiscal savings', 'fiscal_savings'], ['Cashable savings', 'cashable_savings'], ['Fiscal savings per family', 'fiscal_savings_per_family']]) {
    const [a, b, change] = await row(table, label);
    assert.equal(a, pennies(openTables[key]), `${label}, open tables`);
    assert.equal(b, pennies(mine[key]), `${label}, your table`);
    assert.equal(Number(change).toFixed(2), (Number(mine[key]) - Number(openTables[key])).toFixed(2), `${label}, change`);
  }
  // The fixture changes the court's cost of proceedings only: fiscal savings move, social value does not.
  assert.notEqual(pennies(mine.fiscal_savings), pennies(openTables.fiscal_savings));
  assert.equal(pennies(mine.social_value), pennies(openTables.social_value));
  assert.ok(await table.locator('tbody tr.changed').count() >= 2, 'the changed figures are marked');
  // The page's own figures are still the open tables'.
  assert.deepEqual(await pageFigures(page), before);
  assert.deepEqual(await axe(page), []);

  // Never in the autosave, the export or the share link.
  await page.getByTestId('families').fill('80');
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('socval.autosave.v1@/') || '{}').families === 80);
  const autosave = await page.evaluate(() => localStorage.getItem('socval.autosave.v1@/'));
  assert.doesNotMatch(autosave, /licensed/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  assert.doesNotMatch(fs.readFileSync(await download.path(), 'utf8'), /licensed/);
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  assert.doesNotMatch(decodeURIComponent(link), /licensed/);
  // Saved by name, it is kept with the scenario in this browser and comes back with it.
  await page.getByTestId('save-name').fill('With my table');
  await page.getByTestId('save').click();
  await page.getByTestId('user-table-clear').click();
  await table.waitFor({ state: 'detached' });
  await page.getByTestId('saved-list').selectOption('With my table');
  await page.getByTestId('open-saved').click();
  await table.waitFor();
  assert.match(await page.getByTestId('user-table-note').innerText(), /licensed-unit-costs@2025\.1/);
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('a bad table file is refused beside its control, naming file, line and field; the scenario and tables stay', async () => {
  const { context, page } = await open();
  await loadFile(page, 'user-table', TABLE);
  const table = page.getByTestId('user-comparison');
  await table.waitFor();
  const shown = await table.innerText();
  const before = await pageFigures(page);
  await loadFile(page, 'user-table', BAD_TABLE);
  const error = page.getByTestId('user-table-error');
  await page.waitForFunction(() => document.querySelector('[data-testid="user-table-error"]').textContent.length > 0);
  const text = await error.innerText();
  assert.match(text, /licensed-unit-costs-bad\.json/);
  assert.match(text, /line 149/);
  assert.match(text, /field `value`/);
  assert.match(text, /unchanged/);
  assert.equal(await error.getAttribute('role'), 'status', 'announced politely');
  const input = page.getByTestId('user-table');
  assert.equal(await input.getAttribute('aria-describedby'), 'user-table-error');
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  // The error is beside the control, not at the top of the page.
  if (await page.getByTestId('notice').count()) assert.doesNotMatch(await page.getByTestId('notice').innerText(), /bad\.json/);
  const [box, control] = [await error.boundingBox(), await input.boundingBox()];
  assert.ok(Math.abs(box.y - control.y) < 200, `the message is near the control (${box.y} vs ${control.y})`);
  assert.deepEqual(await pageFigures(page), before);
  assert.equal(await table.innerText(), shown, 'the table loaded before is still in use');
  // A TOML table is read too (in the analysis module); a bad one names its file and field.
  await page.getByTestId('user-table').setInputFiles({ name: 'mine.toml', mimeType: 'text/plain', buffer: Buffer.from('id = "mine"\nversion = "1"\n') });
  await page.waitForFunction(() => /mine\.toml/.test(document.querySelector('[data-testid="user-table-error"]').textContent));
  assert.match(await error.innerText(), /mine\.toml.*(kind|title|licence)/s);
  assert.equal(await table.innerText(), shown, 'the table loaded before is still in use');
  assert.deepEqual(await axe(page), []);
  await context.close();
});

test('a bad scenario file: the message is beside the import control and tied to the field it names', async () => {
  const { context, page } = await open();
  const before = await pageFigures(page);
  await page.getByTestId('import').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{\n  "name": "Broken",\n  "families": "many"\n}\n') });
  const error = page.getByTestId('import-error');
  await page.waitForFunction(() => document.querySelector('[data-testid="import-error"]').textContent.length > 0);
  const text = await error.innerText();
  assert.match(text, /broken\.json/);
  assert.match(text, /line 3/);
  assert.match(text, /unchanged/);
  assert.equal(await page.getByTestId('import').getAttribute('aria-describedby'), 'import-error');
  assert.equal(await page.getByTestId('families').getAttribute('aria-describedby'), 'import-error', 'the families field is described by the message');
  assert.deepEqual(await pageFigures(page), before);
  // A bad records file: beside the records control.
  await page.getByTestId('records').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('family_id,nothing\n,yes\n') });
  await page.waitForFunction(() => /bad\.csv/.test(document.querySelector('[data-testid="records-error"]').textContent));
  assert.deepEqual(await pageFigures(page), before);
  assert.deepEqual(await axe(page), []);
  await context.close();
});

test('charts and tables name agencies, never their ids', async () => {
  const { context, page } = await open();
  const chart = page.getByTestId('chart-agencies');
  await chart.waitFor();
  const v = JSON.parse(cli(['evaluate', `@${TEMPLATE}`, '--format', 'json']));
  const text = await chart.innerText();
  const svg = await chart.locator('svg').textContent();
  // The template's agencies (Cafcass is not among them since unit-costs-open@3.0.0: its only cost per
  // set was found in no source, so the shipped scenarios leave it out).
  for (const [id, name] of [['legal-aid', 'Legal Aid Agency'], ['courts', 'HM Courts & Tribunals Service'], ['local-authority', 'Local authority']]) {
    assert.ok(v.by_agency.some((a) => a.agency === id), `${id} bears a cost in ${TEMPLATE}`);
    assert.match(svg, new RegExp(name), name);
    assert.ok(!(svg + text).includes(id), `no id ${id} in the chart`);
    assert.match(await page.getByTestId('by-agency').innerText(), new RegExp(name));
  }
  // Each bar is the agency's rounded savings, as the core allocated them.
  const courts = v.by_agency.find((a) => a.agency === 'courts');
  const [pounds, pence] = pennies(courts.rounded).split('.');
  assert.ok(svg.includes(`HM Courts & Tribunals Service: £${pounds.replace(/\B(?=(\d{3})+$)/g, ',')}.${pence}`), svg);
  await context.close();
});

// Issue 24: a table of one's own that holds only the rows it changes, and testing a claim.
const COUNCIL_TABLE = path.join(FIXTURES, 'council-costs.toml');

test('a 2-row council table overlays the open unit costs: the CLI\'s figures beside the open ones, and which rows are whose', async () => {
  const { context, page, watch } = await open();
  await page.getByTestId('user-table').setInputFiles({ name: 'council-costs.toml', mimeType: 'text/plain', buffer: fs.readFileSync(COUNCIL_TABLE) });
  const table = page.getByTestId('user-comparison');
  await table.waitFor();
  const note = await page.getByTestId('user-table-note').innerText();
  assert.match(note, /council-costs@1\.0\.0 overlays unit-costs-open@2\.0\.0: its rows care-proceedings-court and care-proceedings-la replace or add to the base's; every other row is unit-costs-open@2\.0\.0's/);
  const mine = JSON.parse(cli(['--tables', COUNCIL_TABLE, 'evaluate', `@${TEMPLATE}`, '--use', 'council-costs@1.0.0', '--format', 'json'])).display;
  const openTables = JSON.parse(cli(['evaluate', `@${TEMPLATE}`, '--format', 'json'])).display;
  for (const [label, key] of [['Fiscal savings', 'fiscal_savings'], ['Cashable savings', 'cashable_savings'], ['Social value', 'social_value']]) {
    const [a, b] = await row(table, label);
    assert.equal(a, pennies(openTables[key]), `${label}, open tables`);
    assert.equal(b, pennies(mine[key]), `${label}, the council's table over the open one`);
  }
  assert.notEqual(pennies(mine.fiscal_savings), pennies(openTables.fiscal_savings));
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('test a claim: the core\'s statements, the CLI\'s, and a needed value typed in gives the claimed figure to the penny', async () => {
  const { context, page, watch } = await open();
  await page.getByTestId('claim-figure').selectOption('fiscal');
  await page.getByTestId('claim-amount').fill('£1,000,000');
  await page.getByTestId('claim-test').click();
  await page.getByTestId('claim-text').waitFor();
  const want = JSON.parse(cli(['claim', `@${TEMPLATE}`, '--fiscal', '1000000', '--format', 'json']));
  assert.equal(await page.getByTestId('claim-text').innerText(), want.text);
  const items = page.getByTestId('claim-reached').locator('li');
  const reached = want.needs.filter((n) => n.kind.kind === 'at');
  assert.equal(await items.count(), reached.length);
  assert.equal(await items.first().innerText(), reached[0].text);
  assert.equal(await items.first().getAttribute('data-value'), reached[0].kind.value);
  // "No allowed value" statements are listed too, when there are some.
  const unreached = want.needs.length - reached.length;
  if (unreached) assert.match(await page.getByTestId('claim-unreached').innerText(), new RegExp(`${unreached} assumptions`));
  // The count of the first avoided item, fed back at full precision, gives the claim to the penny.
  const count = page.getByTestId('claim-reached').locator('li[data-target$=".count"]').first();
  const target = await count.getAttribute('data-target');
  const value = await count.getAttribute('data-value');
  const scenario = tomlItems(fs.readFileSync(path.join(ROOT, `crates/socval/scenarios/${TEMPLATE}.toml`), 'utf8'));
  const index = scenario.avoided.findIndex((a) => `avoided.${a.id}.count` === target);
  assert.ok(index >= 0, target);
  await page.getByTestId(`avoided-${index}-count`).fill(value);
  await page.waitForFunction(() => document.querySelector('[data-testid="fiscal-savings"]').textContent.includes('1,000,000.00'));
  assert.equal((await pageFigures(page))['fiscal-savings'], '1000000.00');
  // The answer says it is of the scenario before the edit.
  await page.getByTestId('claim-stale').waitFor();
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(watch.errors, []);
  await context.close();
});

/** The avoided items' ids of a template's TOML, in order. */
function tomlItems(text) {
  const avoided = [];
  let inAvoided = false;
  for (const line of text.split('\n')) {
    if (line.trim() === '[[avoided]]') inAvoided = true;
    else if (line.trim().startsWith('[')) inAvoided = false;
    const m = inAvoided && line.match(/^id = "(.*)"$/);
    if (m) avoided.push({ id: m[1] });
  }
  return { avoided };
}
