// Issue 12 in Chromium: help in plain words (the core's glossary), named deadweight levels,
// counts that stay fixed unless scaled on purpose, and the page on a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  pageSession, newWatchedPage, cli, cliValuation, pageFigures, cliFigures, pennies, plainFigure,
  screenshotPath, EXAMPLE, live,
} from './helpers.mjs';

const session = pageSession();

const open = (viewport = { width: 1280, height: 900 }) => session.open({ viewport });

/** Loads a scenario object through the import field; waits for its figures. */
async function load(page, scenario) {
  await page.getByTestId('import').setInputFiles({
    name: 'scenario.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(scenario)),
  });
  await page.waitForFunction((n) => document.querySelector('[data-testid="name"]')?.value === n, scenario.name);
}

test('each adjustment and figure explains its term in plain words; the glossary has the worked example', async () => {
  const { context, page, watch } = await open();
  const help = page.getByTestId('default-deadweight-help');
  await help.locator('summary').click();
  assert.match(await help.innerText(), /would have happened anyway/);
  // The ⓘ still goes to the working; the "?" beside it explains the term.
  assert.equal(await page.locator('#social-value-label a.see').getAttribute('href'), '#working-social-value');
  await page.getByTestId('social-value-help').locator('summary').click();
  assert.match(await page.getByTestId('social-value-help').innerText(), /\S{10}/);
  const glossary = page.getByTestId('glossary');
  for (const id of ['deadweight', 'attribution', 'displacement', 'drop-off', 'duration']) {
    assert.equal(await glossary.locator(`#glossary-${id}`).count(), 1, id);
  }
  assert.match(await page.getByTestId('worked-example').innerText(), /£9,043\.48/);
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('a named deadweight level chosen on the page gives the CLI\'s figures and names itself', async () => {
  const { context, page } = await open();
  await load(page, EXAMPLE);
  const select = page.getByTestId('default-deadweight-level');
  const options = await select.locator('option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
  assert.equal(options[0][0], '', 'own figure first');
  const [id, summary] = options[1];
  assert.ok(id && summary.length > 10, summary);
  // The item's own deadweight (0.2) stays in force; choose the level for the item.
  const before = await pageFigures(page);
  const shown = await page.getByTestId('social-value').innerText();
  await page.getByTestId('outcome-0').locator('details > summary').first().click();
  await page.getByTestId('outcome-0-deadweight-level').selectOption(id);
  await page.waitForFunction((b) => document.querySelector('[data-testid="social-value"]').textContent !== b, shown);
  const want = cliValuation({ ...EXAMPLE, outcomes: [{ ...EXAMPLE.outcomes[0], deadweight: undefined, deadweight_level: id }] });
  assert.deepEqual(await pageFigures(page), cliFigures(want));
  assert.notDeepEqual(await pageFigures(page), before);
  const inForce = await page.getByTestId('outcome-0-deadweight-level-in-force').innerText();
  assert.match(inForce, /set for this item: /);
  // The scenario default too; back to the item's own figure (none: the default level is in force).
  await page.getByTestId('default-deadweight-level').selectOption(id);
  await page.getByTestId('outcome-0-deadweight-level').selectOption('');
  await page.getByTestId('outcome-0-deadweight-level-in-force').waitFor();
  assert.match(await page.getByTestId('outcome-0-deadweight-level-in-force').innerText(), /scenario default: /);
  await context.close();
});

test('counts stay fixed when the families move, unless "scale counts with families" is ticked', async () => {
  const { context, page } = await open();
  const scenario = {
    ...EXAMPLE,
    name: 'Counts',
    outcomes: [{ id: 'confidence', proxy: 'high-confidence', people: '4', deadweight: '0.2' }],
  };
  await load(page, scenario);
  assert.match(await page.getByTestId('outcome-0-scaling').innerText(), /count: stays fixed/);
  assert.equal(await page.getByTestId('scale-counts').isChecked(), false);
  await page.getByTestId('families').fill('20');
  await page.waitForFunction(() => document.querySelector('[data-testid="outcome-0-people"]').value === '4');
  assert.deepEqual(await pageFigures(page), cliFigures(cliValuation({ ...scenario, families: 20 })));
  await page.getByTestId('scale-counts').check();
  assert.match(await page.getByTestId('outcome-0-scaling').innerText(), /scaled with the families/);
  await page.getByTestId('families').fill('40');
  await page.waitForFunction(() => document.querySelector('[data-testid="outcome-0-people"]').value === '8');
  assert.deepEqual(await pageFigures(page), cliFigures(cliValuation({ ...scenario, families: 40, outcomes: [{ ...scenario.outcomes[0], people: '8' }] })));
  await context.close();
});

test('on a phone (390×844) the sticky bar shows the per-family figure and a link jumps to the results', async () => {
  const { context, page } = await open({ width: 390, height: 844 });
  const id = await page.getByTestId('template').inputValue();
  const v = JSON.parse(cli(['evaluate', `crates/socval/scenarios/${id}.toml`, '--format', 'json']));
  const perFamily = plainFigure((await page.getByTestId('mobile-per-family').innerText()).replace(/^Per family\s*/, ''));
  assert.equal(perFamily, pennies(v.display.social_value_per_family));
  const jump = page.getByTestId('jump-results');
  assert.ok(await jump.isVisible(), 'the jump link shows on a phone');
  const box = await jump.boundingBox();
  assert.ok(box.y < 844, 'the jump link is on the first screen');
  await jump.click();
  await page.waitForFunction(() => {
    const r = document.querySelector('[data-testid="social-value"]').getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  });
  await page.screenshot({ path: screenshotPath('21-phone-results') });
  await context.close();
});

test('charts: full labels, an axis and a key; histograms mark P5, P95 and the cost; SVG and PNG downloads', async () => {
  const { context, page, watch } = await newWatchedPage(session.browser, { viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await page.goto(session.server.origin + '/');
  await live(page);
  const id = await page.getByTestId('template').inputValue();
  const v = JSON.parse(cli(['evaluate', `crates/socval/scenarios/${id}.toml`, '--format', 'json']));
  const chart = page.getByTestId('chart-items');
  const labels = await chart.locator('text.bar-label').evaluateAll((ts) => ts.map((t) => [...t.querySelectorAll('tspan')].map((s) => s.textContent).join(' ')));
  const want = v.items.filter((i) => i.section !== 'programme-cost').map((i) => i.label);
  assert.deepEqual(labels, want, 'every label in full');
  assert.ok(await chart.locator('.x-axis line.axis').count() >= 1);
  assert.ok(await chart.locator('g.legend').count() >= 1);
  const [svg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('chart-items-svg-download').click()]);
  const svgText = fs.readFileSync(await svg.path(), 'utf8');
  assert.ok(svgText.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'), svgText.slice(0, 80));
  assert.ok(svgText.includes(want[0].split(' ')[0]));
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('chart-items-png-download').click()]);
  const bytes = fs.readFileSync(await png.path());
  assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
  assert.ok(bytes.length > 2000);
  await page.getByTestId('mc-draws').fill('500');
  await page.getByTestId('analyse').click();
  await page.getByTestId('monte-carlo').waitFor({ timeout: 60000 });
  const hist = page.getByTestId('histogram-social_value');
  assert.equal(await hist.locator('line.mark.band').count(), 2, 'P5 and P95');
  assert.equal(await hist.locator('line.mark.cost').count(), 0, 'the shipped scenarios carry no programme cost');
  assert.ok(await hist.locator('.x-axis .tick').count() >= 2);
  // With a programme cost, its line is drawn.
  await load(page, EXAMPLE);
  await page.getByTestId('mc-draws').fill('500');
  await page.getByTestId('analyse').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="histogram-social_value"] line.mark.cost').length === 1, null, { timeout: 60000 });
  await hist.screenshot({ path: screenshotPath('22-histogram') });
  await chart.screenshot({ path: screenshotPath('23-chart-items') });
  assert.deepEqual(watch.errors, []);
  await context.close();
});
