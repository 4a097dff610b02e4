// The page in Debian's Chromium, driven by Playwright. Figures are checked against the CLI
// (`socval evaluate --format json`) to the penny; every request is recorded and none may
// leave the origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  ROOT, DIST, pageSession, newWatchedPage, offOrigin, screenshotPath, cli, cliValuation,
  writeTempScenario, pageFigures, cliFigures, live, startServer, pennies, plainFigure,
} from './helpers.mjs';

const session = pageSession();
const watches = [];

/** A fresh page (own storage) that has loaded and shows figures. */
async function open(options = {}) {
  const w = await session.open({ acceptDownloads: true, ...options });
  watches.push(w.watch);
  return w;
}

async function autosaved(page) {
  return JSON.parse(await page.evaluate(() => localStorage.getItem('socval.autosave.v1@/')));
}

/** Waits until the page's figures differ from `before`. */
async function figuresChangedFrom(page, before) {
  for (let i = 0; i < 100; i++) {
    const now = await pageFigures(page);
    if (JSON.stringify(now) !== JSON.stringify(before)) return now;
    await page.waitForTimeout(20);
  }
  throw new Error('the figures did not change');
}

const templates = fs.readdirSync(path.join(ROOT, 'crates/socval/scenarios')).filter((f) => f.endsWith('.toml'))
  .map((f) => f.replace(/\.toml$/, '')).sort();

test('the page loads from wasm with figures, and nothing leaves the origin', async () => {
  const { context, page, watch } = await open();
  await page.getByRole('heading', { name: 'socval', level: 1 }).waitFor();
  assert.equal(await page.locator('#loading').count(), 0, 'the loading notice is replaced');
  await page.screenshot({ path: screenshotPath('01-loaded'), fullPage: true });
  assert.deepEqual(offOrigin(watch, session.server.origin), []);
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('the first figures come in the document, before any WebAssembly, until the live page replaces them; restored work never shows the template\'s figures and says what is restored', async () => {
  const w = await newWatchedPage(session.browser, { viewport: { width: 1280, height: 900 } });
  watches.push(w.watch);
  const { context, page } = w;
  // Hold the live page's WebAssembly until released (each hold a new handler, run first).
  let release;
  const hold = async () => {
    const held = new Promise((r) => { release = r; });
    await page.route('**/socval_{first,web}_bg.wasm', async (route) => { await held; await route.continue(); });
  };
  await hold();
  await page.goto(session.server.origin + '/');
  await page.getByTestId('social-value').waitFor();
  const want = cliFigures(JSON.parse(cli(['evaluate', '@securing-change', '--format', 'json'])));
  assert.deepEqual(await pageFigures(page), want, 'the document\'s figures are the first template\'s, to the penny');
  assert.equal(await page.locator('#app').getAttribute('inert'), '', 'the live page\'s place is empty while the calculator loads');
  assert.equal(await page.locator('#first [data-testid="social-value"]').count(), 1, 'the figures are the build-time copy');
  assert.match((await page.locator('#loading').innerText()).trim(), /^Starting the calculator: what you type now is kept/);
  assert.equal(await page.locator('#first [data-testid="save"]').evaluate((b) => getComputedStyle(b).pointerEvents), 'none',
    'the copy\'s buttons are visibly unavailable');
  release();
  await live(page);
  assert.equal(await page.locator('#loading').count(), 0);
  assert.deepEqual(await pageFigures(page), want, 'the live page shows the same figures');

  // Autosaved work: on reload the template's figures stay hidden until the work is restored.
  await page.getByTestId('families').fill('37');
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('socval.autosave.v1@/') || '{}').families === 37);
  await hold();
  await page.reload({ waitUntil: 'domcontentloaded' });
  assert.ok(await page.evaluate(() => document.documentElement.classList.contains('restoring')));
  assert.equal(await page.getByTestId('social-value').isVisible(), false, 'no template figure shows while the work is restored');
  assert.equal(await page.locator('#loading').isVisible(), true);
  const name = await page.evaluate(() => JSON.parse(localStorage.getItem('socval.autosave.v1@/')).name);
  assert.match((await page.locator('#loading').innerText()).trim(), new RegExp(`^Restoring your work, “${name.replace(/[()]/g, '\\$&')}”: its figures show once the calculator starts`));
  release();
  await live(page);
  assert.equal(await page.getByTestId('families').inputValue(), '37');
  assert.deepEqual(await pageFigures(page), cliFigures(cliValuation(await autosaved(page))));

  // A link's scenario: the notice says the link's scenario is being opened, not the template's.
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  const other = await context.newPage();
  let free;
  const held = new Promise((r) => { free = r; });
  await other.route('**/socval_{first,web}_bg.wasm', async (route) => { await held; await route.continue(); });
  await other.goto(link, { waitUntil: 'domcontentloaded' });
  assert.equal(await other.getByTestId('social-value').isVisible(), false);
  assert.match((await other.locator('#loading').innerText()).trim(), /^Opening the scenario in the link: its figures show once the calculator starts/);
  free();
  await live(other);
  assert.equal(await other.getByTestId('families').inputValue(), '37');
  await context.close();
});

