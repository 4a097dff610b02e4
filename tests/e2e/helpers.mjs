// Shared helpers of the end-to-end tests: a static server for dist/ on a free port, Debian's
// Chromium through playwright-core, the socval CLI for reference figures.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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

/** Serve `dir` on 127.0.0.1 on a free port; resolves to { origin, close() }. */
export function startServer(dir = DIST) {
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
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
        'cache-control': 'no-cache',
      });
      res.end(body);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) });
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
