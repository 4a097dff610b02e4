// Type-checked (tsc --strict --noEmit) against the declarations wasm-bindgen generates for
// socval-wasm: what a TypeScript user of the API writes must compile.
import { evaluate, listTables, validate, schema, templates, version, uncertainty } from 'socval-wasm';

const scenarioJson: string = JSON.stringify({ name: 'x', families: 1, price_year: 2024 });
const valuation: string = evaluate(scenarioJson);
const withRecords: string = evaluate(scenarioJson, 'family_id\nF1\n');
const withoutRecords: string = evaluate(scenarioJson, null);
const tables: string = listTables();
const canonical: string = validate(scenarioJson);
const scenarioSchema: string = schema('scenario');
const shipped: string = templates();
const v: string = version();
const analysis: string = uncertainty(scenarioJson, null);

try {
  evaluate('{');
} catch (e) {
  if (e instanceof Error) console.log(e.message);
}

export const all = [valuation, withRecords, withoutRecords, tables, canonical, scenarioSchema, shipped, v, analysis];