test('typed and dragged before the live page starts (a slow line at the server): applied once it has, with the focus kept', async () => {
  // The live page's WebAssembly comes at 200 KiB/s (a few seconds), as on a slow mobile line.
  const slow = await startServer(DIST, { slow: { match: /_bg\.wasm$/, bytesPerSecond: 200 * 1024 } });
  // Its own origin: this test checks its requests and errors itself.
  const w = await newWatchedPage(session.browser, { viewport: { width: 1280, height: 900 } });
  const { context, page } = w;
  try {
    await page.goto(slow.origin + '/');
    await page.locator('#first [data-testid="families"]').fill('90');
    await page.locator('#first [data-testid="default-attribution-slider"]').fill('30');
    await page.locator('#first [data-testid="name"]').fill('Typed early');
    await page.locator('#first [data-testid="families"]').focus();
    assert.equal(await page.locator('#first').count(), 1, 'all of it typed before the live page started');
    await live(page);
    assert.equal(await page.locator('#first').count(), 0, 'the copy is gone');
    assert.equal(await page.getByTestId('families').inputValue(), '90');
    assert.equal(await page.getByTestId('default-attribution').inputValue(), '30');
    assert.equal(await page.getByTestId('name').inputValue(), 'Typed early');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'families', 'the focus is where it was');
    await page.waitForFunction(() => JSON.parse(localStorage.getItem('socval.autosave.v1@/') || '{}').name === 'Typed early');
    const scenario = await autosaved(page);
    assert.equal(scenario.families, 90);
    assert.equal(Number(scenario.defaults.attribution), 0.3);
    const template = JSON.parse(cli(['evaluate', '@securing-change', '--format', 'json']));
    const back = { ...scenario, families: 20, name: template.scenario, defaults: { ...scenario.defaults, attribution: '0.25' } };
    assert.deepEqual(cliFigures(cliValuation(back)), cliFigures(template), 'nothing else changed');
    assert.deepEqual(await pageFigures(page), cliFigures(cliValuation(scenario)), 'the figures are the CLI\'s for what was typed');
    assert.match(await page.getByTestId('notice').innerText(), /What you typed while the calculator was starting has been applied/);
    assert.deepEqual(offOrigin(w.watch, slow.origin), []);
    assert.deepEqual(w.watch.errors, []);
  } finally {
    await context.close();
    await slow.close();
  }
});

test('notes state only figures in force: a template\'s notes, as paragraphs and lists, only while it is as shipped; each item\'s evidence note beside it', async () => {
  const { context, page } = await open();
  for (const id of templates) {
    await page.getByTestId('template').selectOption(id);
    await live(page);
    await page.getByTestId('outcome-0-scaling').waitFor();
    const notes = page.getByTestId('scenario-notes');
    await notes.evaluate((d) => { d.open = true; });
    assert.ok(await notes.locator('ul > li').count() >= 2, `${id}: the notes' list is a list`);
    assert.equal(await notes.locator('p', { hasText: /\s- / }).count(), 0, `${id}: no inline "- "`);
    assert.equal(await page.getByTestId('notes-left-out').count(), 0);
    const opening = (await notes.locator('p').first().innerText()).slice(0, 40);
    // An edit: the notes (which state the template's figures) give way to the core's line.
    const families = await page.getByTestId('families').inputValue();
    await page.getByTestId('families').fill(String(Number(families) + 1));
    await page.getByTestId('notes-left-out').waitFor({ state: 'attached' });
    assert.match(await page.getByTestId('notes-left-out').innerText(), /describe the template as shipped/);
    assert.ok(!(await notes.innerText()).includes(opening), `${id}: the stale notes are gone`);
    // Back as shipped: the notes return.
    await page.getByTestId('families').fill(families);
    await page.getByTestId('notes-left-out').waitFor({ state: 'detached' });
    assert.ok((await notes.innerText()).includes(opening));
    // Each item's evidence note, from the scenario, beside the item.
    const exported = JSON.parse(await page.evaluate(() => localStorage.getItem('socval.autosave.v1@/')));
    for (const [section, items] of [['outcome', exported.outcomes], ['avoided', exported.avoided]]) {
      for (const [i, item] of items.entries()) {
        const note = page.getByTestId(`${section}-${i}-evidence`);
        if (item.evidence) assert.equal(await note.innerText(), `Evidence: ${item.evidence.trim()}`);
        else assert.equal(await note.count(), 0);
      }
    }
  }
  await context.close();
});

