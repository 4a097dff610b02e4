// socval-wasm's browser build (`--target web`, as `cargo xtask api` and the npm package's browser
// build make it) never dies either: a genuine trap of the current instance is caught by
// `guard.mjs`, which resets the module (a fresh instance and memory); after a thousand traps the
// next call gives the CLI's figures. Run in Node, which loads the same ES module a browser does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, cliValuation, EXAMPLE } from './helpers.mjs';

const dir = process.env.SOCVAL_WASM_WEB || path.join(ROOT, 'target/wasm/socval-wasm-web-test');

// Every WebAssembly instance made from here on, to break the current one for real.
const instances = [];
WebAssembly.Instance = new Proxy(WebAssembly.Instance, {
  construct(target, args) {
    const instance = new target(...args);
    instances.push(instance);
    return instance;
  },
});

const raw = await import(pathToFileURL(path.join(dir, 'socval_wasm.js')).href);
const { guard } = await import(pathToFileURL(path.join(dir, 'guard.mjs')).href);
raw.initSync({ module: fs.readFileSync(path.join(dir, 'socval_wasm_bg.wasm')) });

test('the browser build values like the CLI and throws its own errors unchanged', () => {
  const api = guard(raw);
  assert.deepEqual(JSON.parse(api.evaluate(JSON.stringify(EXAMPLE))).totals, cliValuation(EXAMPLE).totals);
  assert.throws(() => api.evaluate('{'), (e) => e.constructor === Error && !/stopped/.test(e.message));
  assert.throws(() => api.evaluate(42), TypeError);
  assert.equal(api.restarts(), 0);
});

test('a thousand traps of the browser build, then a good call with the CLI figures', () => {
  // A genuine trap of the instance in use: an allocation with an impossible alignment aborts
  // (`unreachable`), as a panic does under `panic = "abort"`.
  const trapping = { ...raw, evaluate: () => instances.at(-1).exports.__wbindgen_malloc(1, 3) };
  const broken = guard(trapping);
  const before = instances.length;
  for (let i = 0; i < 1000; i += 1) {
    assert.throws(() => broken.evaluate('{}'), (e) => e.constructor === Error
      && /socval evaluate: the WebAssembly module stopped \(RuntimeError: unreachable/.test(e.message)
      && /later calls work/.test(e.message) && e.cause instanceof WebAssembly.RuntimeError);
  }
  assert.equal(broken.restarts(), 1000);
  assert.equal(instances.length, before + 1000);
  const api = guard(raw);
  const v = JSON.parse(api.evaluate(JSON.stringify(EXAMPLE)));
  assert.deepEqual(v.totals, cliValuation(EXAMPLE).totals);
  assert.deepEqual(v.display, cliValuation(EXAMPLE).display);
});
