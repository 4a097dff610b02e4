// The uncertainty analysis and the funder report in a Web Worker: loads the second WebAssembly
// module (built from web/analysis) from the same origin the first time the person asks for the
// analysis or the report, and sends the page each part of the result as a `Report`
// (web/src/view.rs), or the report's HTML, or a table of the user's own read and valued beside the
// open tables (an `OwnTable`), or a claimed figure tested (a `ClaimView`, as JSON, for claim.js);
// a `Report` and an `OwnTable` come as bytes in the form of
// `view::encode` (web/src/view.rs). Nothing leaves the browser. The page ends the worker to
// cancel a run.
import init, { analyse, funder_report, own_table, claim_test } from './socval_analysis.js';

const ready = init({ module_or_path: new URL('socval_analysis_bg.wasm', import.meta.url) });

self.onmessage = async (event) => {
  const { run, scenario, records, report, date, withAnalysis, table, claim } = event.data;
  try {
    await ready;
    if (claim) {
      self.postMessage({ run, json: claim_test(scenario, records ?? undefined, claim.figure, claim.amount, !!claim.perFamily) });
    } else if (table) {
      self.postMessage({ run, bytes: own_table(scenario, records ?? undefined, table.file, table.text) });
    } else if (report) {
      self.postMessage({ run, html: funder_report(scenario, records ?? undefined, date, !!withAnalysis) });
    } else {
      analyse(scenario, records ?? undefined, (bytes) => self.postMessage({ run, bytes }));
    }
  } catch (err) {
    self.postMessage({ run, error: String(err && err.message ? err.message : err) });
  }
};