test('the headline leads (value, per family, per £1 large); without a cost one invitation instead of each n/a; the information icon is drawn', async () => {
  const { context, page } = await open();
  await page.getByTestId('template').selectOption('step-together');
  await live(page);
  const size = (id) => page.getByTestId(id).evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  for (const [w, h] of [[1280, 900], [390, 844]]) {
    await page.setViewportSize({ width: w, height: h });
    assert.ok(await size('social-value') > 1.3 * await size('npv-social'), `${w}px: social value leads`);
    assert.ok(await size('fiscal-savings-per-family') > 1.3 * await size('programme-cost'), `${w}px: per family leads`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  // The shipped scenarios carry no programme cost: one invitation, no ratio or break-even shown.
  assert.equal(await page.getByTestId('cost-invite').count(), 1);
  assert.ok(!(await page.locator('.headline').innerText()).includes('n/a ('), 'no n/a among the figures');
  assert.equal(await page.getByTestId('sroi-social').count(), 0);
  // The information icon is the letter i in a drawn circle (every font has an i), not ⓘ.
  const links = page.locator('a.see');
  assert.ok(await links.count() >= 8);
  for (const l of await links.all()) {
    assert.equal(await l.innerText(), 'i');
    assert.equal(await l.evaluate((e) => getComputedStyle(e).borderTopLeftRadius), '50%');
  }
  assert.ok(!(await page.locator('.headline').innerText()).includes('ⓘ'));
  // With a cost, the ratios lead beside the values and the invitation goes.
  await page.getByTestId('add-cost').click();
  await page.waitForFunction(() => document.activeElement.id === 'cost-0-label');
  await page.getByTestId('cost-0-amount').fill('100000');
  await page.getByTestId('sroi-social').waitFor();
  assert.equal(await page.getByTestId('cost-invite').count(), 0);
  assert.equal(await page.getByTestId('headline-lead').locator('output').count(), 6);
  const scenario = await autosaved(page);
  assert.deepEqual(await pageFigures(page), cliFigures(cliValuation(scenario)));
  await context.close();
});

test('the Content-Security-Policy forbids other origins', async () => {
  const { context, page, watch } = await open();
  watches.pop(); // this page logs the refusals it provokes; the last test checks the others
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  for (const part of ["default-src 'self'", "connect-src 'self'", "object-src 'none'", "form-action 'none'"]) {
    assert.ok(csp.includes(part), `CSP has ${part}`);
  }
  const refused = await page.evaluate(async () => {
    try {
      await fetch('http://example.invalid/x');
      return false;
    } catch {
      return true;
    }
  });
  assert.ok(refused);
  assert.deepEqual(offOrigin(watch, session.server.origin), [], 'the CSP stopped the request before it was sent');
  await context.close();
});

for (const id of templates) {
  test(`template ${id}: headline figures equal the CLI's to the penny`, async () => {
    const { context, page } = await open();
    await page.getByTestId('template').selectOption(id);
    await live(page);
    const want = cliFigures(JSON.parse(cli(['evaluate', `@${id}`, '--format', 'json'])));
    // The page shows what it values: wait for the template's figures.
    let got;
    for (let i = 0; i < 50; i++) {
      got = await pageFigures(page);
      if (JSON.stringify(got) === JSON.stringify(want)) break;
      await page.waitForTimeout(20);
    }
    assert.deepEqual(got, want);
    // The working's rounded lines add up to the headline totals.
    for (const [section, fig] of [['social-value', 'social-value'], ['fiscal-savings', 'fiscal-savings'], ['programme-cost', 'programme-cost']]) {
      const total = (await page.getByTestId(`working-${section}-total`).textContent()).replace('£', '').replaceAll(',', '').replace('−', '-');
      assert.equal(total, got[fig], `working total of ${section}`);
    }
    // The evidence behind each figure, beside it on the page, is the CLI's split: the figure, then
    // each part that is not zero, strongest status first, in the core's words (issue 21).
    const v = JSON.parse(cli(['evaluate', `@${id}`, '--format', 'json']));
    for (const [key, testid] of [['social_value', 'social-value'], ['fiscal_savings', 'fiscal-savings'], ['cashable_savings', 'cashable-savings']]) {
      const parts = v.evidence[key].map((p) => pennies(p.rounded)).filter((p) => !/^-?0\.00$/.test(p));
      if (parts.length === 0) continue;
      const text = `${await page.getByTestId(testid).textContent()} ${await page.locator('dd', { has: page.getByTestId(testid) }).locator('.note').textContent()}`;
      const amounts = [...text.matchAll(/−?£[0-9,]+\.[0-9]{2}/g)].map((m) => plainFigure(m[0]));
      assert.deepEqual(amounts, [pennies(v.display[key]), ...(parts.length > 1 ? parts : [])], `${id}: ${key} by evidence: ${text}`);
      assert.match(text, parts.length > 1 ? /^£[0-9,.]+ of which £/ : /^£[0-9,.]+ all of it rests on /);
    }
    // Each line of the working cites its source as the CLI's does, once the tables' evidence text
    // (`tables-text.json`, which the live module fetches after it answers edits) has come.
    const cites = v.lines.filter((l) => l.source).map((l) => l.source);
    assert.ok(cites.length > 5, `${id}: the CLI's lines cite sources`);
    let shown = [];
    for (let i = 0; i < 100 && shown.length !== cites.length; i++) {
      shown = await page.locator('td.source .cite').allTextContents();
      if (shown.length !== cites.length) await page.waitForTimeout(50);
    }
    assert.deepEqual(shown, cites, `${id}: the working's sources`);
    await page.screenshot({ path: screenshotPath(`02-template-${id}`), fullPage: true });
    await context.close();
  });
}

test('a blank scenario: add an outcome and an avoided cost, figures equal the CLI\'s', async () => {
  const { context, page } = await open();
  await page.getByTestId('template').selectOption('blank');
  await page.getByTestId('name').waitFor();
  assert.equal(await page.getByTestId('name').inputValue(), 'New programme');
  const before = await pageFigures(page);
  await page.locator('#add-outcome').selectOption({ index: 1 });
  const withOutcome = await figuresChangedFrom(page, before);
  await page.locator('#add-avoided').selectOption({ index: 1 });
  const both = await figuresChangedFrom(page, withOutcome);
  assert.deepEqual(both, cliFigures(cliValuation(await autosaved(page))));
  await page.getByTestId('outcome-0-rate').fill('35');
  const typed = await figuresChangedFrom(page, both);
  assert.deepEqual(typed, cliFigures(cliValuation(await autosaved(page))));
  await page.getByTestId('region').selectOption('london');
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('socval.autosave.v1@/') || '{}').region === 'london');
  assert.deepEqual(await pageFigures(page), cliFigures(cliValuation(await autosaved(page))));
  await page.screenshot({ path: screenshotPath('02-blank-built'), fullPage: true });
  await context.close();
});

