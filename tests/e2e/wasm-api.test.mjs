// socval-wasm from Node: the module built with `wasm-bindgen --target nodejs` gives the same
// figures as the CLI, throws Errors that name the field, and ships TypeScript declarations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ROOT, cli, cliValuation, writeTempScenario, EXAMPLE } from './helpers.mjs';

const dir = process.env.SOCVAL_WASM_NODE || path.join(ROOT, 'target/wasm/socval-wasm-node');
const require = createRequire(import.meta.url);
const api = require(path.join(dir, 'socval_wasm.js'));

const templates = JSON.parse(api.templates());
const cases = [...templates.map((t) => [t.id, t.scenario]), ['inline example', EXAMPLE]];

for (const [name, scenario] of cases) {
  test(`evaluate(${name}) gives the CLI's totals, exactly`, () => {
    const fromWasm = JSON.parse(api.evaluate(JSON.stringify(scenario)));
    const fromCli = cliValuation(scenario);
    assert.deepEqual(fromWasm.totals, fromCli.totals);
    assert.deepEqual(fromWasm.display, fromCli.display);
    assert.deepEqual(fromWasm.by_agency, fromCli.by_agency);
    assert.equal(fromWasm.lines.length, fromCli.lines.length);
    // Money travels as decimal strings, never as floats.
    assert.equal(typeof fromWasm.totals.social_value, 'string');
  });
}

test('uncertainty() gives the CLI\'s analysis for the same seed and draws', () => {
  const [id, base] = cases[0];
  const scenario = { ...base, uncertainty: { ...(base.uncertainty || {}), seed: 11, draws: 500 } };
  const fromWasm = JSON.parse(api.uncertainty(JSON.stringify(scenario)));
  const fromCli = JSON.parse(cli(['uncertainty', writeTempScenario(scenario), '--format', 'json']));
  assert.deepEqual(fromWasm, fromCli, id);
  const bad = { ...base, uncertainty: { draws: 0 } };
  assert.throws(() => api.uncertainty(JSON.stringify(bad)), (e) => e instanceof Error && /draws/.test(e.message));
});

test('the shipped scenarios are there', () => {
  const ids = templates.map((t) => t.id);
  const shipped = fs.readdirSync(path.join(ROOT, 'scenarios')).filter((f) => f.endsWith('.toml'))
    .map((f) => f.replace(/\.toml$/, ''));
  assert.deepEqual(ids.sort(), shipped.sort());
});

test('evaluate with per-family records', () => {
  const csv = 'family_id,confidence\nF1,yes\nF2,no\nF3,yes\n';
  const scenario = { ...EXAMPLE, families: 3, outcomes: [{ id: 'confidence', proxy: 'high-confidence' }] };
  const v = JSON.parse(api.evaluate(JSON.stringify(scenario), csv));
  assert.equal(v.from_records, true);
  assert.ok(Number(v.totals.social_value) > 0);
});

test('errors are thrown Errors that name the field', () => {
  const bad = { ...EXAMPLE, outcomes: [{ id: 'confidence', proxy: 'high-confidence', rate: '1.5' }] };
  assert.throws(() => api.evaluate(JSON.stringify(bad)), (e) => e instanceof Error && /rate/.test(e.message));
  assert.throws(() => api.validate('{"name": "x"'), (e) => e instanceof Error && /line 1/.test(e.message));
  const unknown = { ...EXAMPLE, outcomes: [{ id: 'c', proxy: 'no-such-proxy', rate: '0.1' }] };
  assert.throws(() => api.evaluate(JSON.stringify(unknown)), (e) => /proxy/.test(e.message));
  assert.throws(() => api.evaluate('null'), Error);
  assert.throws(() => api.schema('nope'), /scenario/);
  // The module still works after errors (no panic poisoned it).
  assert.ok(JSON.parse(api.evaluate(JSON.stringify(EXAMPLE))).totals);
});

test('validate returns the canonical scenario', () => {
  const s = JSON.parse(api.validate(JSON.stringify(EXAMPLE)));
  assert.equal(s.name, 'Example');
  assert.equal(s.families, 10);
});

test('listTables lists the embedded tables with hashes', () => {
  const tables = JSON.parse(api.listTables());
  const refs = tables.map((t) => `${t.id}@${t.version}`);
  for (const r of ['wellbeing-open@1.0.0', 'unit-costs-open@1.0.0', 'gdp-deflator@1.0.0']) {
    assert.ok(refs.includes(r), `lists ${r}`);
  }
  for (const t of tables) assert.match(t.sha256, /^[0-9a-f]{64}$/);
});

test('schema gives the JSON Schemas', () => {
  const s = JSON.parse(api.schema('scenario'));
  assert.ok(s.properties.families);
  assert.ok(JSON.parse(api.schema('table')).properties.rows);
});

test('TypeScript declarations are generated', () => {
  const dts = fs.readFileSync(path.join(dir, 'socval_wasm.d.ts'), 'utf8');
  assert.match(dts, /export function evaluate\(scenario_json: string, records_csv\?: string \| null\): string;/);
  assert.match(dts, /export function listTables\(\): string;/);
  assert.match(dts, /export function validate\(scenario_json: string\): string;/);
  assert.match(dts, /export function schema\(name: string\): string;/);
});

test('the TypeScript declarations type-check a typical use (tsc --strict)', () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'socval-tsc-'));
  const config = {
    compilerOptions: {
      strict: true, noEmit: true, target: 'es2020', module: 'esnext', moduleResolution: 'bundler',
      types: [], paths: { 'socval-wasm': [path.join(dir, 'socval_wasm.d.ts')] },
    },
    files: [path.join(here, 'types/api-usage.ts')],
  };
  fs.writeFileSync(path.join(tmp, 'tsconfig.json'), JSON.stringify(config));
  execFileSync(path.join(here, 'node_modules/.bin/tsc'), ['-p', tmp], { encoding: 'utf8' });
});
