// socval-wasm from Node: the module built with `wasm-bindgen --target nodejs`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT } from './helpers.mjs';

const dir = process.env.SOCVAL_WASM_NODE || path.join(ROOT, 'target/wasm/socval-wasm-node');
const require = createRequire(import.meta.url);
const api = require(path.join(dir, 'socval_wasm.js'));

test('the module loads and says its version', () => {
  assert.match(api.version(), /^\d+\.\d+\.\d+/);
});

test('TypeScript declarations are generated', () => {
  const dts = fs.readFileSync(path.join(dir, 'socval_wasm.d.ts'), 'utf8');
  assert.match(dts, /export function version\(\): string;/);
});