test('moving a slider updates the figures, which equal the CLI\'s for the changed scenario', async () => {
  const { context, page } = await open();
  await page.getByTestId('template').selectOption(templates[templates.length - 1]);
  const before = await pageFigures(page);
  const familiesBefore = Number(await page.getByTestId('families').inputValue());
  const slider = page.getByTestId('families-slider');
  await slider.focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  const families = Number(await page.getByTestId('families').inputValue());
  assert.equal(families, familiesBefore + 5);
  const after = await figuresChangedFrom(page, before);
  const scenario = await autosaved(page);
  assert.equal(scenario.families, families);
  assert.deepEqual(after, cliFigures(cliValuation(scenario)));

  // A share slider (percent) too.
  const rate = page.locator('[data-testid$="-rate-slider"]').first();
  if (await rate.count()) {
    const b2 = await pageFigures(page);
    await rate.focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    const a2 = await figuresChangedFrom(page, b2);
    assert.deepEqual(a2, cliFigures(cliValuation(await autosaved(page))));
  }
  await page.screenshot({ path: screenshotPath('03-slider-moved'), fullPage: true });
  await context.close();
});

test('typing an invalid value shows a message beside the field and keeps the last valid figures', async () => {
  const { context, page } = await open();
  const before = await pageFigures(page);
  const field = page.getByTestId('families');
  await field.fill('0');
  await page.getByTestId('families-error').waitFor();
  assert.match(await page.getByTestId('families-error').innerText(), /families/);
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  assert.deepEqual(await pageFigures(page), before, 'the last valid figures stay');
  await page.screenshot({ path: screenshotPath('04-invalid-field'), fullPage: false });
  await field.fill('12');
  await page.getByTestId('families-error').waitFor({ state: 'detached' });
  const after = await figuresChangedFrom(page, before);
  assert.deepEqual(after, cliFigures(cliValuation(await autosaved(page))));
  await context.close();
});

