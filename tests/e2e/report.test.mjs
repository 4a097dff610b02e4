// The funder report made on the page (in the analysis module, from a blob: nothing leaves the
// browser) is the CLI's `socval report`, byte for byte, with and without the P5–P95 bands; its
// headline figures are the CLI's `evaluate --format json` to the penny. Saves an A4-sized
// screenshot of the report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  ROOT, pageSession, offOrigin, screenshotPath, cli, pennies, live,
} from './helpers.mjs';

const session = pageSession();

const templates = fs.readdirSync(path.join(ROOT, 'crates/socval/scenarios')).filter((f) => f.endsWith('.toml'))
  .map((f) => f.replace(/\.toml$/, '')).sort();

const open = (options = {}) => session.open({ acceptDownloads: true, ...options });

/** Clicks "Funder report" and returns the report's HTML, read back from the page's download link. */
async function reportOf(page) {
  await page.getByTestId('funder-report').click();
  const link = page.getByTestId('report-download');
  await link.waitFor({ timeout: 60000 });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.match(download.suggestedFilename(), /-funder-report\.html$/);
  const file = await download.path();
  const html = fs.readFileSync(file, 'utf8');
  const href = await page.getByTestId('report-open').getAttribute('href');
  assert.ok(href.startsWith('blob:'), 'the report is a blob made in the browser');
  return html;
}

/** The headline rows of a report: label → [total, per family], as plain decimals. */
function headline(html) {
  const table = html.slice(0, html.indexOf('</table>'));
  const rows = {};
  for (const m of table.matchAll(/<tr><th scope="row">([^<]+)<\/th><td class="n">([^<]+)(?:<br>.*?)?<\/td><td class="n">([^<]+)/g)) {
    const plain = (t) => t.replace('−', '-').replace('£', '').replaceAll(',', '');
    rows[m[1]] = [plain(m[2]), plain(m[3])];
  }
  return rows;
}

test('the funder report is the CLI\'s report of each shipped scenario, without and with the bands', async () => {
  const { context, page, watch } = await open();
  for (const id of templates) {
    await page.getByTestId('template').selectOption(id);
    await live(page);
    const date = await page.evaluate(() => new Date().toISOString().slice(0, 10));
    const html = await reportOf(page);
    assert.equal(html, cli(['report', `crates/socval/scenarios/${id}.toml`, '--no-uncertainty', '--date', date]), `${id}: plain report`);
    const v = JSON.parse(cli(['evaluate', `crates/socval/scenarios/${id}.toml`, '--format', 'json']));
    const h = headline(html);
    assert.deepEqual(h['Social value'], [pennies(v.display.social_value), pennies(v.display.social_value_per_family)]);
    assert.deepEqual(h['Fiscal savings (public costs avoided)'], [pennies(v.display.fiscal_savings), pennies(v.display.fiscal_savings_per_family)]);
    assert.ok(!html.includes('P5–P95 '), `${id}: no bands before an analysis`);

    if (id === templates[0]) {
      const shot = await context.newPage();
      await shot.setViewportSize({ width: 794, height: 1123 });
      await shot.setContent(html);
      await shot.screenshot({ path: screenshotPath('20-funder-report-a4') });
      await shot.close();
    }

    // After the analysis, the report carries its bands: the CLI's with the same seed.
    await page.getByTestId('analyse').click();
    await page.getByTestId('monte-carlo').waitFor({ timeout: 60000 });
    const banded = await reportOf(page);
    assert.equal(banded, cli(['report', `crates/socval/scenarios/${id}.toml`, '--date', date]), `${id}: report with bands`);
    assert.ok(banded.includes('P5–P95 '), `${id}: bands after the analysis`);
  }
  // A change of the scenario withdraws the report of the old one.
  await page.getByTestId('families').fill('77');
  await page.getByTestId('report-download').waitFor({ state: 'detached' });
  assert.deepEqual(offOrigin(watch, session.server.origin), []);
  assert.deepEqual(watch.errors, []);
  await context.close();
});

/** Runs the analysis of the scenario on screen and waits until it is finished and current (the
 * report then carries its bands). */
