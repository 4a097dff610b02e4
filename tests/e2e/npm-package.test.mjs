// The npm package `socval` (written by `cargo xtask api`) used as a user would: `npm pack`, then
// `npm install <tarball>` into a scratch project, required from CommonJS, imported from an ES
// module, its browser entry loaded as a browser or bundler would, and type-checked with `tsc --strict`. Figures are compared with the CLI's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ROOT, CLI, packAndInstall } from './helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(ROOT, 'crates/socval/tests/fixtures');
const cliJson = (args) => JSON.parse(execFileSync(CLI, [...args, '--format', 'json'], { cwd: fixtures, encoding: 'utf8' }));

let project;
let tarball;

let tmp;
after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

before(() => {
  const pkg = packAndInstall();
  ({ project, tarball, tmp } = pkg);
  console.log(`# ${pkg.packed.filename}: ${pkg.packed.size} bytes packed, ${pkg.packed.unpackedSize} unpacked, ${pkg.packed.entryCount} files`);
});

/** Runs a script file in the scratch project and returns its standard output. */
function runIn(name, source) {
  const file = path.join(project, name);
  fs.writeFileSync(file, source);
  return execFileSync('node', [file], { cwd: project, encoding: 'utf8' });
}

test('the tarball holds the package and only it', () => {
  const list = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
  const want = ['package/package.json', 'package/index.d.mts', 'package/index.d.cts', 'package/node/index.cjs',
    'package/node/index.mjs', 'package/node/socval.cjs', 'package/node/socval_wasm.cjs', 'package/browser/index.js',
    'package/browser/api.js', 'package/browser/guard.mjs', 'package/browser/socval_wasm.js', 'package/browser/socval_wasm_bg.wasm',
    'package/wasm.d.mts', 'package/init/package.json', 'package/README.md', 'package/LICENSE-MIT', 'package/LICENSE-APACHE'];
  assert.deepEqual(list.slice().sort(), want.sort());
  // Size-optimised (wasm-opt -Oz): smaller than the plain build the Node test uses. That build is
  // compiled for speed (the wasm-api profile, opt-level 3), which wasm-opt shrinks less than code
  // compiled for size: about 16 % (it was 35 % from opt-level "z").
  const wasm = fs.statSync(path.join(project, 'node_modules/socval/browser/socval_wasm_bg.wasm')).size;
  const plain = path.join(process.env.SOCVAL_WASM_NODE || path.join(ROOT, 'target/wasm/socval-wasm-node'), 'socval_wasm_bg.wasm');
  if (fs.existsSync(plain)) {
    const before = fs.statSync(plain).size;
    console.log(`# Node wasm: ${wasm} bytes after wasm-opt -Oz, ${before} before`);
    assert.ok(wasm < before * 0.9, `the Node wasm is size-optimised (${wasm} bytes, ${before} before)`);
  }
});

test('require("socval") values a template to the golden figures and equals the CLI', () => {
  const out = JSON.parse(runIn('cjs.cjs', `
    const socval = require('socval');
    const t = socval.templates().find((t) => t.id === 'step-together');
    const v = socval.evaluate(t.scenario);
    console.log(JSON.stringify({ display: v.display, version: socval.version() }));
  `));
  assert.equal(out.display.fiscal_savings, '249576.73');
  assert.equal(out.display.social_value, '86956.89');
  assert.deepEqual(out.display, cliJson(['evaluate', '@step-together']).display);
});