test('importing a bad JSON file shows line and field and leaves the scenario unchanged', async () => {
  const { context, page } = await open();
  const name = await page.getByTestId('name').inputValue();
  const before = await pageFigures(page);
  await page.getByTestId('import').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{\n  "name": "Broken",\n  "families": "many"\n}\n') });
  // Beside the import control (see table.test.mjs), not at the top of the page.
  const notice = page.getByTestId('import-error');
  await page.getByText(/Could not import broken\.json/).waitFor();
  const text = await notice.innerText();
  assert.match(text, /broken\.json/);
  assert.match(text, /line 3/);
  assert.match(text, /unchanged/);
  assert.equal(await page.getByTestId('name').inputValue(), name);
  assert.deepEqual(await pageFigures(page), before);
  await page.screenshot({ path: screenshotPath('05-bad-import'), fullPage: false });

  // A file naming a field the scenario does not have.
  await page.getByTestId('import').setInputFiles({ name: 'unknown.json', mimeType: 'application/json', buffer: Buffer.from('{"name":"x","families":3,"price_year":2024,"colour":"red"}') });
  await page.getByText(/unknown\.json/).waitFor();
  assert.match(await page.getByTestId('import-error').innerText(), /colour/);
  assert.deepEqual(await pageFigures(page), before);
  await context.close();
});

test('export then import round-trips; a good import replaces the scenario', async () => {
  const { context, page } = await open();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  assert.equal(exported.name, await page.getByTestId('name').inputValue());
  exported.name = 'Imported copy';
  exported.families = exported.families * 2;
  const before = await pageFigures(page);
  await page.getByTestId('import').setInputFiles({ name: 'copy.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
  await page.getByText('Imported copy.json').or(page.getByText(/Imported copy\.json/)).first().waitFor();
  assert.equal(await page.getByTestId('name').inputValue(), 'Imported copy');
  const after = await figuresChangedFrom(page, before);
  assert.deepEqual(after, cliFigures(cliValuation(exported)));
  await context.close();
});

test('work is autosaved and restored on reload; a corrupt autosave is set aside with a notice', async () => {
  const { context, page } = await open();
  await page.getByTestId('families').fill('37');
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('socval.autosave.v1@/') || '{}').families === 37);
  await page.reload();
  await live(page);
  assert.equal(await page.getByTestId('families').inputValue(), '37');
  assert.match(await page.getByTestId('notice').innerText(), /Restored/);
  assert.deepEqual(await pageFigures(page), cliFigures(cliValuation(await autosaved(page))));

  // Every autosave entry (the latest work, and this tab's own) is corrupt.
  await page.evaluate(() => {
    for (const k of Object.keys(localStorage)) if (k.startsWith('socval.autosave.v1')) localStorage.setItem(k, '{"name": "half a scen');
  });
  await page.reload();
  await live(page);
  const notice = await page.getByTestId('notice').innerText();
  assert.match(notice, /set aside/);
  assert.equal(await page.evaluate(() => localStorage.getItem('socval.autosave.corrupt@/')), '{"name": "half a scen');
  await page.screenshot({ path: screenshotPath('06-corrupt-autosave'), fullPage: false });
  await context.close();
});

test('a share link carries the scenario in the fragment and opens it', async () => {
  const { context, page } = await open();
  await page.getByTestId('families').fill('41');
  await page.getByTestId('name').fill('Shared programme');
  await page.getByTestId('share').click();
  const link = await page.getByTestId('share-link').inputValue();
  assert.ok(link.startsWith(session.server.origin + '/#scenario='));
  const other = await newWatchedPage(session.browser);
  watches.push(other.watch);
  await other.page.goto(link);
  await live(other.page);
  assert.equal(await other.page.getByTestId('families').inputValue(), '41');
  assert.equal(await other.page.getByTestId('name').inputValue(), 'Shared programme');
  assert.deepEqual(await other.page.evaluate(() => location.hash), '');
  await other.context.close();
  await context.close();
});

