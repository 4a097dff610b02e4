// socval in a browser, safe to call after anything: the functions of the package wasm-bindgen
// generates with `--target web` (built with `--experimental-reset-state-function`, which
// `--target bundler` does not offer), each guarded so that the module never dies. The npm
// package's `browser/index.js` (its entry for browsers and bundlers) is built this way.
//
// The module is built with `panic = "abort"`: a panic, an out-of-memory or any other trap inside
// WebAssembly surfaces as a `WebAssembly.RuntimeError` with no message and leaves the instance
// broken. A trap cannot be caught inside the module, so it is caught here: the generated
// `__wbg_reset_state()` replaces the broken instance with a fresh one (fresh memory), and the call
// throws an `Error` that says what happened. The next call works. socval's own errors (an `Error`
// naming the field, a `TypeError` naming the argument) pass through unchanged.
//
//   import init, * as raw from './socval_wasm.js';
//   import { guard } from './guard.mjs';
//   await init();
//   const socval = guard(raw);

/** The functions of the JS API. */
export const FUNCTIONS = ['evaluate', 'uncertainty', 'validate', 'listTables', 'show', 'diff', 'compare', 'schema', 'templates', 'version'];

/** Whether `e` is an error socval throws on purpose, as opposed to a trap. */
function isOwnError(e) {
  return e instanceof Error && (e.constructor === Error || e.constructor === TypeError);
}

/**
 * The guarded API over a generated package `raw` (its module namespace, or any object holding its
 * functions and `__wbg_reset_state`).
 */
export function guard(raw, names = FUNCTIONS) {
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
