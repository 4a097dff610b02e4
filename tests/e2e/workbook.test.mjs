// The working as an Excel workbook, made on the page by the workbook module (fetched from the same
// origin on the first click, in the browser: nothing leaves it), is the CLI's
// `socval evaluate --format xlsx`, byte for byte; read back with a reader library (exceljs), its
// summary figures are the CLI's `--format json` figures to the penny, and every formula cell
// stores its computed value. Records go into it only while the page values with them. The working
// as CSV, from the same module, is the CLI's `--format csv`, byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import {
  ROOT, CLI, pageSession, offOrigin, writeTempScenario, pennies, live,
} from './helpers.mjs';

const session = pageSession();

const templates = fs.readdirSync(path.join(ROOT, 'crates/socval/scenarios')).filter((f) => f.endsWith('.toml'))
  .map((f) => f.replace(/\.toml$/, '')).sort();

const open = () => session.open({ acceptDownloads: true });

/** The CLI's workbook (`socval evaluate ARGS --format xlsx`, run in `cwd`), as bytes. */
function cliWorkbook(args, cwd = ROOT) {
  return execFileSync(CLI, ['evaluate', ...args, '--format', 'xlsx'], { cwd, maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
}

/** The CLI's valuation (`--format json`, run in `cwd`). */
function cliJson(args, cwd = ROOT) {
  return JSON.parse(execFileSync(CLI, ['evaluate', ...args, '--format', 'json'], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 }));
}

/** Clicks "Download workbook (.xlsx)"; returns the download's name and bytes. */
async function workbookOf(page) {
  const button = page.getByRole('button', { name: 'Download workbook (.xlsx)' });
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), button.click()]);
  const bytes = fs.readFileSync(await download.path());
  await page.getByTestId('workbook-status').getByText(/^Downloaded /).waitFor();
  return { name: download.suggestedFilename(), bytes };
}

/** A cell's number: a formula's stored result, or the number itself. (exceljs's `value` leaves
 * out a formula's result of 0; its `result` keeps it.) */
function numberOf(cell) {
  return cell.formula ? cell.result : cell.value;
}

/** Every formula cell of the workbook stores a numeric result (a viewer that does not
 * recalculate shows it); returns how many there are. */
function checkFormulas(wb) {
  let n = 0;
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => {
    if (cell.formula) {
      n += 1;
      assert.equal(typeof cell.result, 'number', `${ws.name}!${cell.address} (${cell.formula}) stores its value`);
    }
  })));
  return n;
}

/** The workbook's summary figures against the CLI's display figures, to the penny. */
async function checkSummary(bytes, valuation) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes);
  assert.deepEqual(wb.worksheets.map((w) => w.name), ['summary', 'lines', 'by year', 'by agency', 'sources']);
  const summary = wb.getWorksheet('summary');
  const rows = {};
  summary.eachRow((row) => {
    rows[row.getCell(1).value] = row.getCell(2);
  });
  const d = valuation.display;
  const money = {
    'social value': d.social_value,
    'fiscal savings': d.fiscal_savings,
    'programme cost': d.programme_cost,
    'cashable savings': d.cashable_savings,
    'social value per family': d.social_value_per_family,
    'fiscal savings per family': d.fiscal_savings_per_family,
    'cost per family': d.cost_per_family,
    'net present value (social)': d.npv_social,
    'net present value (fiscal)': d.npv_fiscal,
  };
  for (const [label, want] of Object.entries(money)) {
    assert.ok(rows[label], `the summary has ${label}`);
    assert.equal(numberOf(rows[label]).toFixed(2), pennies(want), label);
  }
  for (const label of ['social value', 'fiscal savings', 'programme cost', 'cashable savings']) {
    assert.ok(rows[label].formula, `${label} is a formula a checker can follow`);
  }
  assert.equal(rows.families.value, valuation.families);
  const formulas = checkFormulas(wb);
  assert.ok(formulas >= 4 + valuation.lines.length, `formulas with their values: ${formulas}`);
  // The lines' rounded amounts add up to the totals the summary shows.
  const lines = wb.getWorksheet('lines');
  const head = lines.getRow(1).values;
  const [section, rounded] = [head.indexOf('section'), head.indexOf('rounded')];
  let social = 0n;
  lines.eachRow((row, n) => {
    if (n > 1 && row.getCell(section).value === 'social-value') social += BigInt(Math.round(row.getCell(rounded).value * 100));
  });
  assert.equal(social, BigInt(pennies(d.social_value).replace('.', '')));
}

