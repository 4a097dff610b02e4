// The trap guard of socval's JS API, one source for both module formats: `cargo xtask api` (and
// the test command) writes it as `guard.mjs` (an ES module, for browsers and bundlers) and inside
// `socval.js` (CommonJS, for Node), each over wasm-bindgen's glue built with
// `--experimental-reset-state-function` (`--target web` and `--target nodejs`; `--target bundler`
// has no reset function, so it is not used).
//
// The module is built with `panic = "abort"`: a panic, an out-of-memory or any other trap inside
// WebAssembly surfaces as a `WebAssembly.RuntimeError` with no message and leaves the instance
// broken (its stack pointer and allocator are not restored; after a few hundred traps every call
// fails with "memory access out of bounds"). A trap cannot be caught inside the module, so it is
// caught here: the generated `__wbg_reset_state()` replaces the broken instance with a fresh one
// (fresh memory), and the call throws an `Error` that says what happened. The next call works.
// socval's own errors (an `Error` naming the file, the place and the field; a `TypeError` naming
// the argument) pass through unchanged.
//
//   Browsers:  import init, * as raw from './socval_wasm.js';
//              import { guard } from './guard.mjs';
//              await init();
//              const socval = guard(raw);
//   Node:      const socval = require('./socval.js');   // guard(require('./socval_wasm.js'))
//
//   const valuation = JSON.parse(socval.evaluate(JSON.stringify(scenario)));

/** The functions of the JS API. */
const FUNCTIONS = ['evaluate', 'uncertainty', 'validate', 'listTables', 'show', 'diff', 'compare', 'schema', 'templates', 'version', 'withEvidence', 'claim'];

/** Whether `e` is an error socval throws on purpose, as opposed to a trap. */
function isOwnError(e) {
  return e instanceof Error && (e.constructor === Error || e.constructor === TypeError);
}

/**
 * The guarded API over a generated package `raw` (its module namespace, or any object holding its
 * functions and `__wbg_reset_state`).
 */
function guard(raw, names = FUNCTIONS) {
  let restarts = 0;
  const api = {};
  for (const name of names) {
    if (typeof raw[name] !== 'function') continue;
    const fn = function (...args) {
      try {
        return raw[name](...args);
      } catch (e) {
        if (isOwnError(e)) throw e;
        let restarted = 'it was restarted, so later calls work';
        try {
          raw.__wbg_reset_state();
          restarts += 1;
        } catch (resetError) {
          restarted = `restarting it failed too (${resetError && resetError.message})`;
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
    api[name] = fn;
  }
  /** How many times a trap made the module restart (0 in normal use). */
  api.restarts = () => restarts;
  return api;
}
