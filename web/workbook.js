// The working as an Excel workbook or as CSV: loads the third WebAssembly module (built from
// web/workbook: socval-xlsx, as the CLI's `socval evaluate --format xlsx`) from the same origin
// the first time the person asks for the workbook, and offers its bytes as a download made in
// the browser. Nothing leaves the browser. The page imports this file only on that first click;
// the browser keeps the module, so later clicks fetch and instantiate nothing.
import init, { workbook, working_csv } from './socval_workbook.js';

const ready = init({ module_or_path: new URL('socval_workbook_bg.wasm', import.meta.url) });

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Makes the workbook (`kind` 'xlsx') or the working as CSV (`kind` 'csv', the CLI's
 * `--format csv`) of `scenario` (JSON; with the page's `records` CSV from the file `recordsFile`,
 * if it values with them, and its `tables` of the person's own) and downloads it as `name`,
 * saying so in the live region `status`. Rejects with an Error whose message says why it could not
 * be made (the page shows it there). */
export async function download(kind, scenario, records, recordsFile, tables, name, status) {
  await ready;
  // Let the page show that the file is being made before the work starts.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const args = [scenario, records ?? undefined, recordsFile ?? undefined, tables ?? []];
  const blob = kind === 'csv'
    ? new Blob([working_csv(...args)], { type: 'text/csv;charset=utf-8' })
    : new Blob([workbook(...args)], { type: XLSX });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  status.textContent = `Downloaded ${name}${records ? ': its figures come from the family records in use' : ''}.`;
}
