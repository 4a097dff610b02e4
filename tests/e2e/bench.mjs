// The page's measurements, for BENCHMARKS.md: sizes (raw, gzip -9, brotli 11), time from
// navigation to the first figures (painted from the document, rendered at build time) and to the
// live page's figures (the calculator ready), and time from an input to updated figures, in
// Debian's Chromium on localhost. Run by `cargo xtask bench` after building dist/.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { DIST, ROOT, startServer, launchBrowser, live, liveFirst } from './helpers.mjs';

const RUNS = Number(process.env.SOCVAL_BENCH_RUNS || 15);
// `SOCVAL_BENCH_NETWORK=slow4g`: each load over a throttled network (Chrome's network emulation:
// 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up; Lighthouse's mobile figures), the files served
// gzip -9 as a static host would; only the loads are measured then.
const NETWORK = process.env.SOCVAL_BENCH_NETWORK;
const THROTTLE = { slow4g: { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 93_750 } };
if (NETWORK && !THROTTLE[NETWORK]) throw new Error(`SOCVAL_BENCH_NETWORK=${NETWORK}: known are ${Object.keys(THROTTLE)}`);
const INPUTS = Number(process.env.SOCVAL_BENCH_INPUTS || 60);

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p95: q(0.95), min: s[0], max: s[s.length - 1], n: s.length };
}
const ms = (x) => `${x.toFixed(1)} ms`;
const kb = (b) => `${(b / 1024).toFixed(1)} KiB (${b} bytes)`;

// The first load (the document with the first screen, its stylesheet and scripts, the wasm's
// loader), the live page's wasm (preloaded at low priority: the first paint does not wait for
// it), the tables' evidence text (fetched once the page answers edits), and the two modules
// fetched only when asked for: the analysis, and the workbook (size.test.mjs checks in Chromium
// which files each one really is).
// A page with a first module (issue 26, round 5) goes live on it; the full module comes after.
const HAS_FIRST = fs.existsSync(path.join(DIST, 'socval_first_bg.wasm'));
const bucket = (f) =>
  f === 'analysis-worker.js' || f.startsWith('socval_analysis')
    ? 'later'
    : f === 'workbook.js' || f.startsWith('socval_workbook')
      ? 'workbook'
      : f === 'socval_first_bg.wasm' || (f === 'socval_web_bg.wasm' && !HAS_FIRST)
        ? 'live'
        : f === 'socval_web_bg.wasm' || f === 'socval_web.js' && HAS_FIRST
          ? 'full'
        : f === 'tables-text.json'
          ? 'text'
          : 'first';
const sizes = {};
const zero = () => ({ raw: 0, gzip: 0, brotli: 0, n: 0 });
const sums = { first: zero(), live: zero(), full: zero(), text: zero(), later: zero(), workbook: zero() };
for (const f of fs.readdirSync(DIST)) {
  // wasm-bindgen's snippets/ folder (the loader's inline JS, a few hundred bytes) is not read.
  if (fs.statSync(path.join(DIST, f)).isDirectory()) continue;
  const body = fs.readFileSync(path.join(DIST, f));
  const gz = zlib.gzipSync(body, { level: 9 }).length;
  const br = zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  sizes[f] = { raw: body.length, gzip: gz, brotli: br };
  const sum = sums[bucket(f)];
  sum.raw += body.length;
  sum.gzip += gz;
  sum.brotli += br;
  sum.n += 1;
}

// In the page: type a new number of families `n` times and time until the headline figure's text
// changes (DOM updated) and until the next frame after it (painted).
async function timeInputs(page, n) {
  return page.evaluate(async (n) => {
    const input = document.querySelector('[data-testid=families]');
    const out = document.querySelector('[data-testid=social-value]');
    const base = Number(input.value);
    const dom = [];
    const frame = [];
    for (let i = 0; i < n; i++) {
      const changed = new Promise((resolve) => {
        const obs = new MutationObserver(() => { obs.disconnect(); resolve(performance.now()); });
        obs.observe(out, { childList: true, characterData: true, subtree: true });
      });
      const t0 = performance.now();
      input.value = String(base + 1 + (i % 2));
      input.dispatchEvent(new InputEvent('input', { bubbles: true }));
      const t1 = await changed;
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      dom.push(t1 - t0);
      frame.push(performance.now() - t0);
    }
    return { dom, frame };
  }, n);
}

