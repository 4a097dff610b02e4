'use strict';
// socval for Node, safe to call after anything: the functions of the package wasm-bindgen
// generates (`socval_wasm.js`, built with `--target nodejs`), each guarded so that the module
// never dies.
//
// The module is built with `panic = "abort"`: a panic, an out-of-memory or any other trap inside
// WebAssembly surfaces as a `WebAssembly.RuntimeError` with no message, and it leaves the
// instance broken (its stack pointer and allocator are not restored; after a few hundred traps
// every call fails with "memory access out of bounds"). A trap cannot be caught inside the
// module, so it is caught here: the broken instance is dropped, a fresh one (with fresh memory)
// is made, and the call throws an `Error` that says what happened. The next call works.
//
// socval's own errors pass through unchanged: an `Error` whose message names the file, the
// line or item and the field, or a `TypeError` naming the argument of the wrong type.
//
//   const socval = require('./socval.js');
//   const valuation = JSON.parse(socval.evaluate(JSON.stringify(scenario)));

const path = require('node:path');

const GLUE = path.join(__dirname, 'socval_wasm.js');
const FUNCTIONS = ['evaluate', 'uncertainty', 'validate', 'listTables', 'show', 'diff', 'compare', 'schema', 'templates', 'version'];

let glue = null;
let restartCount = 0;

/** Loads the generated package afresh: a new WebAssembly instance with its own memory. */
function load() {
  delete require.cache[require.resolve(GLUE)];
  glue = require(GLUE);
}

/** Whether `e` is an error socval throws on purpose (an `Error` or a `TypeError` it made), as
 * opposed to a trap (`WebAssembly.RuntimeError`), a stack overflow (`RangeError`) or anything
 * else, after which the instance cannot be trusted. */
function isOwnError(e) {
  return e instanceof Error && (e.constructor === Error || e.constructor === TypeError);
}

function guarded(name) {
  const fn = function (...args) {
    try {
      return glue[name](...args);
    } catch (e) {
      if (isOwnError(e)) throw e;
      let restarted = 'it was restarted, so later calls work';
      try {
        load();
        restartCount += 1;
      } catch (loadError) {
        restarted = `restarting it failed too (${loadError && loadError.message})`;
      }
      const what = e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e);
      throw new Error(
        `socval ${name}: the WebAssembly module stopped (${what}); it ran out of memory or hit a bug in ` +
          `socval (please report it with the input). The module's state was lost and ${restarted}.`,
        { cause: e },
      );
    }
  };
  Object.defineProperty(fn, 'name', { value: name });
  return fn;
}

load();
for (const name of FUNCTIONS) exports[name] = guarded(name);

/** How many times a trap made the module restart since it was loaded (0 in normal use). */
exports.restarts = function restarts() {
  return restartCount;
};