test('per-family records from a CSV file give the CLI\'s figures for the same records', async () => {
  const { context, page } = await open();
  const scenario = await (async () => {
    await page.getByTestId('families').fill('3');
    await page.waitForFunction(() => JSON.parse(localStorage.getItem('socval.autosave.v1@/') || '{}').families === 3);
    return autosaved(page);
  })();
  const outcome = scenario.outcomes[0].id;
  const csv = `family_id,${outcome}\nF1,yes\nF2,no\nF3,yes\n`;
  const before = await pageFigures(page);
  await page.getByTestId('records').setInputFiles({ name: 'families.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByText(/Loaded 3 families from families\.csv/).waitFor();
  const after = await figuresChangedFrom(page, before);
  const csvFile = path.join(path.dirname(writeTempScenario(scenario)), 'families.csv');
  fs.writeFileSync(csvFile, csv);
  const want = JSON.parse(cli(['evaluate', writeTempScenario(scenario), '--records', csvFile, '--format', 'json']));
  assert.deepEqual(after, cliFigures(want));

  // A bad CSV: message, figures unchanged.
  await page.getByTestId('records').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('family_id,confidence\n,yes\n') });
  await page.getByText(/Could not use bad\.csv/).waitFor();
  assert.deepEqual(await pageFigures(page), after);
  await context.close();
});

test('records are read with the scenario\'s [records] delimiter and mapping, as the CLI reads them (issue 22)', async () => {
  const { context, page } = await open();
  await page.getByTestId('families').fill('3');
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('socval.autosave.v1@/') || '{}').families === 3);
  const base = await autosaved(page);
  const outcome = base.outcomes[0].id;
  const scenario = { ...base, name: 'Export', records: { delimiter: ';', columns: { 'Case ref': 'family_id', 'Outcome A': outcome } } };
  await page.getByTestId('import').setInputFiles({ name: 'export.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(scenario)) });
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('socval.autosave.v1@/') || '{}').name === 'Export');
  const before = await pageFigures(page);
  const csv = 'Case ref;Outcome A\nF1;yes\nF2;no\nF3;yes\n';
  await page.getByTestId('records').setInputFiles({ name: 'export.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByText(/Loaded 3 families from export\.csv/).waitFor();
  const after = await figuresChangedFrom(page, before);
  const file = writeTempScenario(scenario);
  const csvFile = path.join(path.dirname(file), 'export.csv');
  fs.writeFileSync(csvFile, csv);
  const want = JSON.parse(cli(['evaluate', file, '--records', csvFile, '--format', 'json']));
  assert.deepEqual(after, cliFigures(want));
  // No warning asks for the mapping the scenario has.
  assert.equal(await page.getByText(/map a header to an item/).count(), 0);
  await context.close();
});

test('two scenarios side by side: pin the figures, then change the scenario', async () => {
  const { context, page } = await open();
  const before = await pageFigures(page);
  await page.getByTestId('pin').click();
  await page.getByTestId('template').selectOption('blank');
  const table = page.getByTestId('pinned-comparison');
  await table.waitFor();
  const row = table.locator('tr', { hasText: 'Social value' }).first();
  const cells = await row.locator('td').allInnerTexts();
  assert.equal(cells[0].replace('£', '').replaceAll(',', ''), before['social-value']);
  assert.equal(cells[1].replace('£', '').replaceAll(',', ''), (await pageFigures(page))['social-value']);
  await context.close();
});