const server = await startServer(DIST, { gzip: Boolean(NETWORK) });
const browser = await launchBrowser();
const firstFigures = [];
const ready = [];
const domContentLoaded = [];
const wasmStart = [];
const firstEdit = [];
const firstEditFrame = [];
const secondEdit = [];
const secondEditFrame = [];
// A page with a first module: navigation → the full module in its place, and its first edit.
const full = [];
const fullEdit = [];
for (let i = 0; i < RUNS; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (NETWORK) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', THROTTLE[NETWORK]);
  }
  await page.goto(server.origin + '/', { timeout: 120000 });
  // The first live figures (the first module's, on a page that has one), its first two edits;
  // then the full module taking over (`socval:full`), and its first edit. On localhost the full
  // module takes over at once, so the edits wait for it there (an edit timed across the swap
  // would watch a figure no longer in the page).
  if (NETWORK) await liveFirst(page);
  else await live(page);
  const edits = await timeInputs(page, 2);
  await live(page);
  const afterSwap = await timeInputs(page, 1);
  fullEdit.push(afterSwap.dom[0]);
  const t = await page.evaluate(() => {
    // A build from before 2026-11-27 (no figures in its document) marked its one first figures
    // `socval:first-figures`: read so that this script can measure it side by side.
    const only = performance.getEntriesByName('socval:first-figures')[0]?.startTime;
    return {
      first: only ?? performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
      ready: only ?? performance.getEntriesByName('socval:ready')[0]?.startTime,
      start: performance.getEntriesByName('socval:wasm-start')[0]?.startTime,
      dcl: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd,
      full: performance.getEntriesByName('socval:full')[0]?.startTime,
    };
  });
  full.push(t.full ?? t.ready);
  firstEdit.push(edits.dom[0]);
  firstEditFrame.push(edits.frame[0]);
  secondEdit.push(edits.dom[1]);
  secondEditFrame.push(edits.frame[1]);
  firstFigures.push(t.first);
  ready.push(t.ready);
  domContentLoaded.push(t.dcl);
  wasmStart.push(t.start);
  await context.close();
}

const templates = fs.readdirSync(path.join(ROOT, 'crates/socval/scenarios')).filter((f) => f.endsWith('.toml'))
  .map((f) => f.replace(/\.toml$/, '')).sort();
const inputTimes = {};
if (!NETWORK) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.origin + '/');
  await live(page);
  for (const id of templates) {
    await page.getByTestId('template').selectOption(id);
    await page.waitForTimeout(50);
    const lines = await page.evaluate(() => document.querySelectorAll('.working tbody tr').length);
    // Type a new number of families and time until the headline figure's text changes
    // (DOM updated) and until the next frame after it (painted).
    const r = await timeInputs(page, INPUTS);
    inputTimes[id] = { lines, dom: stats(r.dom), frame: stats(r.frame) };
  }
  // Monte Carlo, 10,000 draws: from the click to the table of percentiles (this includes
  // the tornado and break-even values computed first, and the page's yields to the browser).
  for (const id of templates) {
    await page.getByTestId('template').selectOption(id);
    await page.getByTestId('mc-draws').fill('10000');
    const times = [];
    for (let i = 0; i < 3; i++) {
      times.push(await page.evaluate(async () => {
        const old = document.querySelector('[data-testid=monte-carlo]');
        const t0 = performance.now();
        document.querySelector('[data-testid=analyse]').click();
        for (;;) {
          await new Promise((r) => setTimeout(r, 1));
          const now = document.querySelector('[data-testid=monte-carlo]');
          if (now && now !== old && !document.querySelector('[data-testid=mc-progress]')) return performance.now() - t0;
        }
      }));
      await page.getByTestId('families').fill(String(10 + i)); // a new scenario, so the table is replaced
      await page.getByTestId('template').selectOption(id);
    }
    inputTimes[id].monteCarlo = stats(times);
  }
  await context.close();
}
const version = browser.version();
await browser.close();
await server.close();

