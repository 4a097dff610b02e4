// The page in Debian's Chromium, driven by Playwright: it loads from dist/ with no request
// leaving the origin and no console error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newWatchedPage, offOrigin, screenshotPath } from './helpers.mjs';

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

test('the page loads, renders from wasm, and nothing leaves the origin', async () => {
  const { context, page, watch } = await newWatchedPage(browser);
  await page.goto(server.origin + '/');
  await page.getByRole('heading', { name: 'socval', level: 1 }).waitFor();
  assert.equal(await page.locator('#loading').count(), 0, 'the loading notice is replaced');
  await page.screenshot({ path: screenshotPath('01-loaded'), fullPage: true });
  assert.deepEqual(offOrigin(watch, server.origin), []);
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('the Content-Security-Policy forbids other origins', async () => {
  const { context, page, watch } = await newWatchedPage(browser);
  await page.goto(server.origin + '/');
  await page.getByRole('heading', { name: 'socval', level: 1 }).waitFor();
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  for (const part of ["default-src 'self'", "connect-src 'self'", "object-src 'none'", "form-action 'none'"]) {
    assert.ok(csp.includes(part), `CSP has ${part}`);
  }
  // A fetch to another origin is refused by the browser itself.
  const refused = await page.evaluate(async () => {
    try {
      await fetch('http://example.invalid/x');
      return false;
    } catch {
      return true;
    }
  });
  assert.ok(refused);
  assert.deepEqual(offOrigin(watch, server.origin), [], 'the CSP stopped the request before it was sent');
  await context.close();
});
