// Issue 12 in Chromium: controls you can trust and accessibility. axe-core (npm) is injected
// into the page in a context that bypasses the page's CSP (only in this test: the page itself
// keeps its policy); every view must have no serious or critical violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT, pageSession, newWatchedPage, offOrigin, pageFigures, live } from './helpers.mjs';

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const session = pageSession();
const watches = [];

async function open() {
  const w = await session.open({ bypassCSP: true });
  watches.push(w.watch);
  return w;
}

/** The serious and critical axe violations of the page as it is, one line each. */
async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations;
  });
  return result
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × e.g. ${v.nodes[0]?.target?.join(' ')}`);
}

test('no serious or critical axe violation on any view', async () => {
  const { context, page } = await open();
  const views = {};
  views['first figures'] = await axe(page);
  for (const d of await page.locator('details').all()) await d.evaluate((e) => { e.open = true; });
  // Items' adjustment fields are built when their sections open: check them once they are there.
  await page.getByTestId('outcome-0-deadweight').waitFor();
  await page.getByTestId('avoided-0-deadweight').waitFor();
  views['every section open'] = await axe(page);
  await page.getByTestId('families').fill('0');
  await page.getByTestId('families-error').waitFor();
  views['a field in error'] = await axe(page);
  await page.getByTestId('families').fill('25');
  await page.getByTestId('mc-draws').fill('300');
  await page.getByTestId('analyse').click();
  await page.getByTestId('monte-carlo').waitFor({ timeout: 60000 });
  views['uncertainty analysed'] = await axe(page);
  await page.getByTestId('funder-report').click();
  await page.getByTestId('report-open').waitFor({ timeout: 60000 });
  views['funder report offered'] = await axe(page);
  await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.getByTestId('export-xlsx').click()]);
  await page.getByTestId('workbook-status').getByText(/^Downloaded /).waitFor();
  views['workbook downloaded'] = await axe(page);
  await page.getByTestId('pin').click();
  await page.getByTestId('families').fill('30');
  views['pinned comparison'] = await axe(page);
  await page.setViewportSize({ width: 390, height: 844 });
  views['phone width'] = await axe(page);
  await context.close();
  for (const [view, violations] of Object.entries(views)) {
    console.log(`${view}: ${violations.length ? violations.join('; ') : 'no serious or critical violation'}`);
  }
  assert.deepEqual(Object.values(views).flat(), []);
});

test('sliders keep fixed ends; an item slider starts at the value in force and moves from it', async () => {
  const { context, page } = await open();
  const slider = page.getByTestId('families-slider');
  assert.equal(await slider.getAttribute('max'), '1000');
  await page.getByTestId('families').fill('5000');
  await page.waitForTimeout(50);
  // A number beyond the end stays in the box; the slider's end does not follow it.
  assert.equal(await slider.getAttribute('max'), '1000');
  assert.equal(await slider.inputValue(), '1000');
  await slider.focus();
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.getByTestId('families').inputValue(), '999');
  assert.equal(await slider.getAttribute('max'), '1000');

  // An item's adjustment with no value of its own: its slider stands at the value in force.
  const item = page.getByTestId('outcome-0');
  await item.locator('details summary').first().click();
  let key = null;
  for (const a of ['deadweight', 'attribution', 'displacement', 'drop-off']) {
    if (await page.getByTestId(`outcome-0-${a}`).inputValue() === '') { key = `outcome-0-${a}`; break; }
  }
  assert.ok(key, 'the first outcome inherits at least one share adjustment');
  const field = page.getByTestId(key);
  const inForce = (await field.getAttribute('placeholder')).match(/^([\d.]+) %/)[1];
  const s = page.getByTestId(`${key}-slider`);
  assert.equal(Number(await s.inputValue()), Number(inForce), 'the slider shows the value in force');
  await s.focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(Number(await field.inputValue()), Number(inForce) + 0.5, 'one step from the value in force');
  await context.close();
});

test('"Start from" does not replace the work on an arrow key; a replacement can be undone', async () => {
  const { context, page } = await open();
  const picker = page.getByTestId('template');
  await page.getByTestId('families').fill('37');
  const mine = await pageFigures(page);
  const name = await page.getByTestId('name').inputValue();
  await picker.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await page.waitForTimeout(100);
  assert.deepEqual(await pageFigures(page), mine, 'arrows on the closed list change nothing');
  assert.equal(await page.getByTestId('families').inputValue(), '37');
  await picker.selectOption('blank');
  await page.getByTestId('undo').waitFor();
  assert.notEqual(await page.getByTestId('name').inputValue(), name);
  await page.getByTestId('undo').click();
  await page.getByText('is back').waitFor();
  assert.equal(await page.getByTestId('name').inputValue(), name);
  assert.deepEqual(await pageFigures(page), mine);
  const saved = JSON.parse(await page.evaluate(() => localStorage.getItem('socval.autosave.v1@/')));
  assert.equal(saved.families, 37, 'the autosave holds the work again');
  await context.close();
});

test('a skip link, a short polite announcement, and controls named after their item', async () => {
  const { context, page } = await open();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset?.testid), 'skip-link');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'results');
  // Only the headline is live, not the whole block of figures.
  assert.equal(await page.locator('.headline[aria-live]').count(), 0);
  const live = await page.locator('[aria-live]').allInnerTexts();
  assert.ok(live.every((t) => t.length < 160), JSON.stringify(live));
  const announce = page.getByTestId('announce');
  const before = await announce.textContent();
  await page.getByTestId('families').fill('41');
  await page.waitForFunction((b) => document.querySelector('[data-testid=announce]').textContent !== b, before);
  assert.match(await announce.textContent(), /^Social value £[\d,.]+, fiscal savings £[\d,.]+, programme cost £[\d,.]+\.$/);
  // An item's adjustment says which item it belongs to. Its fields are built when its section
  // is opened, not before.
  const label = (await page.getByTestId('outcome-0').locator('h3').innerText()).split(' · ')[0];
  const deadweight = page.getByLabel(`Deadweight for ${label} (%)`, { exact: true });
  assert.equal(await deadweight.count(), 0, 'no field of a closed section');
  await page.getByTestId('outcome-0').locator('details > summary').first().click();
  await deadweight.waitFor();
  assert.equal(await deadweight.count(), 1);
  await context.close();
});

test('two tabs keep their own work; named saves (with records) reach the other tab; a link carries no records', async () => {
  const w = await newWatchedPage(session.browser, { viewport: { width: 1280, height: 900 } });
  watches.push(w.watch);
  const { context } = w;
  const a = w.page;
  const b = await context.newPage();
  b.on('pageerror', (err) => w.watch.errors.push(String(err)));
  for (const p of [a, b]) {
    await p.goto(session.server.origin + '/');
    await live(p);
  }
  // Each tab edits; each reload brings back that tab's own work, not the other's.
  await a.getByTestId('families').fill('66');
  await b.getByTestId('families').fill('55');
  await a.waitForTimeout(100);
  await a.reload();
  await live(a);
  assert.equal(await a.getByTestId('families').inputValue(), '66');
  await b.reload();
  await live(b);
  assert.equal(await b.getByTestId('families').inputValue(), '55');

  // Tab A loads records and saves under a name; tab B's list follows, and opens it with them.
  const outcome = await a.evaluate(() => JSON.parse(localStorage.getItem('socval.autosave.v1@/')).outcomes[0].id);
  const csv = `family_id,${outcome}\nF1,yes\nF2,no\nF3,yes\n`;
  await a.getByTestId('records').setInputFiles({ name: 'families.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await a.getByTestId('records-note').waitFor();
  const withRecords = await pageFigures(a);
  await a.getByTestId('save-name').fill('Plan A');
  await a.getByTestId('save').click();
  await a.getByText('with its family records').waitFor();
  await b.getByTestId('saved-list').locator('option[value="Plan A"]').waitFor({ state: 'attached' });
  await b.getByTestId('saved-list').selectOption('Plan A');
  await b.getByTestId('open-saved').click();
  await b.getByTestId('records-note').waitFor();
  assert.match(await b.getByTestId('records-note').innerText(), /3 families/);
  assert.deepEqual(await pageFigures(b), withRecords);
  assert.equal(await b.getByTestId('families').inputValue(), '66');
  await b.getByTestId('undo').click();
  assert.equal(await b.getByTestId('families').inputValue(), '55');
  // A link or an export says it carries the aggregate scenario only.
  assert.match(await a.getByTestId('link-warning').innerText(), /never family records/);
  await a.getByTestId('share').click();
  assert.ok(!(await a.getByTestId('share-link').inputValue()).includes('F1'));
  await context.close();
});

test('saving under a name already saved asks (replace, keep both or cancel), from this tab and after another tab saved it', async () => {
  const w = await newWatchedPage(session.browser, { viewport: { width: 1280, height: 900 }, bypassCSP: true });
  watches.push(w.watch);
  const { context } = w;
  const a = w.page;
  const b = await context.newPage();
  b.on('pageerror', (err) => w.watch.errors.push(String(err)));
  for (const p of [a, b]) {
    await p.goto(session.server.origin + '/');
    await live(p);
  }
  const saved = (p, name) => p.evaluate((n) => JSON.parse(localStorage.getItem('socval.saved.v1@/:' + n) || 'null'), name);
  await a.getByTestId('save-name').fill('Plan');
  await a.getByTestId('save').click();
  await a.getByText('Saved “Plan” in this browser.').waitFor();
  assert.equal(await a.getByTestId('save-ask').count(), 0, 'a new name is saved without a question');
  const first = (await saved(a, 'Plan')).families;

  // The same name again, from this tab: asked, with the first answer focused; Cancel keeps the save.
  await a.getByTestId('families').fill('33');
  await a.getByTestId('save').click();
  await a.getByTestId('save-ask').waitFor();
  assert.match(await a.getByTestId('save-ask').innerText(), /“Plan” is already saved in this browser.*“Plan \(2\)”/s);
  assert.equal(await a.evaluate(() => document.activeElement.id), 'save-replace');
  await a.getByTestId('save-cancel').click();
  assert.equal((await saved(a, 'Plan')).families, first, 'Cancel: the save is untouched');
  assert.equal(await a.evaluate(() => document.activeElement.id), 'save');
  // Keep both: the new one as "Plan (2)"; Replace: the new one under "Plan".
  await a.getByTestId('save').click();
  await a.getByTestId('save-keep-both').click();
  await a.getByText('Saved “Plan (2)” in this browser.').waitFor();
  assert.equal((await saved(a, 'Plan')).families, first);
  assert.equal((await saved(a, 'Plan (2)')).families, 33);
  await a.getByTestId('save').click();
  await a.getByTestId('save-replace').click();
  await a.getByText('Saved “Plan” in this browser.').waitFor();
  assert.equal((await saved(a, 'Plan')).families, 33);

  // Another tab saved "Theirs" after this one opened: saving under it here asks too.
  await b.getByTestId('save-name').fill('Theirs');
  await b.getByTestId('save').click();
  await b.getByText('Saved “Theirs” in this browser.').waitFor();
  await a.getByTestId('save-name').fill('Theirs');
  await a.getByTestId('save').click();
  await a.getByTestId('save-ask').waitFor();
  await a.getByTestId('save-cancel').click();
  assert.equal((await saved(a, 'Theirs')).families, (await saved(b, 'Theirs')).families);
  assert.deepEqual(await axe(a), [], 'the question is accessible');
  await context.close();
});

test('adding a cost, an outcome, an avoided cost or a range moves the focus to its first field', async () => {
  const { context, page } = await open();
  await page.bringToFront();
  const focused = () => page.evaluate(() => document.activeElement.id);
  const costs = await page.locator('[data-testid^="cost-"][data-testid$="-label"]').count();
  await page.getByTestId('add-cost').click();
  await page.waitForFunction((id) => document.activeElement.id === id, `cost-${costs}-label`);
  const outcomes = await page.locator('[data-testid^="outcome-"][data-testid$="-scaling"]').count();
  const row = await page.getByTestId('add-outcome').locator('option:not([value=""])').first().getAttribute('value');
  await page.getByTestId('add-outcome').selectOption(row);
  await page.waitForFunction((id) => document.activeElement.id === id, `outcome-${outcomes}-rate`);
  const avoided = await page.locator('[data-testid^="avoided-"][data-testid$="-scaling"]').count();
  const cost = await page.getByTestId('add-avoided').locator('option:not([value=""])').first().getAttribute('value');
  await page.getByTestId('add-avoided').selectOption(cost);
  await page.waitForFunction((id) => document.activeElement.id === id, `avoided-${avoided}-count`);
  const ranges = await page.locator('[data-testid^="range-"][data-testid$="-remove"]').count();
  await page.getByTestId('add-range').selectOption('discount_rate');
  await page.waitForFunction((id) => document.activeElement.id === id, `range-${ranges}-low`);
  assert.equal(await focused(), `range-${ranges}-low`);
  await context.close();
});

test('a default adjustment says how many items it reaches and which keep their own', async () => {
  const { context, page } = await open();
  await page.getByTestId('template').selectOption('step-together');
  await page.getByTestId('outcome-0-scaling').waitFor();
  // What the default deadweight reaches in the shipped Step Together (read from its TOML): an item
  // with a deadweight of its own keeps it; one net of the counterfactual takes none.
  const items = tomlItems(fs.readFileSync(path.join(ROOT, 'crates/socval/scenarios/step-together.toml'), 'utf8'));
  const all = [...items.outcomes.map((o, i) => ({ ...o, testId: `outcome-${i}` })), ...items.avoided.map((a, i) => ({ ...a, testId: `avoided-${i}` }))];
  const net = all.filter((x) => x.net);
  const own = all.filter((x) => !x.net && x.deadweight);
  const reached = all.filter((x) => !x.net && !x.deadweight);
  const label = async (x) => (await page.getByTestId(x.testId).locator('> h3').innerText()).split(' · ')[0];
  const reach = page.getByTestId('default-deadweight-reach');
  const text = await reach.innerText();
  const m = text.match(/^Reaches (\d+) of (\d+) items; (\d+) keeps? its own value: (.*?); (\d+) ha(?:s|ve) none, being net of the counterfactual: (.*)\.$/);
  assert.ok(m, text);
  assert.deepEqual([m[1], m[2], m[3], m[5]].map(Number), [reached.length, all.length, own.length, net.length], text);
  for (const x of own) assert.ok(m[4].includes(await label(x)), `${x.id} keeps its own: ${text}`);
  for (const x of net) assert.ok(m[6].includes(await label(x)), `${x.id} is net of the counterfactual: ${text}`);
  for (const x of reached) assert.ok(!(m[4] + m[6]).includes(await label(x)), `${x.id} is reached: ${text}`);
  // Setting the default changes only the items it reaches: here the outcomes (social value), not
  // the avoided costs (fiscal savings), each of which keeps its own deadweight or takes none.
  assert.ok(reached.length > 0 && reached.every((x) => x.testId.startsWith('outcome-')), 'the test\'s premise');
  const before = await pageFigures(page);
  await page.getByTestId('default-deadweight').fill('50');
  for (let i = 0; i < 100 && (await pageFigures(page))['social-value'] === before['social-value']; i++) await page.waitForTimeout(20);
  const after = await pageFigures(page);
  assert.notEqual(after['social-value'], before['social-value'], 'the outcomes it reaches move social value');
  assert.equal(after['fiscal-savings'], before['fiscal-savings'], 'no avoided cost is reached, so fiscal savings stay');
  assert.equal(await reach.innerText(), text);
  await context.close();
});

/** The outcomes and avoided items of a template's TOML, in order: id, whether it sets its own
 * deadweight, whether it is net of the counterfactual. */
function tomlItems(text) {
  const out = { outcomes: [], avoided: [] };
  let item = null;
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line === '[[outcomes]]' || line === '[[avoided]]') {
      item = { id: '', deadweight: false, net: false };
      out[line.slice(2, -2)].push(item);
    } else if (line.startsWith('[')) {
      item = null;
    } else if (item) {
      const id = line.match(/^id = "(.*)"$/);
      if (id) item.id = id[1];
      if (/^deadweight(_level)? = /.test(line)) item.deadweight = true;
      if (line === 'net_of_counterfactual = true') item.net = true;
    }
  }
  return out;
}

test('no request left the origin, and no page logged an error', () => {
  for (const w of watches) {
    assert.deepEqual(offOrigin(w, session.server.origin), []);
    assert.deepEqual(w.errors, []);
  }
});