test('uncertainty: the Monte Carlo band equals the CLI\'s for the same seed; a long run can be cancelled', async () => {
  const { context, page } = await open();
  const id = templates.includes('step-together') ? 'step-together' : templates[0];
  await page.getByTestId('template').selectOption(id);
  await page.getByTestId('mc-draws').fill('2000');
  await page.getByTestId('mc-seed').fill('7');
  await page.getByTestId('analyse').click();
  const mc = page.getByTestId('monte-carlo');
  await mc.waitFor({ timeout: 30000 });
  const want = JSON.parse(cli(['uncertainty', `@${id}`, '--draws', '2000', '--seed', '7', '--format', 'json']));
  const social = want.monte_carlo.spreads.find((x) => x.name === 'social_value');
  const cells = await mc.locator('tr', { hasText: 'social value' }).first().locator('td').allInnerTexts();
  const plain = cells.map((c) => c.replace('−', '-').replace('£', '').replaceAll(',', ''));
  assert.deepEqual(plain, [...social.percentiles.map(([, v]) => v), social.mean].map((v) => v.includes('.') ? v : `${v}.00`));
  assert.ok(await page.getByTestId('tornado-social').count());
  // Tornado and break-even labels name items as the rest of the page does, never by their ids.
  const scenario = await autosaved(page);
  const ids = [...scenario.outcomes, ...scenario.avoided].map((i) => i.id).filter((i) => /-/.test(i));
  const labelled = (await page.locator('[data-testid^="tornado-"] text.bar-label').allInnerTexts()).join(' | ')
    + (await page.getByTestId('break-even').innerText());
  for (const i of ids) assert.ok(!labelled.includes(i), `the id ${i} in the labels: ${labelled}`);
  // The fiscal tornado's base is the line named in the axis title: no tick or value label overlaps another.
  for (const t of ['tornado-social', 'tornado-fiscal']) {
    const chart = page.getByTestId(t);
    if (!(await chart.count())) continue;
    const overlaps = await chart.evaluate((c) => {
      const boxes = [...c.querySelectorAll('text.tick, text.bar-value, text.axis-title')].map((e) => [e.textContent, e.getBoundingClientRect()]);
      const out = [];
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
        const [a, r] = boxes[i];
        const [b, q] = boxes[j];
        if (r.left < q.right && q.left < r.right && r.top < q.bottom && q.top < r.bottom) out.push(`${a} / ${b}`);
      }
      return out;
    });
    assert.deepEqual(overlaps, [], t);
  }
  await page.getByTestId('monte-carlo').screenshot({ path: screenshotPath('10-monte-carlo') });
  await page.locator('.uncertainty').screenshot({ path: screenshotPath('11-uncertainty') });

  // A long run shows progress and stops when cancelled; the page keeps answering.
  await page.getByTestId('mc-draws').fill('1000000');
  await page.getByTestId('analyse').click();
  await page.getByTestId('mc-progress').waitFor();
  await page.getByTestId('cancel').click();
  await page.getByText('(cancelled)').waitFor();
  const before = await pageFigures(page);
  await page.getByTestId('families').fill('80');
  await figuresChangedFrom(page, before);
  await context.close();
});

/** The Monte Carlo table's cells of one figure (P5, P50, P95, mean) as plain decimals. */
async function bandOf(mc, name) {
  const cells = await mc.locator('tr', { hasText: new RegExp(`^${name}`) }).first().locator('td').allInnerTexts();
  return cells.map((c) => c.replace('−', '-').replace('£', '').replaceAll(',', ''));
}

/** The CLI's spread of one figure in the page's form. */
function cliBand(analysis, name) {
  const s = analysis.monte_carlo.spreads.find((x) => x.name === name);
  return [...s.percentiles.map(([, v]) => v), s.mean].map((v) => (v.includes('.') ? v : `${v}.00`)).map((v) => {
    const [i, f] = v.split('.');
    return `${i}.${(f + '00').slice(0, 2)}`;
  });
}

