// The npm package's declarations (index.d.mts / index.d.cts, from crates/socval-wasm/js/index.d.ts)
// checked against the Rust types they describe, so that they cannot drift (issue 25):
//
// - against the JSON Schemas socval emits from those types (schemars: `schema('scenario')`,
//   `schema('valuation')`): every object's field names, which fields a scenario may leave out,
//   every enum's names, nullable, array, tuple and map shapes, down to the leaves;
// - against real outputs of every function (each template valued, analysed, compared, a claim,
//   the tables): each value's fields are declared with a type that admits the value, and every
//   field declared as always there is there. Nothing may be declared `unknown`.
//
// Read with the TypeScript compiler's own API over the installed package's index.d.mts.
import { test, before, after } from 'node:test';
import fs from 'node:fs';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createRequire } from 'node:module';
import ts from 'typescript';
import { packAndInstall } from './helpers.mjs';

let checker;
let declared; // export name -> ts.Type (interfaces and type aliases) or the function's type
let socval;

let tmp;
after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

before(() => {
  const pkg = packAndInstall();
  const { project } = pkg;
  tmp = pkg.tmp;
  const dir = path.join(project, 'node_modules/socval');
  const file = path.join(dir, 'index.d.mts');
  const program = ts.createProgram([file], { strict: true, noEmit: true, types: [], target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  assert.deepEqual(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), [], 'index.d.mts compiles alone');
  checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(file));
  declared = new Map();
  for (const sym of checker.getExportsOfModule(moduleSymbol)) {
    const s = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
    const type = s.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias) ? checker.getDeclaredTypeOfSymbol(s) : checker.getTypeOfSymbol(s);
    declared.set(sym.name, type);
  }
  socval = createRequire(path.join(project, 'package.json'))('socval');
});

/** The declared return type of the exported function `name`. */
const returns = (name) => checker.getSignaturesOfType(declared.get(name), ts.SignatureKind.Call)[0].getReturnType();
const show = (t) => checker.typeToString(t);
const isNull = (t) => (t.flags & ts.TypeFlags.Null) !== 0;
/** A type's members (a union's, else itself), without the `undefined` an optional field adds:
 * JSON has no undefined. */
const members = (t) => (t.isUnion() ? t.types : [t]).filter((m) => !(m.flags & ts.TypeFlags.Undefined));
const nonNull = (t) => members(t).filter((m) => !isNull(m));
const isArrayLike = (t) => checker.isArrayType(t) || checker.isTupleType(t);
/** The object members of a type (a union's that are objects, not arrays). */
const objects = (t) => nonNull(t).filter((m) => (m.flags & ts.TypeFlags.Object) && !isArrayLike(m));
const propType = (prop) => checker.getTypeOfSymbol(prop);
const optional = (prop) => (prop.flags & ts.SymbolFlags.Optional) !== 0;

