// Shared helpers of the end-to-end tests: a static server for dist/ on a free port, Debian's
// Chromium through playwright-core, the socval CLI for reference figures.
import http from 'node:http';
import zlib from 'node:zlib';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = process.env.SOCVAL_ROOT || path.resolve(here, '../..');
export const DIST = process.env.SOCVAL_DIST || path.join(ROOT, 'dist');
export const CLI = process.env.SOCVAL_CLI || path.join(ROOT, 'target/debug/socval');
export const SCREENSHOTS = path.join(here, 'screenshots');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** Serve `dir` on 127.0.0.1 on a free port; resolves to { origin, close() }. With `gzip`, each
 * file is sent gzip -9 to a browser that accepts it. With `slow` ({ match, bytesPerSecond }),
 * the files whose path matches are sent in 16 KiB pieces at that rate: a slow line at the
 * server, the same for every browser. */
export function startServer(dir = DIST, { gzip = false, slow = null } = {}) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let rel = decodeURIComponent(url.pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(dir, path.normalize(rel));
    if (!file.startsWith(dir + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const headers = {
        'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
        'cache-control': 'no-cache',
      };
      // As a static host would serve it (bench.mjs on a throttled network): gzip -9.
      if (gzip && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
        headers['content-encoding'] = 'gzip';
        body = zlib.gzipSync(body, { level: 9 });
      }
      res.writeHead(200, headers);
      if (!slow || !slow.match.test(rel)) {
        res.end(body);
        return;
      }
      const piece = 16 * 1024;
      let at = 0;
      const next = () => {
        if (res.destroyed) return;
        if (at >= body.length) {
          res.end();
          return;
        }
        res.write(body.subarray(at, at + piece));
        at += piece;
        setTimeout(next, (piece / slow.bytesPerSecond) * 1000);
      };
      next();
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }) });
    });
  });
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A new page that records every request and every console error or page error.
 * `watch.requests` holds each URL; `watch.errors` each error's text.
 */
export async function newWatchedPage(browser, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const watch = { requests: [], errors: [] };
  context.on('request', (req) => watch.requests.push(req.url()));
  page.on('console', (msg) => {
    if (msg.type() === 'error') watch.errors.push(msg.text());
  });
  page.on('pageerror', (err) => watch.errors.push(String(err)));
  return { context, page, watch };
}

/**
 * Waits for the live page's figures. The document arrives with the first template's figures
 * rendered at build time, in an inert `#app` that the live page (the WebAssembly, fetched after
 * the first paint) replaces: a test that acts on the page waits for the live one. A new visitor's
 * page goes live on the first module (`#app[data-module="first"]`: the calculator without the
 * panels), which the full module replaces once loaded: `live` waits for the full page, so that
 * every control is there; `liveFirst` for the first live figures, of either module.
 */
export async function live(page) {
  await page.locator('#app:not([inert]):not([data-module="first"]) [data-testid="social-value"]').waitFor();
}

/** Waits for the first live figures, the first module's or the full page's (see `live`). */
export async function liveFirst(page) {
  await page.locator('#app:not([inert]) [data-testid="social-value"]').waitFor();
}

/**
 * The page in Chromium for one test file: starts the static server and the browser before its
 * tests and stops them after. `session.open(options)` opens the page in a new watched context
 * (1280×900 unless `options` say otherwise) and waits for its first figures; `session.server`
 * and `session.browser` are there once the tests run.
 */
export function pageSession() {
  const session = { server: null, browser: null };
  before(async () => {
    session.server = await startServer();
    session.browser = await launchBrowser();
  });
  after(async () => {
    await session.browser?.close();
    await session.server?.close();
  });
  session.open = async (options = {}) => {
    const w = await newWatchedPage(session.browser, { viewport: { width: 1280, height: 900 }, ...options });
    await w.page.goto(session.server.origin + '/');
    await live(w.page);
    return w;
  };
  return session;
}

/** The requests of `watch` that left `origin` (data: and blob: URLs stay in the browser). */
export function offOrigin(watch, origin) {
  return watch.requests.filter((u) => !(u.startsWith(origin + '/') || u === origin
    || u.startsWith('data:') || u.startsWith('blob:') || u === 'about:blank'));
}

export function screenshotPath(name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return path.join(SCREENSHOTS, `${name}.png`);
}

/** Run the socval CLI; returns stdout. */
export function cli(args) {
  return execFileSync(CLI, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** Write `scenario` (an object) to a temporary JSON file; returns its path. */
export function writeTempScenario(scenario, name = 'scenario') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socval-e2e-'));
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(scenario, null, 2));
  return file;
}

/** The CLI's valuation of a scenario object (`socval evaluate FILE --format json`). */
export function cliValuation(scenario) {
  return JSON.parse(cli(['evaluate', writeTempScenario(scenario), '--format', 'json']));
}

