// The npm package `socval` as a web developer uses it (issue 25): packed, installed from the
// tarball into a scratch project, bundled by esbuild, Vite, webpack 5 and Rollup exactly as the
// package's README says, and each bundle's page run in Chromium, where `evaluate` must give the
// CLI's figures. The packed tarball also passes attw (are the types wrong?) and publint with no
// problem.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import webpack from 'webpack';
import { createServer } from 'vite';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { importMetaAssets } from '@web/rollup-plugin-import-meta-assets';
import { cli, packAndInstall, startServer, launchBrowser, newWatchedPage } from './helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = (name) => path.join(here, 'node_modules/.bin', name);

let pkg;
let browser;
const cliDisplay = () => JSON.parse(cli(['evaluate', '@step-together', '--format', 'json'])).display;

before(async () => {
  pkg = packAndInstall();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  if (pkg) fs.rmSync(pkg.tmp, { recursive: true, force: true });
});

/** What every page does once socval is loaded: value a template and show its figures. */
const VALUE = `
const t = templates().find((x) => x.id === 'step-together');
document.querySelector('#out').textContent = JSON.stringify(evaluate(t.scenario).display);
`;
const HTML = (script) => `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>socval</title></head>
<body><pre id="out"></pre><script type="module" src="${script}"></script></body></html>`;

/** Writes `files` (name -> text) into a fresh folder of the scratch project. */
function app(name, files) {
  const dir = path.join(pkg.project, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

/** The files under `dir`, relative, sorted. */
function filesIn(dir) {
  return fs.readdirSync(dir, { recursive: true }).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

/** Serves `dir`, opens it in Chromium and returns the figures the page shows (or its errors). */
async function run(dir) {
  const server = await startServer(dir);
  try {
    return await open(server.origin + '/');
  } finally {
    await server.close();
  }
}

/** Opens `url` in Chromium and returns the figures the page shows (or its errors). */
async function open(url) {
  const { context, page, watch } = await newWatchedPage(browser);
  try {
    await page.goto(url);
    // Until the page shows its figures or reports an error (30 s at most).
    let text = '';
    for (const deadline = Date.now() + 30000; Date.now() < deadline && !text && watch.errors.length === 0;) {
      await new Promise((r) => setTimeout(r, 100));
      text = await page.textContent('#out');
    }
    return { display: text ? JSON.parse(text) : null, errors: watch.errors, requests: watch.requests };
  } finally {
    await context.close();
  }
}

test('esbuild: socval/init and --loader:.wasm=file (the README\'s recipe) give the CLI\'s figures in Chromium', async () => {
  const dir = app('esbuild-app', {
    'app.js': `import { init, evaluate, templates } from 'socval/init';
import wasm from 'socval/socval_wasm_bg.wasm';
await init(wasm);
${VALUE}`,
  });
  const out = path.join(dir, 'dist');
  execFileSync(bin('esbuild'), ['app.js', '--bundle', '--format=esm', '--loader:.wasm=file', '--outdir=dist', '--log-level=warning'], { cwd: dir, encoding: 'utf8' });
  fs.writeFileSync(path.join(out, 'index.html'), HTML('./app.js'));
  const wasms = filesIn(out).filter((f) => f.endsWith('.wasm'));
  assert.equal(wasms.length, 1, `one wasm in the build: ${filesIn(out)}`);
  assert.deepEqual(fs.readFileSync(path.join(out, wasms[0])), fs.readFileSync(path.join(pkg.project, 'node_modules/socval/browser/socval_wasm_bg.wasm')));
  const r = await run(out);
  assert.deepEqual(r.errors, []);
  assert.equal(r.display?.fiscal_savings, '249576.73');
  assert.deepEqual(r.display, cliDisplay());
});

test('esbuild: --loader:.wasm=binary inlines the module: one file, the same figures', async () => {
  const dir = app('esbuild-inline', {
    'app.js': `import { init, evaluate, templates } from 'socval/init';
import wasm from 'socval/socval_wasm_bg.wasm';
await init(wasm);
${VALUE}`,
  });
  const out = path.join(dir, 'dist');
  execFileSync(bin('esbuild'), ['app.js', '--bundle', '--format=esm', '--loader:.wasm=binary', '--outdir=dist', '--log-level=warning'], { cwd: dir, encoding: 'utf8' });
  fs.writeFileSync(path.join(out, 'index.html'), HTML('./app.js'));
  assert.deepEqual(filesIn(out), ['app.js', 'index.html']);
  const r = await run(out);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.display, cliDisplay());
  assert.ok(!r.requests.some((u) => u.endsWith('.wasm')), 'no wasm fetched');
});

test('esbuild with the default entry: the page fails, and the error says what to do', async () => {
  const dir = app('esbuild-default', { 'app.js': `import { evaluate, templates } from 'socval';\n${VALUE}` });
  const out = path.join(dir, 'dist');
  execFileSync(bin('esbuild'), ['app.js', '--bundle', '--format=esm', '--outdir=dist', '--log-level=error'], { cwd: dir, encoding: 'utf8' });
  fs.writeFileSync(path.join(out, 'index.html'), HTML('./app.js'));
  const r = await run(out);
  assert.equal(r.display, null);
  assert.ok(r.errors.some((e) => /could not load its WebAssembly module/.test(e) && /socval\/init/.test(e)), r.errors.join('\n'));
});

test('Vite: import from socval with no configuration; vite build gives the CLI\'s figures in Chromium', async () => {
  const dir = app('vite-app', {
    'index.html': HTML('/main.js'),
    'main.js': `import { evaluate, templates } from 'socval';\n${VALUE}`,
  });
  execFileSync(bin('vite'), ['build', '--logLevel', 'warn'], { cwd: dir, encoding: 'utf8' });
  const out = path.join(dir, 'dist');
  const wasms = filesIn(out).filter((f) => f.endsWith('.wasm'));
  assert.equal(wasms.length, 1, `one wasm in the build: ${filesIn(out)}`);
  const r = await run(out);
  assert.deepEqual(r.errors, []);
  assert.equal(r.display?.social_value, '86956.89');
  assert.deepEqual(r.display, cliDisplay());
});

test('Vite\'s dev server (its dependency optimizer) serves the same page with the same figures', async () => {
  const dir = path.join(pkg.project, 'vite-app');
  const server = await createServer({ root: dir, configFile: false, logLevel: 'warn', server: { host: '127.0.0.1', port: 0 } });
  await server.listen();
  try {
    const r = await open(server.resolvedUrls.local[0]);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.display, cliDisplay());
  } finally {
    await server.close();
  }
});

test('webpack 5: import from socval with no configuration but the entry; the bundle gives the CLI\'s figures in Chromium', async () => {
  const dir = app('webpack-app', { 'app.js': `import { evaluate, templates } from 'socval';\n${VALUE}` });
  const out = path.join(dir, 'dist');
  // webpack's defaults (mode production, output dist/main.js), as \`webpack --entry ./app.js\`.
  const stats = await new Promise((resolve, reject) => {
    webpack({ mode: 'production', context: dir, entry: './app.js', output: { path: out } }, (err, st) => (err ? reject(err) : resolve(st)));
  });
  assert.deepEqual(stats.toJson({ all: false, errors: true }).errors, []);
  fs.writeFileSync(path.join(out, 'index.html'), HTML('./main.js').replace(' type="module"', ''));
  const wasms = filesIn(out).filter((f) => f.endsWith('.wasm'));
  assert.equal(wasms.length, 1, `one wasm in the build: ${filesIn(out)}`);
  const r = await run(out);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.display, cliDisplay());
});

