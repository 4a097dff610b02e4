// Node's package (`socval.js`): `evaluate` over the module's `evaluateLatin1` and
// `evaluateUtf16` (src/node.rs), the same call and the same string with cheaper crossings. The
// valuation comes out as UTF-16, which the module keeps in its memory until the next call: it is
// made a string by `Buffer#toString('utf16le')` over that memory (one copy), where wasm-bindgen's
// `TextDecoder` decodes UTF-8 a character at a time after the first that is not ASCII ("−", "£"):
// about 15 µs of a shipped template's call. A scenario text of Latin-1 characters only (up to
// 2^20 of them) goes in as Latin-1 bytes written by `Buffer#write`, where wasm-bindgen's glue
// loops over it in JavaScript. BENCHMARKS.md, issue 26, rounds 4 and 5. Browsers have no `Buffer`
// and keep wasm-bindgen's `evaluate`.

/** `raw` (wasm-bindgen's Node glue) with `evaluate` crossing as Latin-1 in and UTF-16 out. */
function withNodeEvaluate(raw) {
  const names = ['evaluateLatin1', 'evaluateUtf16', 'nodeResult', 'nodeMemory'];
  if (names.some((n) => typeof raw[n] !== 'function')) return raw;
  const NOT_LATIN1 = /[^\x00-\xff]/;
  let scratch = Buffer.alloc(0);
  // The result, `units` UTF-16 units, read straight from the module's memory (fetched each call:
  // a trap gives a fresh instance, and memory growth a new buffer) and copied into a string.
  const text = (units) => Buffer.from(raw.nodeMemory().buffer, raw.nodeResult(), 2 * units).toString('utf16le');
  return Object.assign({}, raw, {
    evaluate(scenario, records, tables) {
      if (typeof scenario === 'string' && scenario.length <= 1 << 20 && !NOT_LATIN1.test(scenario)) {
        if (scratch.length < scenario.length) {
          scratch = Buffer.allocUnsafe(Math.max(scenario.length, 2 * scratch.length, 4096));
        }
        const n = scratch.write(scenario, 0, 'latin1');
        return text(raw.evaluateLatin1(scratch.subarray(0, n), records, tables));
      }
      return text(raw.evaluateUtf16(scenario, records, tables));
    },
  });
}