const ff = stats(firstFigures);
const dcl = stats(domContentLoaded);
const ws = stats(wasmStart);
const rd = stats(ready);
const init = stats(ready.map((f, i) => f - wasmStart[i]));
console.log(`\n## The page (Chromium ${version}, headless, localhost${NETWORK ? `, network ${NETWORK}, files gzip -9` : ''}; ${RUNS} loads${NETWORK ? '' : `, ${INPUTS} inputs per template`})\n`);
console.log('| measure | figure |');
console.log('|---|---|');
console.log(`| wasm (socval_web_bg.wasm), raw | ${kb(sizes['socval_web_bg.wasm'].raw)} |`);
console.log(`| wasm, gzip -9 (Node zlib) / brotli 11 | ${kb(sizes['socval_web_bg.wasm'].gzip)} / ${kb(sizes['socval_web_bg.wasm'].brotli)} |`);
console.log(`| first load, before the first figures (${sums.first.n} files), raw | ${kb(sums.first.raw)} |`);
console.log(`| first load, gzip -9 / brotli 11 | ${kb(sums.first.gzip)} / ${kb(sums.first.brotli)} |`);
console.log(`| the live page's wasm, preloaded (the first paint does not wait for it) (${sums.live.n} files), raw; gzip -9 / brotli 11 | ${kb(sums.live.raw)}; ${kb(sums.live.gzip)} / ${kb(sums.live.brotli)} |`);
if (sums.full.n) console.log(`| the full module, fetched once the first is live (${sums.full.n} files), raw; gzip -9 / brotli 11 | ${kb(sums.full.raw)}; ${kb(sums.full.gzip)} / ${kb(sums.full.brotli)} |`);
if (sums.text.n) console.log(`| the tables' evidence text, once live (${sums.text.n} files), raw; gzip -9 / brotli 11 | ${kb(sums.text.raw)}; ${kb(sums.text.gzip)} / ${kb(sums.text.brotli)} |`);
if (sums.later.n) console.log(`| analysis module, on demand (${sums.later.n} files), raw; gzip -9 / brotli 11 | ${kb(sums.later.raw)}; ${kb(sums.later.gzip)} / ${kb(sums.later.brotli)} |`);
if (sums.workbook.n) console.log(`| workbook module, on demand (${sums.workbook.n} files), raw; gzip -9 / brotli 11 | ${kb(sums.workbook.raw)}; ${kb(sums.workbook.gzip)} / ${kb(sums.workbook.brotli)} |`);
console.log(`| navigation → DOMContentLoaded | median ${ms(dcl.median)}, p95 ${ms(dcl.p95)} |`);
console.log(`| navigation → wasm instantiated, Rust main starts | median ${ms(ws.median)}, p95 ${ms(ws.p95)} |`);
console.log(`| navigation → first figures (first contentful paint: the document's figures) | median ${ms(ff.median)}, p95 ${ms(ff.p95)}, min ${ms(ff.min)} |`);
console.log(`| Rust main → the live page's figures (template valued, page rendered) | median ${ms(init.median)}, p95 ${ms(init.p95)} |`);
console.log(`| navigation → the live page's figures, calculator ready (performance mark) | median ${ms(rd.median)}, p95 ${ms(rd.p95)}, min ${ms(rd.min)} |`);
const fe = stats(firstEdit);
const fef = stats(firstEditFrame);
const se = stats(secondEdit);
const sef = stats(secondEditFrame);
console.log(`| first edit once live (input → updated figures, DOM), ${RUNS} loads | median ${ms(fe.median)}, p95 ${ms(fe.p95)}, max ${ms(fe.max)} |`);
console.log(`| first edit once live, input → next frame | median ${ms(fef.median)}, p95 ${ms(fef.p95)} |`);
console.log(`| second edit once live, DOM | median ${ms(se.median)}, p95 ${ms(se.p95)}, max ${ms(se.max)} |`);
console.log(`| second edit once live, input → next frame | median ${ms(sef.median)}, p95 ${ms(sef.p95)} |`);
const fl = stats(full);
const fle = stats(fullEdit);
console.log(`| navigation → the full page in place (performance mark \`socval:full\`; the same as ready without a first module) | median ${ms(fl.median)}, p95 ${ms(fl.p95)} |`);
console.log(`| first edit after the full page is in place, DOM | median ${ms(fle.median)}, p95 ${ms(fle.p95)}, max ${ms(fle.max)} |`);
if (sizes['socval_first_bg.wasm']) console.log(`| first module (socval_first_bg.wasm), raw; gzip -9 / brotli 11 | ${kb(sizes['socval_first_bg.wasm'].raw)}; ${kb(sizes['socval_first_bg.wasm'].gzip)} / ${kb(sizes['socval_first_bg.wasm'].brotli)} |`);
for (const [id, t] of Object.entries(inputTimes)) {
  console.log(`| input → updated figures, ${id} (${t.lines} working lines), DOM | median ${ms(t.dom.median)}, p95 ${ms(t.dom.p95)}, max ${ms(t.dom.max)} |`);
  console.log(`| input → next frame, ${id} | median ${ms(t.frame.median)}, p95 ${ms(t.frame.p95)} |`);
  if (t.monteCarlo) console.log(`| Monte Carlo 10,000 draws + tornado + break-even in the page, ${id} | median ${ms(t.monteCarlo.median)}, min ${ms(t.monteCarlo.min)} (${t.monteCarlo.n} runs) |`);
}