/** Whether type `t` admits the primitive JSON value `v`. */
function admits(t, v) {
  return members(t).some((m) => {
    if (m.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
    if (v === null) return (m.flags & ts.TypeFlags.Null) !== 0;
    if (typeof v === 'string') return (m.flags & ts.TypeFlags.String) !== 0 || (m.isStringLiteral() && m.value === v);
    if (typeof v === 'number') return (m.flags & ts.TypeFlags.Number) !== 0 || (m.isNumberLiteral() && m.value === v);
    if (typeof v === 'boolean') return (m.flags & ts.TypeFlags.BooleanLike) !== 0;
    return false;
  });
}

/**
 * Checks a JSON value against a declared type; pushes each mismatch, with its path, to `errs`.
 */
function checkValue(v, t, at, errs) {
  if (members(t).some((m) => m.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown))) {
    errs.push(`${at}: declared ${show(t)}, but is ${JSON.stringify(v).slice(0, 80)}: type it`);
    return;
  }
  if (v === null || typeof v !== 'object') {
    if (!admits(t, v)) errs.push(`${at}: ${JSON.stringify(v)} is not a ${show(t)}`);
    return;
  }
  if (Array.isArray(v)) {
    const arr = nonNull(t).find(isArrayLike);
    if (!arr) return void errs.push(`${at}: an array, declared ${show(t)}`);
    const args = checker.getTypeArguments(arr);
    if (checker.isTupleType(arr) && args.length !== v.length) errs.push(`${at}: ${v.length} items, declared ${show(arr)}`);
    v.slice(0, 40).forEach((x, i) => checkValue(x, checker.isTupleType(arr) ? args[i] : args[0], `${at}[${i}]`, errs));
    return;
  }
  const candidates = objects(t);
  if (candidates.length === 0) return void errs.push(`${at}: an object, declared ${show(t)}`);
  // A tagged union: the member whose literal `kind` (or other literal field) matches.
  let o = candidates[0];
  if (candidates.length > 1) {
    o = candidates.find((c) => checker.getPropertiesOfType(c).every((p) => {
      const pt = propType(p);
      return !pt.isStringLiteral() || v[p.name] === pt.value;
    }) && Object.keys(v).every((k) => checker.getPropertyOfType(c, k)));
    if (!o) return void errs.push(`${at}: ${JSON.stringify(v).slice(0, 100)} matches no member of ${show(t)}`);
  }
  const index = checker.getIndexTypeOfType(o, ts.IndexKind.String);
  for (const [k, x] of Object.entries(v)) {
    const p = checker.getPropertyOfType(o, k);
    if (p) checkValue(x, propType(p), `${at}.${k}`, errs);
    else if (index) checkValue(x, index, `${at}.${k}`, errs);
    else errs.push(`${at}.${k}: not declared in ${show(o)}`);
  }
  for (const p of checker.getPropertiesOfType(o)) {
    if (!optional(p) && !(p.name in v)) errs.push(`${at}.${p.name}: declared always there, but missing`);
  }
}

/**
 * Checks a JSON Schema (schemars' output for a Rust type) against a declared type; `input`: the
 * type is what socval reads (a field the schema does not require must be optional, and one it
 * requires must not be).
 */