test('import from an ES module: user tables, show, diff, compare, uncertainty, each equal to the CLI', () => {
  // The licensed-values fixture as a JS object (the CLI reads the same scenario from TOML).
  const licensed = {
    name: 'Licensed values fixture', method: 2, families: 20, price_year: 2021,
    tables: { wellbeing: 'licensed-values@2024.1', unit_costs: 'unit-costs-open@1.0.0', deflators: 'gdp-deflator@1.0.0' },
    costs: [{ label: 'Delivery', amount: '40000' }],
    outcomes: [
      { id: 'confidence-young', proxy: 'high-confidence', people: '4', age_band: 'under-25', deadweight: '0.2' },
      { id: 'confidence-london', proxy: 'high-confidence', people: '3', age_band: '25-49', region: 'london', deadweight: '0.2' },
      { id: 'lonely', proxy: 'not-lonely', people: '5', duration: 2, drop_off: '0.5' },
    ],
  };
  const out = JSON.parse(runIn('esm.mjs', `
    import { evaluate, validate, show, diff, compare, uncertainty, listTables, templates } from 'socval';
    import fs from 'node:fs';
    const table = fs.readFileSync(${JSON.stringify(path.join(fixtures, 'licensed-wellbeing.toml'))}, 'utf8');
    const tables = [{ name: 'licensed-wellbeing.toml', text: table }];
    // A TOML scenario is the CLI's; here it goes in as the object validate returns.
    const base = templates().find((t) => t.id === 'step-together').scenario;
    const licensed = ${JSON.stringify(licensed)};
    console.log(JSON.stringify({
      listed: listTables({ tables }).map((t) => t.id + '@' + t.version),
      shown: show('licensed-values@2024.1', { tables }).id,
      licensed: evaluate(validate(licensed, { tables }), { tables }).display,
      diff: diff(base, 'unit-costs-open@1.0.0').totals,
      compare: compare(base, templates().find((t) => t.id === 'securing-change').scenario).totals,
      uncertainty: uncertainty({ ...base, uncertainty: { ...(base.uncertainty || {}), draws: 200, seed: 7 } }).monte_carlo.draws,
    }));
  `));
  assert.ok(out.listed.includes('licensed-values@2024.1'));
  assert.equal(out.shown, 'licensed-values');
  const licensedFile = path.join(project, 'licensed.json');
  fs.writeFileSync(licensedFile, JSON.stringify(licensed));
  const cliLicensed = cliJson(['evaluate', licensedFile, '--tables', 'licensed-wellbeing.toml']);
  assert.deepEqual(out.licensed, cliLicensed.display);
  assert.ok(Number(out.licensed.social_value) > 0);
  const cliDiff = cliJson(['diff', '@step-together', '--to', 'unit-costs-open@1.0.0']);
  assert.deepEqual(out.diff, cliDiff.totals);
  const cliCompare = cliJson(['compare', '@step-together', '@securing-change']);
  assert.deepEqual(out.compare.map((d) => [d.name, d.a, d.b]), cliCompare.totals.map((d) => [d.name, d.a, d.b]));
  assert.equal(out.uncertainty, 200);
});

test('errors carry kind, file, location and field as properties', () => {
  const out = JSON.parse(runIn('errors.cjs', `
    const socval = require('socval');
    const t = socval.templates().find((t) => t.id === 'step-together');
    const caught = [];
    for (const bad of [{ ...t.scenario, families: 0 }, '{ "name": ', { ...t.scenario, costs: [{ label: 'x', amount: 5 }] }]) {
      try { socval.evaluate(bad); caught.push(null); } catch (e) {
        caught.push({ isError: e instanceof Error, socval: socval.isSocvalError(e), kind: e.kind, file: e.file, location: e.location, field: e.field, message: e.message });
      }
    }
    try { socval.evaluate(42); } catch (e) { caught.push({ type: e.constructor.name, message: e.message }); }
    console.log(JSON.stringify(caught));
  `));
  const [families, syntax, number, type] = out;
  assert.ok(families.isError && families.socval);
  assert.equal(families.field, 'families');
  assert.equal(families.file, 'scenario.json');
  assert.equal(families.kind, 'invalid');
  assert.equal(syntax.kind, 'syntax');
  assert.match(syntax.location, /^line 1/);
  assert.equal(number.field, 'amount', 'a JS number where a decimal string belongs is refused, naming the field');
  assert.equal(type.type, 'TypeError');
});

