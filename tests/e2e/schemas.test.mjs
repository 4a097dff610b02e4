// The three JSON Schemas `socval schema` prints compile in Ajv's strict mode (JSON Schema 2020-12,
// standard formats only) and give each case socval's own verdict. The cases, the schemas and
// socval's verdicts are written by schemas.py (run first by `cargo xtask test`, which also checks
// them with Python's jsonschema) into target/schema-check/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const dir = join(process.env.SOCVAL_ROOT, 'target', 'schema-check');
const read = (f) => JSON.parse(readFileSync(join(dir, f), 'utf8'));
const manifest = read('manifest.json');
const kinds = ['scenario', 'table', 'valuation'];

function compile(kind) {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  return ajv.compile(read(`${kind}.schema.json`));
}

for (const kind of kinds) {
  test(`Ajv (strict) compiles the ${kind} schema and agrees with socval on every case`, () => {
    const validate = compile(kind);
    const cases = manifest.filter((c) => c.schema === kind);
    assert.ok(cases.some((c) => c.socval) && cases.some((c) => !c.socval), `${kind}: good and bad cases`);
    for (const c of cases) {
      const ok = validate(read(join('cases', c.file)));
      const why = ok ? '' : JSON.stringify(validate.errors.slice(0, 3));
      assert.equal(ok, c.socval, `${c.file}: Ajv says ${ok ? 'valid' : 'invalid'}, socval ${c.socval ? 'valid' : 'invalid'} ${why}`);
    }
  });
}

test('the cases hold every shipped scenario and table', () => {
  const count = (prefix) => manifest.filter((c) => c.expected && c.file.startsWith(prefix)).length;
  assert.ok(count('scenario-') >= 2, 'shipped scenarios');
  assert.ok(count('table-') >= 10, 'shipped tables');
  assert.ok(count('valuation-') >= 2, 'valuations');
  assert.ok(manifest.every((c) => c.expected === c.socval), 'socval gives each case its expected verdict');
});
