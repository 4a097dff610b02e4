// A new visitor's page goes live on the first module (issue 26 round 5: the calculator without
// the analysis, comparison and file panels, the records or the scenario reader, so that a slow
// line answers edits sooner), and the full module takes over once loaded. Figures are checked
// against the CLI to the penny; the full module is held back by the test until it says.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newWatchedPage, offOrigin, cli, cliValuation, pageFigures, cliFigures, live, liveFirst,
} from './helpers.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const moduleOf = (page) => page.locator('#app').getAttribute('data-module');
const autosaved = async (page) => JSON.parse(await page.evaluate(() => localStorage.getItem('socval.autosave.v1@/')));

/** A new visitor's page, live on the first module, with the full module held until `release()`. */
async function onFirstModule() {
  const w = await newWatchedPage(browser, { viewport: { width: 1280, height: 900 } });
  let release;
  const held = new Promise((r) => { release = r; });
  await w.page.route('**/socval_web_bg.wasm', async (route) => { await held; await route.continue(); });
  await w.page.goto(server.origin + '/');
  await liveFirst(w.page);
  return { ...w, release };
}

test('the first module goes live with the first screen\'s figures and answers an edit with the figures the full page gives; Undo is carried over', async () => {
  const { context, page, watch, release } = await onFirstModule();
  assert.equal(await moduleOf(page), 'first');
  const template = JSON.parse(cli(['evaluate', '@securing-change', '--format', 'json']));
  assert.deepEqual(await pageFigures(page), cliFigures(template), 'the first template\'s figures, to the penny');
  // The panels it leaves out say they are loading, under their own headings.
  const loading = page.getByTestId('loading-panel');
  assert.equal(await loading.count(), 3);
  assert.deepEqual(await loading.locator('h2').allInnerTexts(),
    ['How sure are these figures?', 'Compare two scenarios', 'Save, share, load']);
  assert.equal(await page.getByTestId('analyse').count(), 0);
  // An edit on the first module: the CLI's figures for the edited scenario (its autosave).
  await page.getByTestId('families').fill('37');
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('socval.autosave.v1@/') || '{}').families === 37);
  const edited = await autosaved(page);
  const want = cliFigures(cliValuation(edited));
  assert.deepEqual(await pageFigures(page), want, 'the first module\'s figures for the edit are the CLI\'s');
  // Another template, which Undo takes back: on the full page too, once it has taken over.
  await page.getByTestId('template').selectOption('step-together');
  await page.getByTestId('undo').waitFor();
  release();
  await live(page);
  assert.equal(await moduleOf(page), 'full');
  assert.deepEqual(await pageFigures(page), cliFigures(JSON.parse(cli(['evaluate', '@step-together', '--format', 'json']))));
  await page.getByTestId('undo').click();
  await page.waitForFunction(() => document.getElementById('families')?.value === '37');
  assert.deepEqual(await pageFigures(page), want, 'the full page shows the same figures for the edited scenario');
  assert.equal(await page.getByTestId('loading-panel').count(), 0, 'the panels are in place');
  await page.getByTestId('analyse').waitFor();
  assert.deepEqual(offOrigin(watch, server.origin), []);
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('the full module takes over keeping the edited scenario, a refused draft, open sections, focus, caret, scroll, and what is typed during the swap', async () => {
  const { context, page, watch, release } = await onFirstModule();
  await page.getByTestId('template').selectOption('step-together');
  await page.getByTestId('families').fill('41');
  // A draft the core refuses stays beside its field, with the last valid figures.
  await page.getByTestId('discount-rate').fill('abc');
  await page.locator('[data-testid="discount-rate"][aria-invalid="true"]').waitFor();
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('socval.autosave.v1@/') || '{}').families === 41);
  await page.getByTestId('notes-left-out').waitFor({ state: 'attached' });
  await page.getByTestId('scenario-notes').evaluate((d) => { d.open = true; });
  const figures = await pageFigures(page);
  const name = page.getByTestId('name');
  await name.click();
  await name.press('End');
  await page.evaluate(() => scrollTo(0, 300));
  // (A key typed first: the browser scrolls the field into view if it must.)
  await page.keyboard.type(' ');
  const y = await page.evaluate(() => scrollY);
  assert.ok(y > 100, `scrolled down: ${y}`);
  // Typed while the full module arrives, is compiled and takes over: every key is kept.
  release();
  await page.keyboard.type('typed across the swap', { delay: 40 });
  await live(page);
  await page.waitForFunction(() => performance.getEntriesByName('socval:full').length > 0);
  assert.equal(await moduleOf(page), 'full');
  const scenario = JSON.parse(cli(['evaluate', '@step-together', '--format', 'json'])).scenario;
  await page.waitForFunction((n) => document.getElementById('name')?.value === n, `${scenario} typed across the swap`);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'name', 'the focus is where it was');
  assert.equal(await page.getByTestId('template').inputValue(), 'step-together');
  assert.equal(await page.getByTestId('families').inputValue(), '41');
  assert.equal(await page.getByTestId('discount-rate').inputValue(), 'abc');
  assert.equal(await page.getByTestId('discount-rate').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByTestId('scenario-notes').evaluate((d) => d.open), true, 'the open notes stay open');
  assert.equal(await page.evaluate(() => scrollY), y, 'the scroll is where it was');
  assert.deepEqual(await pageFigures(page), figures, 'the same figures');
  // The full page's autosave is the scenario as edited on both sides of the swap.
  await page.waitForFunction((n) => JSON.parse(localStorage.getItem('socval.autosave.v1@/') || '{}').name === n,
    `${scenario} typed across the swap`);
  assert.equal((await autosaved(page)).families, 41);
  // The message the first module showed: no message of a restore.
  assert.match(await page.getByTestId('notice').innerText(), /^Opened the template “Step Together/);
  assert.deepEqual(offOrigin(watch, server.origin), []);
  assert.deepEqual(watch.errors, []);
  await context.close();
});