test('options: unknown keys and wrong shapes are TypeErrors naming them; null is none; records follow the scenario\'s [records]', () => {
  const out = JSON.parse(runIn('options.cjs', `
    const socval = require('socval');
    const t = socval.templates().find((t) => t.id === 'step-together');
    const id = t.scenario.outcomes[0].id;
    const csv = 'family_id,members,' + id + '\\nF1,mother:25-49,mother\\n';
    const calls = {
      csvText: () => socval.evaluate(t.scenario, csv),
      record: () => socval.evaluate(t.scenario, { record: csv }),
      Records: () => socval.evaluate(t.scenario, { Records: csv }),
      table: () => socval.evaluate(t.scenario, { table: [] }),
      draws: () => socval.uncertainty(t.scenario, { draws: 5 }),
      array: () => socval.validate(t.scenario, []),
      recordsNumber: () => socval.evaluate(t.scenario, { records: 5 }),
      tablesString: () => socval.listTables({ tables: 'x' }),
      fromNumber: () => socval.diff(t.scenario, 'unit-costs-open@1.0.0', { from: 1 }),
    };
    const out = {};
    for (const [k, f] of Object.entries(calls)) {
      try { f(); out[k] = 'no error'; } catch (e) { out[k] = e.constructor.name + ': ' + e.message; }
    }
    // null options are no options, never "Cannot read properties of null".
    out.nullOptions = socval.evaluate(t.scenario, null).display.social_value;
    out.plain = socval.evaluate(t.scenario).display.social_value;
    out.nullTables = socval.listTables(null).length > 0;
    // A scenario's [records] mapping and delimiter are followed, as the CLI follows them.
    const mapped = { ...t.scenario, records: { delimiter: ';', columns: { 'Case ref': 'family_id', 'Outcome A': id } } };
    out.mapped = socval.evaluate(mapped, { records: 'Case ref;members;Outcome A\\nF1;mother:25-49;mother\\n' }).display;
    out.plainRecords = socval.evaluate(t.scenario, { records: csv }).display;
    console.log(JSON.stringify(out));
  `));
  for (const [k, name] of [['record', '"record"'], ['Records', '"Records"'], ['table', '"table"'], ['draws', '"draws"']]) {
    assert.match(out[k], /^TypeError: .*unknown option/, k);
    assert.ok(out[k].includes(name), `${k}: ${out[k]}`);
  }
  assert.match(out.csvText, /^TypeError: evaluate: the options must be an object .* but are a string \(records go in the options/);
  assert.match(out.array, /^TypeError: validate: the options must be an object/);
  assert.match(out.recordsNumber, /^TypeError: evaluate: options.records must be the records CSV as text, but is a number/);
  assert.match(out.tablesString, /^TypeError: listTables: options.tables must be an array/);
  assert.match(out.fromNumber, /^TypeError: diff: options.from must be a table/);
  assert.equal(out.nullOptions, out.plain);
  assert.equal(out.nullTables, true);
  assert.deepEqual(out.mapped, out.plainRecords, 'the mapped export values as the plain file does');
});

test('tsc --strict type-checks a typical use of the installed package', () => {
  fs.writeFileSync(path.join(project, 'usage.ts'), `
import { evaluate, templates, diff, compare, show, uncertainty, listTables, isSocvalError } from 'socval';
import type { Valuation, Scenario, Comparison, SocvalError, Decimal } from 'socval';

const scenario: Scenario = templates()[0].scenario;
const v: Valuation = evaluate(scenario, { records: null, tables: [] });
const fiscal: Decimal = v.display.fiscal_savings;
const lines: number = v.lines.filter((l) => l.section === 'fiscal-savings').length;
const c: Comparison = diff(scenario, 'unit-costs-open@1.0.0', { from: 'unit-costs-open@2.0.0' });
const d: Comparison = compare(scenario, { ...scenario, families: 2 });
const rows: number = (show('wellbeing-open@2.0.0').rows ?? []).length;
const draws: number = uncertainty(scenario).monte_carlo.draws;
const ids: string[] = listTables({ tables: [{ name: 'mine.toml', text: '' }] }).map((t) => t.id);
const assumed: Decimal = evaluate(scenario, { evidence: 'derived' }).evidence.social_value[3].rounded;
try {
  evaluate('{');
} catch (e) {
  if (isSocvalError(e)) {
    const err: SocvalError = e;
    const where: string = err.file + err.location + err.field + err.kind;
    console.log(where);
  }
}
export const all = [fiscal, lines, c, d, rows, draws, ids, assumed];
`);
  fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'node16', moduleResolution: 'node16', target: 'es2020', types: [] },
    files: ['usage.ts'],
  }));
  execFileSync(path.join(here, 'node_modules/.bin/tsc'), ['-p', project], { encoding: 'utf8' });
  // The same from an ES module (index.d.mts): the default export, init, the analysis typed to
  // its leaves, schema('valuation'); and the socval/init entry under bundler resolution.
  fs.writeFileSync(path.join(project, 'usage.mts'), `
import socval, { init, uncertainty, templates, schema } from 'socval';
import type { Analysis, BreakEven, Decimal } from 'socval';
await init();
const a: Analysis = uncertainty(templates()[0].scenario);
const b: BreakEven | undefined = a.break_even.values[0];
const at: Decimal | null = b && b.kind.kind === 'at' ? b.kind.value : null;
const status: 'values' | 'no_cost' | 'zero_cost' | 'nothing_to_vary' = a.break_even.status;
const p5: Decimal | undefined = a.monte_carlo.spreads[0]?.percentiles[0]?.[1];
const valuationSchema: object = schema('valuation');
const v: string = socval.version();
export const all = [at, status, p5, valuationSchema, v];
`);
  fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'node16', moduleResolution: 'node16', target: 'es2022', types: [] },
    files: ['usage.mts'],
  }));
  execFileSync(path.join(here, 'node_modules/.bin/tsc'), ['-p', project], { encoding: 'utf8' });
  fs.writeFileSync(path.join(project, 'bundled.ts'), `
import { init, evaluate, templates } from 'socval/init';
import type { Valuation } from 'socval/init';
await init(new URL('./socval_wasm_bg.wasm', import.meta.url));
const v: Valuation = evaluate(templates()[0].scenario);
export const fiscal: string = v.display.fiscal_savings;
`);
  fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'esnext', moduleResolution: 'bundler', target: 'es2022', types: [], lib: ['es2022', 'dom'] },
    files: ['bundled.ts'],
  }));
  execFileSync(path.join(here, 'node_modules/.bin/tsc'), ['-p', project], { encoding: 'utf8' });
  // The break-even values are typed: a figure is a decimal string, not a number.
  fs.writeFileSync(path.join(project, 'bundled.ts'), `import { uncertainty, templates } from 'socval/init';\nexport const n: number = uncertainty(templates()[0].scenario).break_even.programme_cost;\n`);
  assert.throws(() => execFileSync(path.join(here, 'node_modules/.bin/tsc'), ['-p', project], { encoding: 'utf8', stdio: 'pipe' }));
  fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'node16', moduleResolution: 'node16', target: 'es2020', types: [] },
    files: ['usage.ts'],
  }));
  // And a deliberate type error is caught, so the check is not vacuous.
  fs.writeFileSync(path.join(project, 'usage.ts'), `import { evaluate } from 'socval';\nconst n: number = evaluate('{}').display.fiscal_savings;\nexport { n };\n`);
  assert.throws(() => execFileSync(path.join(here, 'node_modules/.bin/tsc'), ['-p', project], { encoding: 'utf8', stdio: 'pipe' }));
});

