// The page as hosted (issue 25): two copies of the page under two paths of one origin (as GitHub
// Pages project sites share one) keep separate saves; saves kept for the whole origin by an older
// version move, once, to the first copy opened, with a notice; and index.html opened from a file
// says why the calculator cannot start there and what to do, instead of "Starting the calculator".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DIST, startServer, launchBrowser, newWatchedPage, live } from './helpers.mjs';

let server;
let browser;
const watches = [];

before(async () => {
  // One origin, the same dist/ under two paths.
  const site = fs.mkdtempSync(path.join(os.tmpdir(), 'socval-site-'));
  fs.symlinkSync(DIST, path.join(site, 'socval'));
  fs.symlinkSync(DIST, path.join(site, 'socval2'));
  // A page of the same origin that is not socval.
  fs.writeFileSync(path.join(site, 'elsewhere.html'), '<!doctype html><title>elsewhere</title><link rel="icon" href="data:,">');
  server = await startServer(site);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  for (const w of watches) assert.deepEqual(w.errors, [], 'no console or page error');
});

/** A context of its own (its own storage, shared by its pages, as one browser's). */
async function context() {
  const w = await newWatchedPage(browser, { viewport: { width: 1280, height: 900 } });
  watches.push(w.watch);
  return w;
}

async function open(page, where) {
  await page.goto(server.origin + where);
  await live(page);
}

const savedNames = (page) => page.locator('[data-testid="saved-list"] option').allInnerTexts();
const families = (page) => page.getByTestId('families').inputValue();

test('two copies of the page under two paths keep separate saves', async () => {
  const { context: ctx, page } = await context();
  await open(page, '/socval/');
  const template = await families(page);
  await page.getByTestId('families').fill('37');
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('socval.autosave.v1@/socval/') || '{}').families === 37);
  await page.getByTestId('save-name').fill('Mine');
  await page.getByTestId('save').click();
  await page.getByText('Saved “Mine” in this browser.').waitFor();
  assert.ok((await savedNames(page)).some((n) => n.includes('Mine')));

  // The other copy, in another tab of the same browser: neither the work nor the save.
  const other = await ctx.newPage();
  other.on('pageerror', (err) => watches.at(-1).errors.push(String(err)));
  await open(other, '/socval2/');
  assert.equal(await families(other), template, 'the other copy opens on its template, not on this copy\'s work');
  assert.equal(await other.getByTestId('notice').count(), 0, 'nothing restored, nothing moved');
  assert.ok(!(await savedNames(other)).some((n) => n.includes('Mine')), 'the other copy does not list the save');
  // Its own work stays its own, and the first copy still has its work and its save.
  await other.getByTestId('families').fill('12');
  await other.waitForFunction(() => JSON.parse(localStorage.getItem('socval.autosave.v1@/socval2/') || '{}').families === 12);
  await page.reload();
  await live(page);
  assert.equal(await families(page), '37');
  assert.match(await page.getByTestId('notice').innerText(), /Restored your last work/);
  assert.ok((await savedNames(page)).some((n) => n.includes('Mine')));
  await ctx.close();
});

test('saves kept for the whole origin move, once, to the first copy opened, with a notice', async () => {
  const { context: ctx, page: p } = await context();
  // The first template's work with 23 families, as an older version kept it: for the whole
  // origin. Set from a page of the origin that is not socval, so that nothing runs before.
  await open(p, '/socval/');
  const template = await families(p);
  await p.getByTestId('families').fill('23');
  await p.waitForFunction(() => JSON.parse(localStorage.getItem('socval.autosave.v1@/socval/') || '{}').families === 23);
  const work = await p.evaluate(() => localStorage.getItem('socval.autosave.v1@/socval/'));
  await p.goto(server.origin + '/elsewhere.html');
  await p.evaluate((w) => {
    localStorage.clear();
    localStorage.setItem('socval.autosave.v1', w);
    localStorage.setItem('socval.saved.v1:Old plan', w);
    localStorage.setItem('socval.saved-records.v1:Old plan', 'family_id\n');
  }, work);

  // The first copy opened takes them, and says so.
  await open(p, '/socval2/');
  const notice = await p.getByTestId('notice').innerText();
  assert.match(notice, /kept per copy of the page: 1 named scenario and your autosaved work/);
  assert.match(notice, /\(\/socval2\/\)/);
  assert.equal(await families(p), '23', 'the moved autosave is the work opened');
  assert.ok((await savedNames(p)).some((n) => n.includes('Old plan')));
  const keys = await p.evaluate(() => Object.keys(localStorage));
  for (const old of ['socval.autosave.v1', 'socval.saved.v1:Old plan', 'socval.saved-records.v1:Old plan']) {
    assert.ok(!keys.includes(old), `${old} is gone: ${keys}`);
  }
  assert.ok(keys.includes('socval.saved.v1@/socval2/:Old plan') && keys.includes('socval.saved-records.v1@/socval2/:Old plan'), `${keys}`);
  assert.equal(JSON.parse(await p.evaluate(() => localStorage.getItem('socval.autosave.v1@/socval2/'))).families, 23);

  // Once: the other copy gets none of it, and no notice; nor does the first copy again.
  await open(p, '/socval/');
  assert.equal(await families(p), template);
  assert.equal(await p.getByTestId('notice').count(), 0);
  assert.ok(!(await savedNames(p)).some((n) => n.includes('Old plan')));
  await open(p, '/socval2/');
  assert.doesNotMatch(await p.getByTestId('notice').innerText(), /kept per copy/);
  await ctx.close();
});

test('index.html opened from a file says why the calculator cannot start and what to do', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto('file://' + path.join(DIST, 'index.html'));
  const box = page.getByTestId('from-file');
  await box.waitFor();
  const text = await box.innerText();
  assert.match(text, /Opened from a file \(file:\/\/\), this page cannot start its calculator/);
  assert.match(text, /python3 -m http\.server 8000/);
  assert.equal(await box.getAttribute('role'), 'alert');
  // The build-time figures stay on screen (nothing to restore from a file).
  assert.ok(await page.locator('#first [data-testid="social-value"]').isVisible());
  await context.close();
});
