// The full page's module taking over from the first module (issue 26, round 5), imported by
// main.js once the first module is live: the full module is fetched and compiled, its `main`
// waits (`socvalSwapPending`), and it is mounted into an element not yet in the document, where it
// restores the first app's state (`socval_handover`: web/src/swap.rs); the first app stays on
// screen and in use meanwhile. Then, in one task (no paint, no key between), the first app is
// destroyed, the new element takes its place, and what the first page showed at that moment is
// carried over: the fields' text (typed again through the page's own handlers where it differs:
// refused drafts, what was typed after the state was handed on), open sections, focus and caret,
// scroll. Never while a pointer is down or text is being composed. Kept out of main.js, so the
// first load does not carry it.
import { socval_destroy, socval_handover } from './socval_first.js';

let composing = false;
addEventListener('compositionstart', () => { composing = true; }, true);
addEventListener('compositionend', () => { composing = false; }, true);
// A pressed element is `:active` while a pointer is down on it.
const idle = () => !composing && !document.querySelector(':active');

// What the first app's page shows that its state does not hold: each field's text (drafts the
// core refused among them), which sections are open, the focus and caret, the scroll.
// (A slider shows its text field's figure, so the field alone is carried: a refused draft in the
// field leaves the slider where no figure is.)
const fieldsOf = (root) => [...root.querySelectorAll('input[id], select[id], textarea[id]')]
  .filter((el) => el.type !== 'file' && el.type !== 'range');
const capture = (root) => {
  const details = [...root.querySelectorAll('details')];
  const panels = [...root.querySelectorAll('.lite-panel')];
  // Sections before the first left-out panel and after the last line up with the full page's.
  const before = panels.length ? details.filter((d) => d.compareDocumentPosition(panels[0]) & Node.DOCUMENT_POSITION_FOLLOWING) : details;
  const after = panels.length ? details.filter((d) => panels[panels.length - 1].compareDocumentPosition(d) & Node.DOCUMENT_POSITION_FOLLOWING) : [];
  const active = document.activeElement;
  let caret = null;
  try { caret = active && [active.selectionStart, active.selectionEnd, active.selectionDirection]; } catch (e) { /* no caret */ }
  return {
    values: fieldsOf(root).map((el) => [el.id, el.type === 'checkbox' ? el.checked : el.value]),
    before: before.map((d) => d.open),
    after: after.map((d) => d.open),
    focus: active && root.contains(active) && active.id ? active.id : '',
    caret,
    scroll: [scrollX, scrollY],
  };
};
// The same on the full app's page, once it has drawn the handed-on state: only what differs is
// typed again (through the page's own handlers, as boot.js replays early input).
const restore = (root, c) => {
  for (const [id, v] of c.values) {
    const el = document.getElementById(id);
    if (!el || !root.contains(el)) continue;
    const box = typeof v === 'boolean';
    if (box ? el.checked === v : el.value === v) continue;
    try {
      if (box) el.checked = v; else el.value = v;
      el.dispatchEvent(new Event(box || el.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }));
    } catch (e) {
      // A field the full page has in another form: the rest still apply.
    }
  }
  const details = [...root.querySelectorAll('details')];
  c.before.forEach((open, i) => { if (details[i]) details[i].open = open; });
  const tail = details.slice(details.length - c.after.length);
  c.after.forEach((open, i) => { if (tail[i]) tail[i].open = open; });
  const f = c.focus && document.getElementById(c.focus);
  if (f) {
    f.focus({ preventScroll: true });
    try { if (c.caret && c.caret[0] !== null) f.setSelectionRange(...c.caret); } catch (e) { /* no caret */ }
  }
  root.style.minHeight = '';
  scrollTo(c.scroll[0], c.scroll[1]);
  performance.mark('socval:full');
};

const attach = (fresh) => {
  if (!idle()) {
    setTimeout(() => attach(fresh), 50);
    return;
  }
  const old = document.getElementById('app');
  const carried = capture(old);
  // Kept as tall as the first app's page until carried over, so the scroll stays put.
  fresh.style.minHeight = old.offsetHeight + 'px';
  socval_destroy();
  old.replaceWith(fresh);
  restore(fresh, carried);
};
const swap = (full) => {
  if (!idle()) {
    setTimeout(() => swap(full), 50);
    return;
  }
  window.socvalHandover = socval_handover();
  const fresh = document.createElement('div');
  fresh.id = 'app';
  // Called by the full app once it has drawn the handed-on state (web/src/swap.rs).
  window.socvalSwapReplay = () => {
    delete window.socvalSwapReplay;
    attach(fresh);
  };
  window.socvalSwapPending = false;
  full.socval_mount(fresh);
};

/** Fetches and compiles the full module (`compile`: main.js's), then swaps it in. */
export function loadFull(compile) {
  window.socvalSwapPending = true;
  Promise.all([import('./socval_web.js'), compile('socval_web_bg.wasm')])
    .then(([full, module]) => full.default({ module_or_path: module }).then(() => swap(full)))
    .catch(() => {
      // The first page stays (its panels say they are loading); a reload tries again.
      window.socvalSwapPending = false;
    });
}