test('the browser entry (browsers, bundlers) values like the CLI and never dies: 1,000 failing calls, 50 of them traps, then a good call', () => {
  // Run as a browser or a bundler would: the package's `browser` entry is an ES module that
  // fetches its wasm from `new URL('./socval_wasm_bg.wasm', import.meta.url)`; Node's fetch has
  // no file: URLs, so the script answers those from disk, as a web server would. Every instance
  // made is kept, to break the current one for real: its memory is grown to the wasm32 maximum
  // (4 GiB), so that the next allocation inside the module fails and aborts (`unreachable`), as
  // an out-of-memory does in a browser. A trap costs about 0.15 s here (a fresh 4 GiB memory),
  // so 50 of the 1,000 calls are traps and the others are refused inputs.
  const out = JSON.parse(runIn('browser.mjs', `
    import fs from 'node:fs';
    const instances = [];
    WebAssembly.Instance = new Proxy(WebAssembly.Instance, { construct(t, a) { const i = new t(...a); instances.push(i); return i; } });
    for (const name of ['instantiate', 'instantiateStreaming']) {
      const f = WebAssembly[name];
      WebAssembly[name] = async (...a) => { const r = await f(...a); instances.push(r.instance ?? r); return r; };
    }
    const web = globalThis.fetch;
    globalThis.fetch = async (url) => String(url).startsWith('file:')
      ? new Response(fs.readFileSync(new URL(url)), { headers: { 'content-type': 'application/wasm' } })
      : web(url);
    const socval = await import('./node_modules/socval/browser/index.js');
    const t = socval.templates().find((t) => t.id === 'step-together');
    const first = socval.evaluate(t.scenario).display;
    const large = JSON.stringify(t.scenario) + ' '.repeat(1 << 20);
    const seen = { traps: 0, own: 0, other: [] };
    for (let i = 0; i < 1000; i += 1) {
      try {
        if (i % 20 === 0) {
          const memory = instances.at(-1).exports.memory;
          memory.grow(65536 - memory.buffer.byteLength / 65536);
          socval.evaluate(large);
        } else {
          socval.evaluate({ ...t.scenario, families: -i });
        }
        seen.other.push('no error at call ' + i);
      } catch (e) {
        if (/the WebAssembly module stopped \\(RuntimeError: unreachable\\).*later calls work/.test(e.message)) seen.traps += 1;
        else if (socval.isSocvalError(e) && e.field === 'families') seen.own += 1;
        else seen.other.push(e.constructor.name + ': ' + e.message);
      }
    }
    const after = socval.evaluate(t.scenario).display;
    console.log(JSON.stringify({ first, after, seen, instances: instances.length, def: typeof socval.default.evaluate }));
  `));
  assert.deepEqual(out.seen, { traps: 50, own: 950, other: [] });
  assert.equal(out.instances, 51, 'one fresh instance per trap');
  assert.equal(out.first.fiscal_savings, '249576.73');
  assert.deepEqual(out.after, cliJson(['evaluate', '@step-together']).display);
  assert.deepEqual(out.first, out.after);
  assert.equal(out.def, 'function');
});

