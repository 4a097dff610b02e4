// socval-wasm from Node: the module built with `wasm-bindgen --target nodejs` gives the same
// figures as the CLI, throws Errors that name the field, and ships TypeScript declarations. The
// tests call it through the wrapper shipped beside it (`socval.js`), which guards every call so
// that the module never dies; a few call the generated package (`socval_wasm.js`) directly.
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

// Every WebAssembly instance made from here on, to see that a trap brings a fresh one.
const instances = [];
const RealInstance = WebAssembly.Instance;
WebAssembly.Instance = new Proxy(RealInstance, {
  construct(target, args) {
    const instance = new target(...args);
    instances.push(instance);
    return instance;
  },
});
const api = require(path.join(dir, 'socval.js'));
/** The generated package the wrapper guards (its functions run in whichever instance is current). */
const glue = () => require(path.join(dir, 'socval_wasm.js'));

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
  const shipped = fs.readdirSync(path.join(ROOT, 'crates/socval/scenarios')).filter((f) => f.endsWith('.toml'))
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

test('an object\'s errors name the path to the value (outcomes[2].deadweight), never a line of JSON nobody wrote', () => {
  const makeApi = new Function(`${fs.readFileSync(path.join(ROOT, 'crates/socval-wasm/js/api-core.js'), 'utf8')}\nreturn makeApi;`)();
  const typed = makeApi(api);
  const outcome = (id) => ({ id, proxy: 'high-confidence', rate: '0.1' });
  const three = { ...EXAMPLE, outcomes: [outcome('a'), outcome('b'), { ...outcome('c'), deadweight: 0.25 }] };
  const caught = (f) => { try { f(); } catch (e) { return e; } assert.fail('no error'); };
  for (const [label, f] of [['typed', () => typed.evaluate(three)], ['raw, an object', () => api.evaluate(three)]]) {
    const e = caught(f);
    assert.equal(e.location, 'outcomes[2].deadweight', label);
    assert.equal(e.field, 'deadweight', label);
    assert.equal(e.kind, 'invalid', label);
    assert.equal(e.message, 'scenario.json: outcomes[2].deadweight: 0.25 is a bare number, which would be read through a binary float and could change; write it as a quoted string so it is used exactly: "deadweight": "0.25"', label);
    assert.doesNotMatch(e.message, /line|column|deadweight = /, label);
  }
  // A whole number where a decimal string belongs, a value of the wrong kind, a missing key.
  const e1 = caught(() => typed.validate({ ...EXAMPLE, costs: [{ label: 'P', amount: '1' }, { label: 'Q', amount: 5 }] }));
  assert.equal(e1.location, 'costs[1].amount');
  assert.match(e1.message, /^scenario\.json: costs\[1\]\.amount: 5 is a number, .*write "amount": "5"$/);
  const e2 = caught(() => typed.evaluate({ ...EXAMPLE, outcomes: [outcome('a'), { ...outcome('b'), rate: 'half' }] }));
  assert.equal(e2.location, 'outcomes[1].rate');
  assert.equal(e2.kind, 'syntax');
  assert.match(e2.message, /^scenario\.json: outcomes\[1\]\.rate: invalid value: string "half", expected a decimal number written as a quoted string/);
  const e3 = caught(() => typed.evaluate({ ...EXAMPLE, outcomes: [outcome('a'), { ...outcome('b'), deadweight: 'most' }] }));
  assert.equal(e3.location, 'outcomes[1].deadweight');
  const { proxy, ...noProxy } = outcome('b');
  const e4 = caught(() => typed.evaluate({ ...EXAMPLE, outcomes: [outcome('a'), noProxy] }));
  assert.equal(e4.location, 'outcomes[1].proxy');
  assert.equal(e4.field, 'proxy');
  // The same scenario as JSON text keeps its line and column.
  const e5 = caught(() => api.evaluate(JSON.stringify(three)));
  assert.match(e5.location, /^line 1, column \d+$/);
  assert.equal(e5.field, 'deadweight');
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
  // Every schema the CLI prints, the same (issue 25: the valuation's too).
  for (const name of ['scenario', 'table', 'valuation']) {
    assert.deepEqual(JSON.parse(api.schema(name)), JSON.parse(cli(['schema', name])), name);
  }
  assert.ok(JSON.parse(api.schema('valuation')).properties.display);
});

