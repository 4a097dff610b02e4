// socval for Node: the generated package's functions, guarded so that the module never dies
// (see socval.js). Same signatures as socval_wasm.d.ts.
export { evaluate, uncertainty, validate, listTables, show, diff, compare, schema, templates, version } from './socval_wasm';

/** How many times a trap made the module restart since it was loaded (0 in normal use). */
export function restarts(): number;