test('options.evidence values only rows at or above a status, as the CLI\'s --evidence; an unknown status throws naming it', () => {
  const out = JSON.parse(runIn('evidence.cjs', `
    const socval = require('socval');
    const t = socval.templates().find((t) => t.id === 'step-together');
    const full = socval.evaluate(t.scenario);
    const derived = socval.evaluate(JSON.stringify(t.scenario), { evidence: 'derived' });
    let bad;
    try { socval.evaluate(t.scenario, { evidence: 'strong' }); } catch (e) { bad = { message: e.message, field: e.field, kind: e.kind }; }
    let wrongType;
    try { socval.evaluate(t.scenario, { evidence: 3 }); } catch (e) { wrongType = e instanceof TypeError && e.message; }
    console.log(JSON.stringify({ full: full.evidence, derived, bad, wrongType }));
  `));
  const cli = cliJson(['evaluate', '@step-together', '--evidence', 'derived']);
  assert.deepEqual(out.derived.display, cli.display);
  assert.deepEqual(out.derived.evidence, cli.evidence);
  assert.deepEqual(out.derived.left_out, cli.left_out);
  assert.equal(out.derived.min_evidence, 'derived');
  assert.deepEqual(out.full, cliJson(['evaluate', '@step-together']).evidence);
  // The parts add up to each displayed figure.
  for (const key of ['social_value', 'fiscal_savings', 'cashable_savings']) {
    const pennies = out.derived.evidence[key].reduce((s, p) => s + BigInt(Math.round(Number(p.rounded) * 100)), 0n);
    assert.equal(pennies, BigInt(Math.round(Number(out.derived.display[key]) * 100)), key);
  }
  assert.match(out.bad.message, /options\.evidence/);
  assert.match(out.bad.message, /primary, secondary, derived or assumption/);
  assert.equal(out.bad.field, 'evidence');
  assert.equal(out.bad.kind, 'invalid');
  assert.match(out.wrongType, /options\.evidence/);
});

