// Starts the live page's WebAssembly (built from web/ by `cargo xtask build`). The first figures
// are already in the document, rendered at build time, so nothing waits for the wasm before they
// are painted. Two modules of the same page: the first (`socval_first_bg.wasm`: the calculator
// without the analysis, comparison and file panels, the records or the scenario reader; issue 26,
// round 5) for a visitor with nothing to restore, and the full one (`socval_web_bg.wasm`) for a
// link's scenario or autosaved work (boot.js says which, and preloads it at low priority). The
// chosen module's bytes are compiled as they arrive (`compileStreaming`, off the main thread) as
// soon as this module runs; the page itself is instantiated and rendered only after the first
// paint. Once the first module is live, the full one is fetched and compiled in the background,
// and takes over (`swap`): the first app's state is handed on, it is destroyed, and the full app
// mounts in its place and restores that state, the fields' text, focus and scroll before the
// browser paints. An external module because the Content-Security-Policy forbids inline scripts.
import initFirst, { socval_destroy, socval_handover } from './socval_first.js';

performance.mark('socval:load-start');
const html = document.documentElement;
const useFirst = !html.classList.contains('restoring');
// A host that serves the wasm under another type cannot stream it: compiled from its bytes then.
const compile = (name) => fetch(new URL(name, import.meta.url)).then((r) => {
  if (!r.ok) throw new Error(`failed to fetch the calculator: ${r.status} ${r.statusText}`);
  return WebAssembly.compileStreaming && (r.headers.get('content-type') || '').startsWith('application/wasm')
    ? WebAssembly.compileStreaming(r)
    : r.arrayBuffer().then((b) => WebAssembly.compile(b));
});
const compiled = compile(useFirst ? 'socval_first_bg.wasm' : 'socval_web_bg.wasm');
compiled.catch(() => {}); // reported by `start` below
const fail = (err) => {
  const box = document.getElementById('loading') || document.body;
  box.textContent = 'The calculator could not start in this browser: ' + err;
  box.setAttribute('role', 'alert');
};

// Whether a pointer is down, or text being composed: the swap waits until neither.
let pointers = 0;
let composing = false;
addEventListener('pointerdown', () => { pointers++; }, true);
for (const e of ['pointerup', 'pointercancel']) addEventListener(e, () => { pointers = 0; }, true);
addEventListener('compositionstart', () => { composing = true; }, true);
addEventListener('compositionend', () => { composing = false; }, true);

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

// The full module takes over from the first: it is mounted into an element not yet in the
// document and restores the first app's state there (the first app stays on screen and in use
// meanwhile), then, in one task (no paint, no key between), the first app is destroyed, the new
// element takes its place, and what the first page showed at that moment is carried over: what
// was typed after the state was handed on is typed again. Never while a pointer is down or text
// is being composed.
const idle = () => pointers === 0 && !composing;
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

// The full module, fetched and compiled once the first is live; its `main` waits for `swap`.
const loadFull = () => {
  window.socvalSwapPending = true;
  Promise.all([import('./socval_web.js'), compile('socval_web_bg.wasm')])
    .then(([full, module]) => full.default({ module_or_path: module }).then(() => swap(full)))
    .catch(() => {
      // The first page stays (its panels say they are loading); a reload tries again.
      window.socvalSwapPending = false;
    });
};

let started = false;
const start = () => {
  if (started) return;
  started = true;
  if (useFirst) {
    initFirst({ module_or_path: compiled }).then(loadFull, fail);
  } else {
    import('./socval_web.js').then((full) => full.default({ module_or_path: compiled })).catch(fail);
  }
};
if (!useFirst) {
  // The figures on screen are hidden (boot.js): the live page is needed at once.
  start();
} else {
  // A frame callback runs just before the next paint; the timeout after it, once that paint is
  // done. A hidden tab draws no frames: there the timer starts the page.
  requestAnimationFrame(() => setTimeout(start, 0));
  setTimeout(start, 250);
}
