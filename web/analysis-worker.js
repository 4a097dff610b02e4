// The uncertainty analysis and the funder report in a Web Worker: loads the second WebAssembly
// module (built from web/analysis) from the same origin the first time the person asks for the
// analysis or the report, and sends the page each part of the result as the JSON of a `Report`
// (web/src/view.rs), or the report's HTML. Nothing leaves the browser. The page ends the worker to
// cancel a run.
import init, { analyse, funder_report } from './socval_analysis.js';

const ready = init({ module_or_path: new URL('socval_analysis_bg.wasm', import.meta.url) });

self.onmessage = async (event) => {
  const { run, scenario, records, report, date, withAnalysis } = event.data;
  try {
    await ready;
    if (report) {
      self.postMessage({ run, html: funder_report(scenario, records ?? undefined, date, !!withAnalysis) });
    } else {
      analyse(scenario, records ?? undefined, (json) => self.postMessage({ run, json }));
    }
  } catch (err) {
    self.postMessage({ run, error: String(err && err.message ? err.message : err) });
  }
};