// Issue 24: claim() from the installed package (CommonJS and ESM), equal to the CLI, and its types.
test('claim() tests a claimed figure as the CLI does, and tsc --strict types it', () => {
  const out = JSON.parse(runIn('claim.mjs', `
    import { claim, templates } from 'socval';
    const t = templates().find((t) => t.id === 'step-together');
    const c = claim(t.scenario, { fiscal: '1000000' });
    let typeError = null;
    try { claim(t.scenario, { fiscal: 1000000 }); } catch (e) { typeError = e.constructor.name; }
    console.log(JSON.stringify({ c, typeError }));
  `));
  assert.deepEqual(out.c, cliJson(['claim', '@step-together', '--fiscal', '1000000']));
  assert.equal(out.typeError, 'TypeError');
  const cjs = JSON.parse(runIn('claim.cjs', `
    const socval = require('socval');
    const t = socval.templates().find((t) => t.id === 'step-together');
    console.log(JSON.stringify(socval.claim(t.scenario, { social: '103000', perFamily: true }).text));
  `));
  assert.match(cjs, /£103,000\.00 per family of social value/);
  fs.writeFileSync(path.join(project, 'claim.ts'), `
import { claim, templates } from 'socval';
import type { ClaimTest, Need, Decimal } from 'socval';
const t: ClaimTest = claim(templates()[0].scenario, { social: '103000', perFamily: true, tables: [] });
const first: Need | undefined = t.needs[0];
const value: Decimal | null = first && first.kind.kind === 'at' ? first.kind.value : null;
export const all = [t.figure_shown, value];
`);
  fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'node16', moduleResolution: 'node16', target: 'es2020', types: [] },
    files: ['claim.ts'],
  }));
  execFileSync(path.join(here, 'node_modules/.bin/tsc'), ['-p', project], { encoding: 'utf8' });
  // A number where the claim takes a decimal string is a type error too.
  fs.writeFileSync(path.join(project, 'claim.ts'), `import { claim, templates } from 'socval';\nexport const c = claim(templates()[0].scenario, { social: 103000 });\n`);
  assert.throws(() => execFileSync(path.join(here, 'node_modules/.bin/tsc'), ['-p', project], { encoding: 'utf8', stdio: 'pipe' }));
});

// Issue 25: socval/init. In a browser its functions wait for init(wasm), which takes the module
// from a URL, a Response, its bytes or a compiled module; in Node, init has nothing to do.
test('socval/init: a call before init throws saying so; init(bytes) loads the module; in Node init is a no-op', () => {
  const out = JSON.parse(runIn('init.mjs', `
    import fs from 'node:fs';
    const api = await import('./node_modules/socval/browser/api.js');
    let early = null;
    try { api.evaluate({}); } catch (e) { early = e.message; }
    const bytes = fs.readFileSync('./node_modules/socval/browser/socval_wasm_bg.wasm');
    await api.init(bytes);
    await api.init(bytes);
    const t = api.templates().find((x) => x.id === 'step-together');
    const browser = api.evaluate(t.scenario).display;
    const { init, evaluate, templates } = await import('socval/init');
    await init();
    const node = evaluate(templates().find((x) => x.id === 'step-together').scenario).display;
    console.log(JSON.stringify({ early, browser, node }));
  `));
  assert.match(out.early, /^socval evaluate: the WebAssembly module is not loaded yet: await init\(wasm\) first/);
  const cli = cliJson(['evaluate', '@step-together']).display;
  assert.deepEqual(out.browser, cli);
  assert.deepEqual(out.node, cli);
  const cjs = runIn('init.cjs', `
    const { init, version } = require('socval/init');
    init().then(() => console.log(version()));
  `);
  assert.equal(cjs.trim(), JSON.parse(fs.readFileSync(path.join(project, 'node_modules/socval/package.json'), 'utf8')).version);
});