test('uncertainty: a range added on the page gives the CLI\'s band for the exported scenario; a bad range keeps the last analysis', async () => {
  const { context, page } = await open();
  const id = templates.includes('step-together') ? 'step-together' : templates[0];
  await page.getByTestId('template').selectOption(id);
  await live(page);
  const figures = await pageFigures(page);
  const rows = page.getByTestId('ranges').locator('[role="group"]');
  const n = await rows.count();
  assert.equal(n, (await autosaved(page))?.ranges?.length ?? n, 'one row per scenario range');

  // Add a range on the discount rate: it is offered with its current value, and prefilled.
  const option = page.getByTestId('add-range').locator('option[value="discount_rate"]');
  assert.match(await option.innerText(), /Discount rate \(now 3\.5 %\)/);
  await page.getByTestId('add-range').selectOption('discount_rate');
  const row = page.getByTestId(`range-${n}`);
  await row.waitFor();
  assert.match(await row.innerText(), /Discount rate/);
  assert.equal(await page.getByTestId(`range-${n}-low`).inputValue(), '1.75');
  assert.equal(await page.getByTestId(`range-${n}-high`).inputValue(), '5.25');
  // Set it by keyboard: the fields are labelled and take typing.
  const low = page.getByTestId(`range-${n}-low`);
  await low.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('1.5');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('6');
  assert.equal(await page.getByTestId(`range-${n}-high`).inputValue(), '6');
  await page.getByTestId(`range-${n}-distribution`).selectOption('uniform');
  // And one on a proxy, which starts from the table's low and high when it has them.
  const proxy = await page.getByTestId('add-range').locator('option[value^="wellbeing."]').first().getAttribute('value');
  await page.getByTestId('add-range').selectOption(proxy);
  await page.getByTestId(`range-${n + 1}`).waitFor();
  await page.getByTestId(`range-${n + 1}-distribution`).selectOption('pert');
  assert.deepEqual(await pageFigures(page), figures, 'ranges never change the deterministic figures');

  await page.getByTestId('mc-draws').fill('2000');
  await page.getByTestId('mc-seed').fill('11');
  await page.getByTestId('analyse').click();
  const mc = page.getByTestId('monte-carlo');
  await mc.getByText('2000 draws, seed 11').waitFor({ timeout: 30000 });

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  const added = exported.ranges.find((r) => r.target === 'discount_rate');
  assert.deepEqual(added, { target: 'discount_rate', low: '0.015', high: '0.06', distribution: 'uniform' });
  assert.equal(exported.ranges.find((r) => r.target === proxy).distribution, 'pert');
  assert.deepEqual([exported.uncertainty.seed, exported.uncertainty.draws], [11, 2000]);
  assert.deepEqual(await autosaved(page), exported, 'the autosave holds the same scenario');
  const want = JSON.parse(cli(['uncertainty', writeTempScenario(exported), '--format', 'json']));
  assert.equal(want.monte_carlo.draws, 2000);
  assert.ok(want.assumptions.some((a) => a.target === 'discount_rate'));
  for (const name of ['social value', 'fiscal savings']) {
    assert.deepEqual(await bandOf(mc, name), cliBand(want, name.replace(' ', '_')), name);
  }
  // The tornado reads as the two ends of each total.
  assert.match(await page.getByTestId('tornado-social').innerText(), /£[\d,]+\.\d\d – £[\d,]+\.\d\d/);
  const band = await bandOf(mc, 'social value');

  // A bad range: the core's message beside its row; the scenario and the analysis stay.
  await page.getByTestId(`range-${n}-low`).fill('5');
  const error = page.getByTestId(`range-${n}-error`);
  await error.waitFor();
  assert.match(await error.innerText(), /discount_rate.*outside the range/);
  assert.equal(await page.getByTestId('analyse').isDisabled(), true);
  assert.deepEqual(await bandOf(mc, 'social value'), band, 'the last analysis stays on screen');
  assert.equal(await page.locator('.uncertainty .stale-note').count(), 0);
  assert.equal((await autosaved(page)).ranges.find((r) => r.target === 'discount_rate').low, '0.015');
  await page.getByTestId(`range-${n}-high`).fill('150');
  assert.deepEqual(await pageFigures(page), figures);
  await page.locator('.uncertainty').screenshot({ path: screenshotPath('12-ranges') });
  await page.getByTestId(`range-${n}-low`).fill('2');
  await page.getByTestId(`range-${n}-high`).fill('6');
  await page.getByTestId(`range-${n}-error`).waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('analyse').isDisabled(), false);
  assert.equal((await autosaved(page)).ranges.find((r) => r.target === 'discount_rate').low, '0.02');

  // Remove it again; table ranges can be switched off.
  await page.getByTestId(`range-${n}-remove`).click();
  await page.getByTestId(`range-${n + 1}`).waitFor({ state: 'detached' });
  assert.ok(!(await autosaved(page)).ranges.some((r) => r.target === 'discount_rate'));
  await page.getByTestId('table-ranges').uncheck();
  assert.equal((await autosaved(page)).uncertainty.table_ranges, false);
  await context.close();
});

test('one scenario under two table versions, side by side', async () => {
  const { context, page } = await open();
  const select = page.getByTestId('compare-with');
  if (!(await select.count())) {
    await context.close();
    return;
  }
  const option = await select.locator('option').nth(1).getAttribute('value');
  await select.selectOption(option);
  const table = page.getByTestId('comparison');
  await table.waitFor();
  assert.match(await table.innerText(), /Social value/);
  await table.screenshot({ path: screenshotPath('07-compare') });
  await context.close();
});

test('phone width, keyboard labels and print', async () => {
  const { context, page } = await open({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `no sideways scrolling at phone width (overflow ${overflow}px)`);
  await page.screenshot({ path: screenshotPath('08-phone'), fullPage: false });
  // Every input, select and slider has an accessible name.
  const unnamed = await page.evaluate(() => [...document.querySelectorAll('input, select')].filter((el) => {
    const id = el.id && document.querySelector(`label[for="${el.id}"]`);
    return !(id || el.getAttribute('aria-label') || el.closest('label'));
  }).map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(unnamed, []);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.controls').isVisible(), false, 'the inputs are not printed');
  assert.equal(await page.getByTestId('social-value').isVisible(), true);
  await page.pdf?.({ path: screenshotPath('09-print').replace(/\.png$/, '.pdf') }).catch(() => {});
  await context.close();
});

test('no request of any test left the origin, and no page logged an error', () => {
  for (const w of watches) {
    assert.deepEqual(offOrigin(w, session.server.origin), []);
    assert.deepEqual(w.errors, []);
  }
});
