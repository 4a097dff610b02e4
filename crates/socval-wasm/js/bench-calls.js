// The JS API's `evaluate` timed in Node, beside the same call run natively
// (`crates/socval-wasm/examples/api_calls.rs`); `cargo xtask bench --api` runs both.
//
//   node bench-calls.js DIR [TEMPLATE] [CALLS]
//
// DIR holds the guarded Node package (`socval.js`: the npm package's `node/`, or
// target/wasm/socval-wasm-node). Values the shipped template (default step-together) CALLS times
// (default 2,000, after 4,000 not counted, as the native side) and prints the milliseconds a
// call, wall and CPU.
//
// 4,000 calls are not counted: V8 first runs the module's code from its baseline compiler and
// recompiles the hot functions with its optimizing one, on background threads, as they get hot;
// `process.cpuUsage` counts those threads. Per 1,000 calls (CPU ms a call, step-together), the
// second thousand is about 10 % slower than the steady state, the third 4 %, the fourth 1-2 %, and
// from the fifth on the figure is flat (BENCHMARKS.md, issue 26, rounds 3 and 5).
'use strict';
const path = require('node:path');

const [dir, id = 'step-together', n = '2000'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node bench-calls.js DIR [TEMPLATE] [CALLS]');
  process.exit(2);
}
const api = require(path.resolve(dir, 'socval.js'));
const template = JSON.parse(api.templates()).find((t) => t.id === id);
if (!template) {
  console.error(`no template ${JSON.stringify(id)}`);
  process.exit(2);
}
const json = JSON.stringify(template.scenario);
const calls = Number(n);
let bytes = api.evaluate(json).length;
const WARM_UP = 4000;
for (let i = 0; i < WARM_UP; i++) bytes += api.evaluate(json).length * 0;
const cpu = process.cpuUsage();
const start = process.hrtime.bigint();
for (let i = 0; i < calls; i++) bytes += api.evaluate(json).length * 0;
const wall = Number(process.hrtime.bigint() - start) / 1e6;
const used = process.cpuUsage(cpu);
console.log(
  `node evaluate(${id}): ${(wall / calls).toFixed(4)} ms a call (wall), ` +
    `${((used.user + used.system) / 1000 / calls).toFixed(4)} ms a call (CPU), ${calls} calls, ${bytes} bytes of JSON`,
);