async function analysed(page) {
  await page.getByText('has no bands until the uncertainty analysis has been run').waitFor();
  await page.getByTestId('analyse').click();
  await page.getByText('carries the P5–P95 bands of the analysis above').waitFor({ timeout: 120000 });
}

/** The A4 pages Chromium prints before a report's appendix (its own print styles). */
async function pagesBeforeAppendix(context, html) {
  const tab = await context.newPage();
  await tab.setContent(html);
  await tab.addStyleTag({ content: '.appendix { display: none !important; }' });
  const pdf = (await tab.pdf({ format: 'A4', preferCSSPageSize: true })).toString('latin1');
  await tab.close();
  return (pdf.match(/\/Type\s*\/Page[^s]/g) || []).length;
}

test('the funder report: at most 2 A4 pages before the appendix for every shipped template with every option of the page at once; notes as paragraphs and lists; stale notes left out', async () => {
  const { context, page } = await open();
  const printed = [];
  for (const id of templates) {
    await page.getByTestId('template').selectOption(id);
    await live(page);
    const plain = await reportOf(page);
    printed.push([id, 'as shipped', await pagesBeforeAppendix(context, plain)]);
    await analysed(page);
    printed.push([id, 'as shipped, with the bands', await pagesBeforeAppendix(context, await reportOf(page))]);
    // The template's notes, shown as shipped: paragraphs and a list, no inline "- ".
    const notes = plain.slice(plain.indexOf("<h2>The programme's own notes and caveats</h2>"), plain.indexOf('<h2>', plain.indexOf("<h2>The programme's own notes") + 5));
    assert.match(notes, /<ul><li>/, `${id}: the notes' list is a list`);
    assert.ok(!/<p>[^<]*\s- /.test(notes), `${id}: no inline "- " in a paragraph`);

    // Every option at once: a named deadweight level, a cost, the combined total and the bands.
    const level = page.getByTestId('default-deadweight-level');
    await level.selectOption(await level.locator('option[value]:not([value=""])').first().getAttribute('value'));
    await page.getByTestId('add-cost').click();
    // The new cost's first field takes the focus: type its amount once it has.
    await page.waitForFunction(() => /^cost-\d+-label$/.test(document.activeElement.id));
    const n = await page.locator('[data-testid^="cost-"][data-testid$="-amount"]').count();
    await page.getByTestId(`cost-${n - 1}-amount`).fill('150000');
    if (!(await page.getByTestId('combined-total').isChecked())) await page.getByTestId('combined-total').check();
    await analysed(page);
    const html = await reportOf(page);
    assert.ok(html.includes('P5–P95 ') && html.includes('Probability that social value exceeds the programme cost'), `${id}: bands and probabilities: ${html.slice(html.indexOf('<h2>Headline'), html.indexOf('<h2>How the figures'))}`);
    assert.ok(html.includes('Named levels chosen'), `${id}: the level is cited`);
    // After an edit, the template's notes (which state its figures) are left out, with a line.
    assert.ok(html.includes('describe the template as shipped'), `${id}: stale notes left out`);
    const opening = notes.match(/<p>([^<]{40})/)[1];
    assert.ok(plain.includes(opening) && !html.includes(opening), `${id}: the notes' text is not in the edited scenario's report`);
    printed.push([id, 'level + cost + combined + bands', await pagesBeforeAppendix(context, html)]);
  }
  console.log('A4 pages before the appendix:\n' + printed.map((p) => `  ${p[0]} (${p[1]}): ${p[2]}`).join('\n'));
  for (const [id, what, pages] of printed) assert.ok(pages <= 2, `${id} (${what}): ${pages} pages before the appendix`);
  await context.close();
});

test('"Print a summary" opens the funder report in a new tab, not the page', async () => {
  const { context, page } = await open();
  const [tab] = await Promise.all([
    context.waitForEvent('page', { timeout: 60000 }),
    page.getByTestId('print-report').click(),
  ]);
  await tab.waitForLoadState();
  assert.ok(tab.url().startsWith('blob:'));
  assert.match(await tab.locator('h1').innerText(), /\S/);
  assert.match(await tab.title(), /social value report/);
  await context.close();
});