test('the page\'s workbook of each shipped scenario is the CLI\'s, and has its figures to the penny', async () => {
  const { context, page, watch } = await open();
  for (const id of templates) {
    await page.getByTestId('template').selectOption(id);
    await live(page);
    const started = Date.now();
    const { name, bytes } = await workbookOf(page);
    console.log(`${id}: workbook ${bytes.length} bytes, made and downloaded in ${Date.now() - started} ms`);
    assert.match(name, /^[a-z0-9-]+-working\.xlsx$/);
    const file = `crates/socval/scenarios/${id}.toml`;
    assert.ok(bytes.equals(cliWorkbook([file])), `${id}: the CLI's workbook, byte for byte`);
    await checkSummary(bytes, cliJson([file]));
  }
  await page.getByRole('button', { name: 'Download workbook (.xlsx)' }).waitFor();
  assert.deepEqual(offOrigin(watch, session.server.origin), [], 'nothing left the origin');
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('the page\'s working as CSV of each shipped scenario is the CLI\'s `--format csv`, byte for byte', async () => {
  const { context, page, watch } = await open();
  for (const id of templates) {
    await page.getByTestId('template').selectOption(id);
    await live(page);
    const button = page.getByRole('button', { name: 'Download working (.csv)' });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), button.click()]);
    const text = fs.readFileSync(await download.path(), 'utf8');
    await page.getByTestId('workbook-status').getByText(/^Downloaded .*-working\.csv/).waitFor();
    assert.match(download.suggestedFilename(), /^[a-z0-9-]+-working\.csv$/);
    const file = `crates/socval/scenarios/${id}.toml`;
    const cli = execFileSync(CLI, ['evaluate', file, '--format', 'csv'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(text, cli, `${id}: the CLI's CSV`);
    assert.equal(text.trim().split('\n').length, cliJson([file]).lines.length + 1, `${id}: a row a line`);
  }
  assert.deepEqual(offOrigin(watch, session.server.origin), [], 'nothing left the origin');
  assert.deepEqual(watch.errors, []);
  await context.close();
});

test('records go into the workbook only while the page values with them', async () => {
  const { context, page } = await open();
  await page.getByTestId('families').fill('3');
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('socval.autosave.v1@/') || '{}').families === 3);
  const scenario = JSON.parse(await page.evaluate(() => localStorage.getItem('socval.autosave.v1@/')));
  const scenarioFile = writeTempScenario(scenario);
  const csv = `family_id,${scenario.outcomes[0].id}\nF1,yes\nF2,no\nF3,yes\n`;
  const csvFile = path.join(path.dirname(scenarioFile), 'families.csv');
  fs.writeFileSync(csvFile, csv);

  const plain = await workbookOf(page);
  assert.ok(plain.bytes.equals(cliWorkbook([scenarioFile])), 'without records: the CLI\'s workbook');

  await page.getByTestId('records').setInputFiles({ name: 'families.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByText(/Loaded 3 families from families\.csv/).waitFor();
  const withRecords = await workbookOf(page);
  // The workbook's warnings name the records file as given: run the CLI beside it.
  const [dir, args] = [path.dirname(csvFile), [path.basename(scenarioFile), '--records', 'families.csv']];
  assert.ok(withRecords.bytes.equals(cliWorkbook(args, dir)), 'with records: the CLI\'s workbook of the same records');
  assert.ok(!withRecords.bytes.equals(plain.bytes));
  await checkSummary(withRecords.bytes, cliJson(args, dir));
  assert.match(await page.getByTestId('workbook-status').innerText(), /from the family records in use/);

  // Stop using them: the workbook is the aggregate scenario's again.
  await page.getByRole('button', { name: 'Stop using records' }).click();
  await page.getByTestId('records-note').waitFor({ state: 'detached' });
  const again = await workbookOf(page);
  assert.ok(again.bytes.equals(plain.bytes), 'without records again: the aggregate workbook');
  await context.close();
});

test('a workbook that cannot be made says why in the live region, and the page goes on', async () => {
  const { context, page, watch } = await open();
  // The module cannot be fetched (as on a host that lost the file): a clear message, no crash.
  await page.route('**/socval_workbook_bg.wasm', (route) => route.abort());
  await page.getByRole('button', { name: 'Download workbook (.xlsx)' }).click();
  const status = page.getByTestId('workbook-status');
  await status.getByText(/^The workbook could not be made: /).waitFor({ timeout: 60000 });
  assert.equal(await status.getAttribute('role'), 'status');
  assert.ok(await page.getByRole('button', { name: 'Download workbook (.xlsx)' }).isEnabled());
  await live(page);
  watch.errors.length = 0;
  await context.close();
});