test('Rollup: with @web/rollup-plugin-import-meta-assets (the README\'s recipe), the bundle gives the CLI\'s figures in Chromium', async () => {
  const dir = app('rollup-app', { 'app.js': `import { evaluate, templates } from 'socval';\n${VALUE}` });
  const out = path.join(dir, 'dist');
  const bundle = await rollup({ input: path.join(dir, 'app.js'), plugins: [nodeResolve({ browser: true }), importMetaAssets()], onwarn: () => {} });
  await bundle.write({ dir: out, format: 'es' });
  await bundle.close();
  fs.writeFileSync(path.join(out, 'index.html'), HTML('./app.js'));
  assert.equal(filesIn(out).filter((f) => f.endsWith('.wasm')).length, 1, `one wasm in the build: ${filesIn(out)}`);
  const r = await run(out);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.display, cliDisplay());
});

test('the tarball carries the wasm once', () => {
  const list = execFileSync('tar', ['tzvf', pkg.tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
  const wasms = list.filter((l) => l.endsWith('.wasm'));
  assert.equal(wasms.length, 1, wasms.join('\n'));
  console.log(`# ${pkg.packed.filename}: ${pkg.packed.size} bytes packed, ${pkg.packed.unpackedSize} unpacked, ${pkg.packed.entryCount} files; ${wasms[0]}`);
});

test('attw (are the types wrong?) finds no problem in the tarball', () => {
  // Every entry point but `socval/socval_wasm_bg.wasm`, the WebAssembly file itself: an asset for
  // bundlers (esbuild's file loader), which no module resolution of Node's loads.
  let out;
  try {
    out = execFileSync(bin('attw'), [pkg.tarball, '--format', 'ascii', '--no-color', '--no-emoji', '--exclude-entrypoints', './socval_wasm_bg.wasm'], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    assert.fail(`attw found problems:\n${e.stdout}\n${e.stderr}`);
  }
  console.log(out.split('\n').map((l) => `# ${l}`).join('\n'));
  assert.match(out, /No problems found/);
  for (const entry of ['"socval"', '"socval/init"']) assert.ok(out.includes(entry), `attw checked ${entry}`);
});

test('publint finds nothing to report in the tarball, suggestions included', () => {
  let out;
  try {
    out = execFileSync(bin('publint'), ['run', pkg.tarball, '--strict', '--level', 'suggestion'], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    assert.fail(`publint reported:\n${e.stdout}\n${e.stderr}`);
  }
  console.log(out.split('\n').map((l) => `# ${l}`).join('\n'));
  assert.match(out, /All good/);
  assert.doesNotMatch(out, /Suggestions|Warnings|Errors/);
});
