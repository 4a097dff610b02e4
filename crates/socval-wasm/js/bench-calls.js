// The JS API's `evaluate` timed in Node, beside the same call run natively
// (`crates/socval-wasm/examples/api_calls.rs`); `cargo xtask bench --api` runs both.
//
//   node bench-calls.js DIR [TEMPLATE] [CALLS]
//
// DIR holds the guarded Node package (`socval.js`: the npm package's `node/`, or
// target/wasm/socval-wasm-node). Values the shipped template (default step-together) CALLS times
// (default 2,000, after 2,000 not counted) and prints the milliseconds a call, wall and CPU.
//
// The calls not counted are 2,000, not the native side's 200: V8 first runs the module's code
// from its baseline compiler and recompiles the hot functions with its optimizing one, on
// background threads, over about the first 2,000 calls; `process.cpuUsage` counts those threads,
// so after only 200 calls the counted ones paid for that compiling too (step-together: 0.02 to
// 0.04 ms a call more; BENCHMARKS.md, issue 26, round 3).
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
const WARM_UP = 2000;
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