/** A small scenario on the embedded tables, for when no template ships. */
export const EXAMPLE = {
  name: 'Example',
  families: 10,
  price_year: 2024,
  tables: { wellbeing: 'wellbeing-open@1.0.0', unit_costs: 'unit-costs-open@1.0.0', deflators: 'gdp-deflator@1.0.0' },
  costs: [{ label: 'Programme', amount: '50000' }],
  outcomes: [{ id: 'confidence', proxy: 'high-confidence', rate: '0.5', deadweight: '0.2' }],
};

/** The headline figures the page shows, as plain decimal strings to the penny (null for n/a). */
export const FIGURES = {
  'social-value': 'social_value',
  'fiscal-savings': 'fiscal_savings',
  'cashable-savings': 'cashable_savings',
  'programme-cost': 'programme_cost',
  'social-value-per-family': 'social_value_per_family',
  'fiscal-savings-per-family': 'fiscal_savings_per_family',
  'sroi-social': 'sroi_social',
  'sroi-fiscal': 'sroi_fiscal',
  'npv-social': 'npv_social',
  'npv-fiscal': 'npv_fiscal',
  'break-even-social': 'break_even_families_social',
  'break-even-fiscal': 'break_even_families_fiscal',
};

/** A page figure's text as a plain decimal string: `−£1,234.50` → `-1234.50`, `£1.72 per £1` →
 * `1.72`, `25 families` → `25`; n/a and never → null. */
export function plainFigure(text) {
  const t = text.trim();
  if (t.startsWith('n/a') || t.startsWith('never')) return null;
  return t.replace(/ per £1$/, '').replace(/ families$/, '').replace('−', '-').replace('£', '').replaceAll(',', '');
}

/** A decimal string rounded once to `dp` places, halves away from zero (as the core rounds). */
export function roundHalfAway(s, dp) {
  const neg = s.startsWith('-');
  const [i, f = ''] = (neg ? s.slice(1) : s).split('.');
  const digits = BigInt(i + (f + '0'.repeat(dp + 1)).slice(0, dp + 1));
  const rounded = (digits + 5n) / 10n;
  const str = rounded.toString().padStart(dp + 1, '0');
  const out = `${str.slice(0, str.length - dp)}.${str.slice(str.length - dp)}`;
  return neg && rounded !== 0n ? `-${out}` : out;
}

/** A CLI figure (a decimal string already rounded by the core) written to 2 places. */
export function pennies(s) {
  if (s === null || s === undefined) return null;
  const neg = s.startsWith('-');
  const [i, f = ''] = (neg ? s.slice(1) : s).split('.');
  assertTwoPlaces(f, s);
  return `${neg && !/^0*$/.test(i + f) ? '-' : ''}${i}.${(f + '00').slice(0, 2)}`;
}

function assertTwoPlaces(f, s) {
  if (f.replace(/0+$/, '').length > 2) throw new Error(`the core's display figure ${s} has more than 2 places`);
}

/** Every headline figure on the page (null for one the page leaves out: without a programme
 * cost it shows an invitation to add one instead of each ratio and break-even). */
export async function pageFigures(page) {
  await page.getByTestId('social-value').waitFor();
  const out = {};
  for (const id of Object.keys(FIGURES)) {
    const figure = page.getByTestId(id);
    out[id] = (await figure.count()) === 0 ? null : plainFigure(await figure.innerText());
  }
  return out;
}

/** The CLI's headline figures in the page's form. */
export function cliFigures(valuation) {
  const out = {};
  for (const [id, key] of Object.entries(FIGURES)) {
    const v = valuation.display[key];
    if (key.startsWith('sroi')) {
      // The page shows the exact ratio rounded once to 2 places.
      const exact = valuation.totals[key];
      out[id] = exact === null || exact === undefined ? null : roundHalfAway(exact, 2);
    } else if (key.startsWith('break_even')) {
      out[id] = v === null || v === undefined ? null : v;
    } else {
      out[id] = pennies(v);
    }
  }
  return out;
}

/**
 * The npm package (`cargo xtask api` writes it; `SOCVAL_NPM`) packed with `npm pack` into a fresh
 * temporary folder and installed from that tarball into a scratch project there, as a user
 * installs it. Returns `{ tmp, tarball, project, packed }` (`packed`: npm's report of the pack).
 */
export function packAndInstall() {
  const pkgDir = process.env.SOCVAL_NPM || path.join(ROOT, 'target/wasm/socval-npm');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'socval-npm-'));
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: pkgDir, encoding: 'utf8' }));
  const tarball = path.join(tmp, packed.filename);
  const project = path.join(tmp, 'project');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true, version: '0.0.0' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', tarball], { cwd: project, encoding: 'utf8' });
  return { tmp, tarball, project, packed };
}