test('TypeScript declarations are generated', () => {
  const dts = fs.readFileSync(path.join(dir, 'socval_wasm.d.ts'), 'utf8');
  assert.match(dts, /export function evaluate\(scenario_json: string, records_csv\?: string \| null, tables_json\?: string \| null\): string;/);
  assert.match(dts, /export function listTables\(tables_json\?: string \| null\): string;/);
  assert.match(dts, /export function validate\(scenario_json: string, tables_json\?: string \| null\): string;/);
  assert.match(dts, /export function show\(reference: string, tables_json\?: string \| null\): string;/);
  assert.match(dts, /export function schema\(name: string\): string;/);
});

test('the TypeScript declarations (the wrapper\'s, re-exporting the package\'s) type-check a typical use (tsc --strict)', () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'socval-tsc-'));
  const config = {
    compilerOptions: {
      strict: true, noEmit: true, target: 'es2020', module: 'esnext', moduleResolution: 'bundler',
      types: [], paths: { 'socval-wasm': [path.join(dir, 'socval.d.ts')] },
    },
    files: [path.join(here, 'types/api-usage.ts')],
  };
  try {
    fs.writeFileSync(path.join(tmp, 'tsconfig.json'), JSON.stringify(config));
    execFileSync(path.join(here, 'node_modules/.bin/tsc'), ['-p', tmp], { encoding: 'utf8' });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('the wrapper ships with its declarations', () => {
  const dts = fs.readFileSync(path.join(dir, 'socval.d.ts'), 'utf8');
  assert.match(dts, /from '\.\/socval_wasm'/);
  assert.match(dts, /export function restarts\(\): number;/);
  for (const name of ['evaluate', 'uncertainty', 'validate', 'listTables', 'schema', 'templates', 'version', 'restarts']) {
    assert.equal(typeof api[name], 'function', name);
  }
});

/** Asserts that `f` throws a TypeError naming `arg`, and returns it. */
test('uncertainty() calls its progress callback, which can stop the run; the figures do not change', () => {
  const base = templates.find((t) => t.id === 'step-together').scenario;
  const scenario = JSON.stringify({ ...base, uncertainty: { ...(base.uncertainty || {}), seed: 11, draws: 9000 } });
  const seen = [];
  const withProgress = JSON.parse(api.uncertainty(scenario, null, null, (done, total) => { seen.push([done, total]); }));
  // After every 4,096 draws and at the end, from the calling thread.
  assert.deepEqual(seen, [[4096, 9000], [8192, 9000], [9000, 9000]]);
  assert.deepEqual(withProgress, JSON.parse(api.uncertainty(scenario)));
  let err;
  assert.throws(() => api.uncertainty(scenario, null, null, () => false), (e) => { err = e; return true; });
  assert.ok(err instanceof Error, String(err));
  assert.equal(err.kind, 'stopped');
  assert.match(err.message, /stopped after 4096 of 9000 draws/);
  throwsTypeError(() => api.uncertainty(scenario, null, null, 'not a function'), 'progress', 'uncertainty(progress: string)');
  // The module still answers after a stopped run.
  assert.deepEqual(JSON.parse(api.uncertainty(scenario, null, null, null)), withProgress);
});

function throwsTypeError(f, arg, label) {
  let err;
  assert.throws(f, (e) => { err = e; return true; }, label);
  assert.ok(err instanceof TypeError, `${label}: ${err && err.constructor.name}: ${err && err.message}`);
  assert.match(err.message, new RegExp(arg), label);
  return err;
}

test('a wrong argument type throws a TypeError naming the argument, from the package too', () => {
  const good = JSON.stringify(EXAMPLE);
  for (const m of [api, glue()]) {
    // A plain object is a scenario too (the npm package passes its objects so): see 'an object's
    // errors name the path'.
    for (const [label, bad] of [['number', 5], ['array', ['{}']], ['null', null],
      ['missing', undefined], ['boolean', true], ['bigint', 5n], ['function', () => '{}'], ['String object', new String('{}')]]) {
      const e = throwsTypeError(() => m.evaluate(bad), 'scenario_json', `evaluate(${label})`);
      assert.match(e.message, /must be a string/);
      throwsTypeError(() => m.uncertainty(bad), 'scenario_json', `uncertainty(${label})`);
      throwsTypeError(() => m.validate(bad), 'scenario_json', `validate(${label})`);
      if (bad !== null && bad !== undefined) {
        throwsTypeError(() => m.evaluate(good, bad), 'records_csv', `evaluate(good, ${label})`);
        throwsTypeError(() => m.uncertainty(good, bad), 'records_csv', `uncertainty(good, ${label})`);
      }
      throwsTypeError(() => m.schema(bad), 'name', `schema(${label})`);
    }
    throwsTypeError(() => m.evaluate(good, { name: 'x' }), 'records_csv', 'evaluate(good, object)');
    throwsTypeError(() => m.schema({ name: 'x' }), 'name', 'schema(object)');
    throwsTypeError(() => m.evaluate(), 'missing', 'evaluate()');
    // null or undefined records are no records.
    assert.ok(JSON.parse(m.evaluate(good, null)).totals);
    assert.ok(JSON.parse(m.evaluate(good, undefined)).totals);
  }
});

test('money and rates are strings: a JSON number in one is refused, naming the field', () => {
  const refused = (scenario, field) => {
    for (const f of [api.evaluate, api.validate, api.uncertainty]) {
      assert.throws(() => f(JSON.stringify(scenario)), (e) => e.constructor === Error
        && new RegExp(`line 1, column \\d+: field \`${field}\``).test(e.message)
        && /string/.test(e.message), `${field} in ${JSON.stringify(scenario).slice(0, 200)}`);
    }
  };
  // Whole numbers too: a JS number above 2^53 has been rounded before socval sees it.
  refused({ ...EXAMPLE, costs: [{ label: 'P', amount: 50000 }] }, 'amount');
  refused({ ...EXAMPLE, costs: [{ label: 'P', amount: 12345678901234567891 }] }, 'amount');
  refused({ ...EXAMPLE, costs: [{ label: 'P', amount: 0.1 }] }, 'amount');
  refused({ ...EXAMPLE, costs: [{ label: 'P', amount: 1e21 }] }, 'amount');
  refused({ ...EXAMPLE, outcomes: [{ id: 'confidence', proxy: 'high-confidence', rate: 0.5 }] }, 'rate');
  refused({ ...EXAMPLE, outcomes: [{ id: 'confidence', proxy: 'high-confidence', rate: '0.5', deadweight: 0 }] }, 'deadweight');
  refused({ ...EXAMPLE, discount_rate: 0.035 }, 'discount_rate');
  refused({ ...EXAMPLE, people_per_family: 2 }, 'people_per_family');
  refused({ ...EXAMPLE, uncertainty: { percentiles: ['0.05', 1] } }, 'percentiles');
  refused({ ...EXAMPLE, ranges: [{ target: 'outcomes.confidence.deadweight', low: 0, high: '0.3' }] }, 'low');
  // Counts, years and seeds are whole numbers and stay numbers.
  const ok = { ...EXAMPLE, families: 40, costs: [{ label: 'P', amount: '50000', year: 1 }],
    uncertainty: { seed: 7, draws: 50, bins: 10 } };
  assert.equal(JSON.parse(api.validate(JSON.stringify(ok))).families, 40);
  assert.ok(JSON.parse(api.uncertainty(JSON.stringify(ok))));
});

test('a trap restarts the module with a fresh instance and memory; the next call works', () => {
  const before = { restarts: api.restarts(), instances: instances.length };
  const current = glue();
  const memory = instances.at(-1).exports.memory;
  // A genuine trap of socval's own instance: an allocation with an impossible alignment aborts
  // (`unreachable`), as a panic does under `panic = "abort"`.
  const trap = () => instances.at(-1).exports.__wbindgen_malloc(1, 3);
  assert.throws(trap, WebAssembly.RuntimeError);
  // Node's `evaluate` calls the glue's `evaluateLatin1` (or `evaluateUtf16`): all three trap.
  const names = ['evaluate', 'evaluateLatin1', 'evaluateUtf16'];
  const originals = names.map((n) => current[n]);
  for (const n of names) current[n] = trap;
  try {
    assert.throws(() => api.evaluate(JSON.stringify(EXAMPLE)), (e) => e.constructor === Error
      && /socval evaluate: the WebAssembly module stopped \(RuntimeError: unreachable/.test(e.message)
      && /later calls work/.test(e.message) && e.cause instanceof WebAssembly.RuntimeError);
  } finally {
    names.forEach((n, i) => { current[n] = originals[i]; });
  }
  assert.equal(api.restarts(), before.restarts + 1);
  assert.equal(instances.length, before.instances + 1);
  assert.notEqual(instances.at(-1).exports.memory, memory);
  assert.deepEqual(JSON.parse(api.evaluate(JSON.stringify(EXAMPLE))).totals, cliValuation(EXAMPLE).totals);
  // socval's own errors leave the instance alone.
  assert.throws(() => api.evaluate('{'), Error);
  assert.equal(instances.length, before.instances + 1);
});

/** A small deterministic generator (mulberry32). */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A thousand failing calls: [label, () => call, kind], kind 'type' for a TypeError. */
function failingCalls(n) {
  const rnd = random(9);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const good = JSON.stringify(EXAMPLE);
  const huge = '9'.repeat(40);
  const bad = [
    // bad JSON: every strict prefix of the scenario's JSON, and broken texts
    () => ['truncated JSON', good.slice(0, Math.floor(rnd() * good.length))],
    () => ['not JSON', pick(['', ' ', 'nul', 'undefined', '{]', '[}', "{'a': 1}", '{"name": "x",}', '\uFEFF{}', '\u0000', '{"name": "\\ud800"', '"\\u"'])],
    () => ['wrong top-level value', pick(['null', 'true', '0', '-1', '"scenario"', '[]', '[{}]'])],
    // hostile numbers
    () => ['huge families', JSON.stringify({ ...EXAMPLE, families: pick([4294967296, 1e300, -1, 0, 10000001]) })],
    () => ['huge amount', JSON.stringify({ ...EXAMPLE, costs: [{ label: 'P', amount: pick([huge, '79228162514264337593543950336', '1e400', '-1', 'NaN', 'Infinity', '0x10', '1,000']) }] })],
    () => ['huge rate', JSON.stringify({ ...EXAMPLE, outcomes: [{ id: 'confidence', proxy: 'high-confidence', rate: pick([huge, '1.0000000000000000000000000001', '-0.1', '2', '1e-400']) }] })],
    () => ['huge years', JSON.stringify({ ...EXAMPLE, price_year: pick([2147483648, -2147483649, 99999, 1066]) })],
    () => ['huge duration', JSON.stringify({ ...EXAMPLE, outcomes: [{ id: 'confidence', proxy: 'high-confidence', rate: '0.5', duration: pick([0, 101, 4294967295, 4294967296]) }] })],
    () => ['number for a decimal', JSON.stringify({ ...EXAMPLE, costs: [{ label: 'P', amount: pick([50000, 0.5, 1e21, 2 ** 60]) }] })],
    // deep nesting and very long strings
    () => { const d = pick([100, 1000, 100000]); return ['deep array', '['.repeat(d) + ']'.repeat(d)]; },
    () => { const d = pick([100, 1000, 100000]); return ['deep object', '{"name":'.repeat(d) + '"x"' + '}'.repeat(d)]; },
    () => ['deep in a field', JSON.stringify({ ...EXAMPLE, description: JSON.parse('['.repeat(60) + ']'.repeat(60)) })],
    () => ['long id', JSON.stringify({ ...EXAMPLE, outcomes: [{ id: 'a'.repeat(pick([100, 100000])), proxy: 'high-confidence', rate: '0.5' }] })],
    () => ['long proxy', JSON.stringify({ ...EXAMPLE, outcomes: [{ id: 'c', proxy: 'p'.repeat(pick([1000, 1000000])), rate: '0.5' }] })],
    () => ['long unknown key', JSON.stringify({ ...EXAMPLE, ['k'.repeat(pick([1000, 100000]))]: 1 })],
    () => ['long string value', `"${'x'.repeat(pick([1000, 1000000]))}"`],
    () => ['too many items', JSON.stringify({ ...EXAMPLE, costs: Array.from({ length: 501 }, (_, i) => ({ label: `c${i}`, amount: '1' })) })],
    // references and shapes
    () => ['unknown proxy', JSON.stringify({ ...EXAMPLE, outcomes: [{ id: 'c', proxy: pick(['no-such', '', '../x', 'high-confidence@9']), rate: '0.5' }] })],
    () => ['unknown table', JSON.stringify({ ...EXAMPLE, tables: { ...EXAMPLE.tables, wellbeing: pick(['nope@1.0.0', 'wellbeing-open@9.9.9', 'wellbeing-open']) } })],
    () => ['duplicate ids', JSON.stringify({ ...EXAMPLE, outcomes: [EXAMPLE.outcomes[0], EXAMPLE.outcomes[0]] })],
    () => ['missing name', JSON.stringify({ ...EXAMPLE, name: pick(['', '   ']) })],
  ];
  const uncertain = [
    () => ['range low > high', JSON.stringify({ ...EXAMPLE, ranges: [{ target: 'outcomes.confidence.deadweight', low: '0.5', high: '0.1' }] })],
    () => ['range on nothing', JSON.stringify({ ...EXAMPLE, ranges: [{ target: pick(['outcomes.nope.deadweight', 'costs.0.amount', 'x', '', 'outcomes.confidence.colour']), low: '0', high: '1' }] })],
    () => ['range huge', JSON.stringify({ ...EXAMPLE, ranges: [{ target: 'outcomes.confidence.deadweight', low: '0', high: huge }] })],
    () => ['draws 0', JSON.stringify({ ...EXAMPLE, uncertainty: { draws: pick([0, 1000001, 4294967296]) } })],
    () => ['bad bins', JSON.stringify({ ...EXAMPLE, uncertainty: { draws: 10, bins: pick([0, 201]) } })],
    () => ['bad percentiles', JSON.stringify({ ...EXAMPLE, uncertainty: { draws: 10, percentiles: [pick(['-0.1', '1.5', huge, 'x'])] } })],
  ];
  const records = [
    'family_id,confidence\nF1,"yes\n',
    'family_id,confidence\nF1,maybe\n',
    'family_id,confidence\n,yes\n',
    'confidence\nyes\n',
    'family_id,confidence\nF1,yes\nF1,yes\n',
    '',
    'family_id,confidence\n' + 'F,yes,extra\n',
  ];
  const wrongTypes = [5, -0, NaN, {}, [], null, undefined, true, 10n, Symbol('s'), () => 1, new String('{}'), { toString: () => good }];
  const calls = [];
  for (let i = 0; i < n; i++) {
    const r = rnd();
    if (r < 0.15) {
      const v = pick(wrongTypes);
      const f = pick(['evaluate', 'uncertainty', 'validate', 'schema']);
      // A plain object is a scenario (refused for its fields, by path); anything else, a TypeError.
      const plain = typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
      if (plain && f !== 'schema') calls.push([`${f}(plain object)`, () => api[f](v), 'error']);
      else calls.push([`${f}(${typeof v})`, () => api[f](v), 'type', f === 'schema' ? 'name' : 'scenario_json']);
    } else if (r < 0.22) {
      const v = pick(wrongTypes.filter((x) => x !== null && x !== undefined));
      calls.push([`evaluate(good, ${typeof v})`, () => api.evaluate(good, v), 'type', 'records_csv']);
    } else if (r < 0.3) {
      const csv = pick(records);
      calls.push([`records ${JSON.stringify(csv).slice(0, 40)}`, () => api.evaluate(JSON.stringify({ ...EXAMPLE, families: 1 }), csv), 'error']);
    } else if (r < 0.45) {
      const [label, text] = pick(uncertain)();
      calls.push([label, () => api[pick(['uncertainty', 'validate'])](text), 'error']);
    } else if (r < 0.47) {
      calls.push(['schema(unknown)', () => api.schema(pick(['nope', '', 'Scenario', 'x'.repeat(100)])), 'error']);
    } else {
      const [label, text] = pick(bad)();
      calls.push([label, () => api[pick(['evaluate', 'uncertainty', 'validate'])](text), 'error']);
    }
  }
  return calls;
}

test('a thousand failing calls, then a good one: it gives the CLI\'s figures, and nothing trapped', () => {
  const before = { restarts: api.restarts(), instances: instances.length };
  const calls = failingCalls(1000);
  // Texts beyond the API's limit are refused before they are copied in.
  calls.push(['scenario beyond 16 MiB', () => api.evaluate(' '.repeat(16 * 1024 * 1024 + 1)), 'error']);
  const kinds = {};
  for (const [label, call, kind, arg] of calls) {
    let err;
    assert.throws(call, (e) => { err = e; return true; }, `${label} should fail`);
    kinds[label.split(' ')[0]] = (kinds[label.split(' ')[0]] || 0) + 1;
    assert.ok(err instanceof Error, `${label}: throws an Error, not ${String(err)}`);
    assert.doesNotMatch(err.message, /WebAssembly|unreachable|memory access|RuntimeError/, label);
    if (kind === 'type') {
      assert.equal(err.constructor, TypeError, `${label}: ${err.message}`);
      assert.match(err.message, new RegExp(`the argument ${arg} must be a string`), label);
    } else {
      assert.equal(err.constructor, Error, `${label}: ${err.constructor.name}: ${err.message}`);
      // Every socval error names where: the input, or the function and its argument.
      assert.match(err.message, /^(scenario\.json|records\.csv|schema|evaluate|uncertainty|validate)\b/, `${label}: ${err.message}`);
    }
  }
  assert.equal(api.restarts(), before.restarts, 'no call trapped');
  assert.equal(instances.length, before.instances, 'the same instance served every call');
  const fromWasm = JSON.parse(api.evaluate(JSON.stringify(EXAMPLE)));
  const fromCli = cliValuation(EXAMPLE);
  assert.deepEqual(fromWasm.totals, fromCli.totals);
  assert.deepEqual(fromWasm.display, fromCli.display);
  assert.deepEqual(fromWasm.by_agency, fromCli.by_agency);
});

test('limits are said in bytes or MiB (never "0 MiB"), and records are bounded by their UTF-8 bytes, not characters', () => {
  // A table reference is at most 1,024 bytes.
  let err;
  assert.throws(() => api.show('x'.repeat(2000)), (e) => { err = e; return true; });
  assert.match(err.message, /the most the JS API reads is 1024 bytes/);
  assert.doesNotMatch(err.message, /0 MiB/);
  // Records of 3-byte characters under the character count of the limit but over its bytes.
  const chars = Math.floor((256 * 1024 * 1024) / 3) + 10;
  const csv = 'family_id\n' + '€'.repeat(chars);
  assert.ok(csv.length < 256 * 1024 * 1024, 'fewer characters than the limit');
  assert.throws(() => api.evaluate(JSON.stringify(EXAMPLE), csv), (e) => { err = e; return true; });
  assert.match(err.message, /records_csv is more than 268435456 bytes long \(UTF-8\); the most the JS API reads is 256 MiB/);
  // And a good call after it.
  assert.ok(JSON.parse(api.evaluate(JSON.stringify(EXAMPLE))).totals);
});

// Issue 24: a table of one's own that overlays another, and testing a claim.
/** The fixture crates/socval/tests/fixtures/council.toml as a scenario object. */
const COUNCIL = {
  name: 'Council overlay fixture', method: 2, families: 20, price_year: 2024, discount_convention: 'green-book',
  tables: { wellbeing: 'wellbeing-open@2.0.0', unit_costs: 'council-costs@1.0.0', deflators: 'gdp-deflator@1.0.0' },
  costs: [{ label: 'Delivery', amount: '60000' }],
  avoided: [
    { id: 'proceedings-la', proxy: 'care-proceedings-la', count: '2', net_of_counterfactual: true },
    { id: 'proceedings-court', proxy: 'care-proceedings-court', count: '2', net_of_counterfactual: true },
    { id: 'foster', proxy: 'foster-care-la', count: '1', duration: 1, net_of_counterfactual: true },
  ],
};
const councilFile = path.join(ROOT, 'crates/socval/tests/fixtures/council-costs.toml');
const councilTables = JSON.stringify([{ name: 'council-costs.toml', text: fs.readFileSync(councilFile, 'utf8') }]);

test('a 2-row council table overlays the open unit costs: the CLI\'s figures, both tables, each line\'s table', () => {
  const v = JSON.parse(api.evaluate(JSON.stringify(COUNCIL), null, councilTables));
  // 2 × £28,000 + 2 × £5,200 (the council's rows) + £33,682.44 × 100 ÷ 76.0754 (the open row).
  assert.equal(v.display.fiscal_savings, '110675.07');
  const fromCli = JSON.parse(cli(['--tables', councilFile, 'evaluate', writeTempScenario(COUNCIL), '--format', 'json']));
  assert.deepEqual(v.totals, fromCli.totals);
  assert.deepEqual(v.tables, fromCli.tables);
  assert.equal(v.tables.find((t) => t.id === 'council-costs').overlays, 'unit-costs-open@2.0.0');
  assert.equal(v.tables.find((t) => t.id === 'unit-costs-open').base_of, 'council-costs@1.0.0');
  assert.equal(v.lines.find((l) => l.item === 'proceedings-la').table, 'council-costs@1.0.0');
  assert.equal(v.lines.find((l) => l.item === 'foster').table, 'unit-costs-open@2.0.0');
  const bad = JSON.stringify([{ name: 'council-costs.toml', text: fs.readFileSync(councilFile, 'utf8').replace('overlays = "unit-costs-open@2.0.0"', 'overlays = "unit-costs-open@8.0.0"') }]);
  assert.throws(() => api.evaluate(JSON.stringify(COUNCIL), null, bad),
    (e) => e.file === 'council-costs.toml' && e.field === 'overlays' && /unit-costs-open@8\.0\.0/.test(e.message));
});

test('claim() gives the CLI\'s answer, and a needed value fed back gives the claim to the penny', () => {
  const raw = JSON.parse(api.claim(JSON.stringify(COUNCIL), JSON.stringify({ figure: 'fiscal_savings', amount: '150000' }), null, councilTables));
  const fromCli = JSON.parse(cli(['--tables', councilFile, 'claim', writeTempScenario(COUNCIL), '--fiscal', '150000', '--format', 'json']));
  assert.deepEqual(raw, fromCli);
  assert.equal(raw.figure_shown, '110675.07');
  // The typed layer of the npm package (api-core.js) over the same module.
  const makeApi = new Function(`${fs.readFileSync(path.join(ROOT, 'crates/socval-wasm/js/api-core.js'), 'utf8')}\nreturn makeApi;`)();
  const typed = makeApi(api);
  const tables = [{ name: 'council-costs.toml', text: fs.readFileSync(councilFile, 'utf8') }];
  const t = typed.claim(COUNCIL, { fiscal: '150000', tables });
  assert.deepEqual(t, raw);
  let checked = 0;
  for (const n of t.needs) {
    if (n.kind.kind !== 'at' || !n.kind.exact || !n.target.startsWith('avoided.')) continue;
    const [, id, field] = n.target.split('.');
    const s = structuredClone(COUNCIL);
    s.avoided.find((a) => a.id === id)[field] = field === 'duration' ? Number(n.kind.value) : n.kind.value;
    assert.equal(typed.evaluate(s, { tables }).display.fiscal_savings, '150000.00', n.text);
    checked += 1;
  }
  assert.ok(checked >= 3, `${checked} needed counts checked`);
  const perFamily = typed.claim(templates.find((x) => x.id === 'step-together').scenario, { social: '103000', perFamily: true });
  assert.match(perFamily.text, /£103,000\.00 per family of social value/);
  assert.ok(perFamily.needs.some((n) => n.kind.kind === 'unreachable' && /No allowed value of the share/.test(n.text)));
  // The option checks: one figure, a decimal string, perFamily a boolean; the core names the field.
  assert.throws(() => typed.claim(COUNCIL, { tables }), TypeError);
  assert.throws(() => typed.claim(COUNCIL, { social: '1', fiscal: '2', tables }), TypeError);
  assert.throws(() => typed.claim(COUNCIL, { fiscal: 150000, tables }), (e) => e instanceof TypeError && /decimal string/.test(e.message));
  assert.throws(() => typed.claim(COUNCIL, { fiscal: '1', perFamily: 'yes', tables }), TypeError);
  assert.throws(() => typed.claim(COUNCIL, { fiscal: '0', tables }), (e) => e.file === 'claim' && e.field === 'amount');
  assert.throws(() => api.claim(JSON.stringify(COUNCIL), JSON.stringify({ figure: 'fiscal_savings', amount: 5 }), null, councilTables),
    (e) => e.field === 'amount');
  assert.throws(() => api.claim(JSON.stringify(COUNCIL), 42), (e) => e instanceof TypeError && /claim_json must be a string/.test(e.message));
});

test('Node\'s evaluate (Latin-1 in, UTF-16 out) gives the same string and the same errors as the glue\'s', () => {
  const raw = glue();
  const same = (scenario, ...rest) => {
    let ours;
    let theirs;
    try {
      ours = api.evaluate(scenario, ...rest);
    } catch (e) {
      ours = `${e.constructor.name}: ${e.message}`;
    }
    try {
      theirs = raw.evaluate(scenario, ...rest);
    } catch (e) {
      theirs = `${e.constructor.name}: ${e.message}`;
    }
    assert.equal(ours, theirs);
    return ours;
  };
  for (const [name, scenario] of cases) {
    const text = JSON.stringify(scenario);
    const v = same(text);
    assert.ok(v.length > 5000 && v.includes('\u2212') && v.includes('£'), name);
    assert.equal(same(scenario), v, `${name} as an object`);
    // Beyond Latin-1 in the scenario: the UTF-16 path in.
    const named = { ...scenario, name: `${scenario.name} \u2212 \u{1d11e} ĉ` };
    assert.match(same(JSON.stringify(named)), /\u2212 \u{1d11e} ĉ/u, name);
    // Latin-1 characters beyond ASCII in a field.
    assert.match(same(JSON.stringify({ ...scenario, name: 'Café £ ÷ ×' })), /Café £ ÷ ×/, name);
  }
  const [, first] = cases[0];
  const records = 'family_id,members\nA1,parent\n';
  same(JSON.stringify(first), records);
  same(JSON.stringify(first), null, '[]');
  same(JSON.stringify(first), 5);
  same(JSON.stringify(first), null, '{');
  for (const bad of ['', '{', '{"families": "£"}', 'é', 5, null, undefined, [], '\u2212']) {
    assert.match(same(bad), /Error: /);
  }
});