function checkSchema(schema, t, at, errs, root, input, seen = new Set(), optionalField = false) {
  if (schema.$ref) {
    const name = schema.$ref.replace(/^#\/(\$defs|definitions)\//, '');
    const key = `${name} ${show(t)}`;
    if (seen.has(key)) return;
    seen.add(key);
    return checkSchema({ ...(root.$defs ?? root.definitions)[name], ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$ref')) }, t, at, errs, root, input, seen);
  }
  if (members(t).some((m) => m.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown))) return void errs.push(`${at}: declared ${show(t)}: type it`);
  // A field of the Rust type that socval refuses (a measured item's deadweight) is declared never.
  if (members(t).every((m) => m.flags & ts.TypeFlags.Never)) return;
  const branches = schema.anyOf ?? schema.oneOf;
  const types = [].concat(schema.type ?? []);
  const nullable = types.includes('null') || (branches ?? []).some((b) => b.type === 'null');
  // An output's Option is null, or left out where serde skips a none (declared optional).
  if (nullable && !input && !optionalField && !members(t).some(isNull)) errs.push(`${at}: nullable in the schema, not in ${show(t)}`);
  if (branches) {
    const rest = branches.filter((b) => b.type !== 'null');
    if (rest.length === 1) return checkSchema({ ...schema, anyOf: undefined, oneOf: undefined, ...rest[0] }, t, at, errs, root, input, seen, optionalField);
    // Alternatives of plain values (a decimal as a string or a number): the JS API takes one.
    if (rest.every((b) => b.type && !b.properties && !b.$ref && !b.enum && b.const === undefined && b.type !== 'object' && b.type !== 'array')) {
      return checkSchema({ type: rest.flatMap((b) => [].concat(b.type)) }, t, at, errs, root, input, seen, optionalField);
    }
    // An enum written as one branch per name, or a tagged union of objects.
    const names = rest.map((b) => b.const ?? (b.enum?.length === 1 ? b.enum[0] : undefined));
    if (names.every((n) => typeof n === 'string')) return checkEnum(names, t, at, errs);
    const objs = objects(t);
    for (const [i, b] of rest.entries()) {
      const bb = b.$ref ? (root.$defs ?? root.definitions)[b.$ref.split('/').pop()] : b;
      const keys = Object.keys(bb.properties ?? {}).sort().join(',');
      const match = objs.find((o) => checker.getPropertiesOfType(o).map((p) => p.name).sort().join(',') === keys);
      if (!match) errs.push(`${at}: the schema's variant {${keys}} is no member of ${show(t)}`);
      else checkSchema(bb, match, `${at}<${i}>`, errs, root, input, seen);
    }
    if (objs.length > rest.length) errs.push(`${at}: ${show(t)} has more members than the schema's ${rest.length}`);
    return;
  }
  if (schema.enum) return checkEnum(schema.enum.filter((x) => x !== null), t, at, errs);
  if (types.includes('object') || schema.properties) {
    const o = objects(t)[0];
    if (!o) return void errs.push(`${at}: an object in the schema, declared ${show(t)}`);
    if (schema.additionalProperties && typeof schema.additionalProperties === 'object' && !schema.properties) {
      const index = checker.getIndexTypeOfType(o, ts.IndexKind.String);
      if (!index) return void errs.push(`${at}: a map in the schema, declared ${show(o)}`);
      return checkSchema(schema.additionalProperties, index, `${at}[*]`, errs, root, input, seen);
    }
    const props = schema.properties ?? {};
    const required = new Set(schema.required ?? []);
    const declaredNames = checker.getPropertiesOfType(o).map((p) => p.name);
    for (const name of declaredNames) if (!(name in props)) errs.push(`${at}.${name}: declared, but no field of the Rust type`);
    for (const [name, sub] of Object.entries(props)) {
      const p = checker.getPropertyOfType(o, name);
      if (!p) {
        errs.push(`${at}.${name}: a field of the Rust type, not declared`);
        continue;
      }
      if (input && optional(p) === required.has(name)) {
        errs.push(`${at}.${name}: ${required.has(name) ? 'required' : 'optional'} in the schema, ${optional(p) ? 'optional' : 'required'} in the declaration`);
      }
      checkSchema(sub, propType(p), `${at}.${name}`, errs, root, input, seen, optional(p));
    }
    return;
  }
  if (types.includes('array')) {
    const arr = nonNull(t).find(isArrayLike);
    if (!arr) return void errs.push(`${at}: an array in the schema, declared ${show(t)}`);
    const args = checker.getTypeArguments(arr);
    if (schema.prefixItems) {
      if (!checker.isTupleType(arr) || args.length !== schema.prefixItems.length) errs.push(`${at}: a tuple of ${schema.prefixItems.length} in the schema, declared ${show(arr)}`);
      else schema.prefixItems.forEach((s, i) => checkSchema(s, args[i], `${at}[${i}]`, errs, root, input, seen));
      return;
    }
    if (Array.isArray(schema.items)) {
      if (!checker.isTupleType(arr) || args.length !== schema.items.length) errs.push(`${at}: a tuple of ${schema.items.length} in the schema, declared ${show(arr)}`);
      else schema.items.forEach((s, i) => checkSchema(s, args[i], `${at}[${i}]`, errs, root, input, seen));
      return;
    }
    if (schema.items) checkSchema(schema.items, args[0], `${at}[]`, errs, root, input, seen);
    return;
  }
  // A plain value: the declaration admits one of the schema's types (a decimal the schema reads
  // as a string or a number is a string in the JS API), and nothing else.
  const sample = { string: 'x', integer: 1, number: 1, boolean: true };
  const plain = types.filter((x) => x in sample);
  if (plain.length === 0) return;
  const admitsType = (ty) => (ty === 'string' ? nonNull(t).some((m) => (m.flags & ts.TypeFlags.String) || m.isStringLiteral()) : admits(t, sample[ty]));
  if (!plain.some(admitsType)) errs.push(`${at}: a ${plain.join(' or ')} in the schema, declared ${show(t)}`);
  for (const other of ['string', 'integer', 'boolean']) {
    if (!plain.includes(other) && !(other === 'integer' && plain.includes('number')) && admitsType(other)) errs.push(`${at}: declared ${show(t)}, but a ${plain.join(' or ')} in the schema`);
  }
}

function checkEnum(names, t, at, errs) {
  const lits = nonNull(t).filter((m) => m.isStringLiteral()).map((m) => m.value).sort();
  if (nonNull(t).some((m) => m.flags & ts.TypeFlags.String)) return; // a plain string admits every name
  if (JSON.stringify(lits) !== JSON.stringify([...names].sort())) errs.push(`${at}: the names ${[...names].sort().join(', ')} in the schema, declared ${lits.join(', ')}`);
}

const report = (errs) => assert.deepEqual(errs, [], `\n${errs.join('\n')}`);

test('Scenario is the scenario format\'s JSON Schema, field by field (which may be left out, enums, shapes)', () => {
  const errs = [];
  const s = socval.schema('scenario');
  checkSchema(s, declared.get('Scenario'), 'Scenario', errs, s, true);
  report(errs);
});

test('Valuation is the valuation\'s JSON Schema (what evaluate returns), field by field', () => {
  const errs = [];
  const s = socval.schema('valuation');
  checkSchema(s, returns('evaluate'), 'Valuation', errs, s, false);
  report(errs);
});

test('ProxyTable is the table format\'s JSON Schema (what show returns), field by field', () => {
  const errs = [];
  const s = socval.schema('table');
  checkSchema(s, returns('show'), 'ProxyTable', errs, s, false);
  report(errs);
});

test('every function\'s declared return type admits its real outputs, every template, and declares nothing unknown', () => {
  const errs = [];
  const templates = socval.templates();
  checkValue(templates, returns('templates'), 'templates()', errs);
  for (const t of templates) {
    checkValue(socval.evaluate(t.scenario), returns('evaluate'), `evaluate(${t.id})`, errs);
    checkValue(socval.evaluate(t.scenario, { evidence: 'primary' }), returns('evaluate'), `evaluate(${t.id}, primary)`, errs);
    checkValue(socval.validate(t.scenario), returns('validate'), `validate(${t.id})`, errs);
    const draws = { ...t.scenario, uncertainty: { ...(t.scenario.uncertainty ?? {}), draws: 50 } };
    checkValue(socval.uncertainty(draws), returns('uncertainty'), `uncertainty(${t.id})`, errs);
    checkValue(socval.claim(t.scenario, { social: '1000000' }), returns('claim'), `claim(${t.id})`, errs);
    checkValue(socval.diff(t.scenario, 'unit-costs-open@1.0.0'), returns('diff'), `diff(${t.id})`, errs);
  }
  checkValue(socval.compare(templates[0].scenario, templates[1].scenario), returns('compare'), 'compare', errs);
  const tables = socval.listTables();
  checkValue(tables, returns('listTables'), 'listTables()', errs);
  for (const t of tables) checkValue(socval.show(`${t.id}@${t.version}`), returns('show'), `show(${t.id}@${t.version})`, errs);
  report(errs);
});

test('the checks are not vacuous: a value with a field too many, one missing, or of the wrong type is caught', () => {
  const v = socval.evaluate(socval.templates()[0].scenario);
  const wrong = [
    { ...v, extra: 1 },
    (({ lines, ...rest }) => rest)(v),
    { ...v, display: { ...v.display, social_value: 86956.89 } },
  ];
  for (const w of wrong) {
    const errs = [];
    checkValue(w, returns('evaluate'), 'v', errs);
    assert.equal(errs.length, 1, errs.join('\n'));
  }
  const s = socval.schema('scenario');
  const errs = [];
  checkSchema({ ...s, properties: { ...s.properties, colour: { type: 'string' } } }, declared.get('Scenario'), 'Scenario', errs, s, true);
  assert.deepEqual(errs, ['Scenario.colour: a field of the Rust type, not declared']);
  // Deep inside: a field of a line, and a scenario field that became optional.
  const val = socval.schema('valuation');
  const deep = structuredClone(val);
  deep.$defs.Line.properties.colour = { type: 'string' };
  const deepErrs = [];
  checkSchema(deep, returns('evaluate'), 'Valuation', deepErrs, deep, false);
  assert.deepEqual(deepErrs, ['Valuation.lines[].colour: a field of the Rust type, not declared']);
  const loose = { ...s, required: s.required.filter((r) => r !== 'name') };
  const looseErrs = [];
  checkSchema(loose, declared.get('Scenario'), 'Scenario', looseErrs, loose, true);
  assert.deepEqual(looseErrs, ['Scenario.name: optional in the schema, required in the declaration']);
});
