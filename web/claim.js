// Test a claim: imported by the page on the first "Test the claim" (its first load carries none
// of it). Runs the analysis module (web/analysis: the core's `socval::uncertainty::claim`) in a
// short-lived Web Worker (analysis-worker.js, from the same origin) on the scenario and records
// the page sends, and writes the core's statements into the panel's live region as text. Nothing
// leaves the browser.

function el(tag, text, attrs = {}) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

let observer = null;

/** Tests the claim typed in the panel against `scenario` (JSON, with the page's `records` CSV). */
export function test(scenario, records) {
  const section = document.getElementById('claim');
  const out = document.getElementById('claim-answer');
  const button = document.getElementById('claim-button');
  const revision = section.dataset.revision;
  const claim = {
    figure: document.getElementById('claim-figure').value,
    amount: document.getElementById('claim-amount').value,
    perFamily: document.getElementById('claim-per-family').checked,
  };
  out.replaceChildren(el('p', 'Testing the claim in this browser…', { class: 'hint' }));
  button.disabled = true;
  const worker = new Worker(new URL('analysis-worker.js', document.baseURI), { type: 'module' });
  const fail = (message) => out.replaceChildren(el('p', message, { class: 'error', role: 'alert', 'data-testid': 'claim-error' }));
  const done = () => {
    worker.terminate();
    button.disabled = false;
  };
  worker.onerror = () => {
    done();
    fail('The claim could not be tested in this browser.');
  };
  worker.onmessage = (event) => {
    done();
    const { json, error } = event.data;
    if (error !== undefined || json === undefined) {
      fail(`The claim could not be tested: ${error}`);
      return;
    }
    const answer = JSON.parse(json);
    const stale = el('p', 'The scenario has changed since: test the claim again for its figures.', { class: 'hint', 'data-testid': 'claim-stale' });
    stale.hidden = true;
    const parts = [stale, el('p', answer.text, { 'data-testid': 'claim-text' })];
    if (answer.reached.length) {
      const ul = el('ul', undefined, { 'data-testid': 'claim-reached' });
      for (const [target, value, text] of answer.reached) ul.append(el('li', text, { 'data-target': target, 'data-value': value }));
      parts.push(ul);
    }
    if (answer.unreached.length) {
      const details = el('details', undefined, { 'data-testid': 'claim-unreached' });
      details.append(el('summary', `${answer.unreached.length} assumptions no allowed value of which reaches the claim`));
      const ul = el('ul');
      for (const text of answer.unreached) ul.append(el('li', text));
      details.append(ul);
      parts.push(details);
    }
    out.replaceChildren(...parts);
    // The answer is of the scenario tested: say so once the page's scenario changes.
    observer?.disconnect();
    observer = new MutationObserver(() => {
      stale.hidden = section.dataset.revision === revision;
    });
    observer.observe(section, { attributes: true, attributeFilter: ['data-revision'] });
  };
  worker.postMessage({ run: 0, scenario, records: records ?? null, claim });
}
