// Runs before the body is drawn (a classic script in <head>). The document holds the first
// template's figures, rendered at build time (#first); when a link's scenario or autosaved work
// will replace them, they are hidden until the live page has restored it, so that no wrong figure
// shows, and the notice says what is being restored. The keys are written into <html> by the
// build, from the page's own constants (browser.rs), and kept per copy of the page: the autosave
// is `<key>@<the page's folder>`, a tab's own `<key>@<folder>.tab-<id>`; until the live page moves
// them to this copy once, work saved before that is under `<key>` (and `<key>.tab-<id>`).
const html = document.documentElement;
// Opened from a file (file://), the browser runs no module script and so no calculator: say why
// and what to do, instead of "Starting the calculator" for ever. The build-time figures stay.
const fromFile = location.protocol === 'file:';
if (fromFile) {
  document.addEventListener('DOMContentLoaded', () => {
    const box = document.getElementById('loading');
    if (!box) return;
    box.textContent = 'Opened from a file (file://), this page cannot start its calculator: browsers refuse its scripts '
      + 'from files. The figures are the first template\'s. Serve the folder over HTTP instead: run "python3 -m http.server 8000" '
      + 'in it and open http://localhost:8000/ (HOSTING.txt says more).';
    box.setAttribute('role', 'alert');
    box.dataset.testid = 'from-file';
  });
}
try {
  const d = html.dataset;
  const tab = sessionStorage.getItem('socval.tab');
  const key = d.autosaveKey + '@' + location.pathname.replace(/[^/]*$/, '');
  const get = (k) => localStorage.getItem(k);
  const saved = (tab && (get(key + '.tab-' + tab) || get(d.autosaveKey + '.tab-' + tab)))
    || get(key) || get(d.autosaveKey);
  if (fromFile) {
    // Nothing can be restored here: the calculator does not start.
  } else if (location.hash.startsWith(d.sharePrefix)) {
    html.classList.add('restoring', 'from-link');
  } else if (saved !== null) {
    html.classList.add('restoring');
    let name = '';
    try { name = JSON.parse(saved).name || ''; } catch (e) { /* the live page says it cannot be read */ }
    if (name) {
      document.addEventListener('DOMContentLoaded', () => {
        document.getElementById('restoring-name').textContent = ', “' + name + '”';
      });
    }
  }
} catch (e) {
  // No storage (a private mode that forbids it): nothing to restore.
}
// The module main.js will start, preloaded from here at low priority (the first paint is not held
// up): the full page's when work is to be restored (those need its scenario reader; with its
// loader, which main.js imports then), else the first module, the calculator without the panels
// (issue 26, round 5). `cargo xtask build` writes this script into the document (its hash in the
// Content-Security-Policy), so the preload starts as the head is parsed, as a `<link>` would.
if (!fromFile) {
  const restoring = html.classList.contains('restoring');
  const links = restoring
    ? [['preload', 'socval_web_bg.wasm'], ['modulepreload', 'socval_web.js']]
    : [['preload', 'socval_first_bg.wasm']];
  for (const [rel, href] of links) {
    const l = document.createElement('link');
    l.rel = rel;
    l.href = href;
    if (rel === 'preload') {
      l.as = 'fetch';
      l.crossOrigin = 'anonymous';
      l.fetchPriority = 'low';
    }
    document.head.appendChild(l);
  }
}
// What is typed, dragged or chosen in the first screen before the live page starts is kept (the
// last value of each field, in the order last changed) and applied by the live page once it has
// rendered (`socvalReplay`, called from web/src/app.rs): the same events on the live fields, so
// each goes through the page's own handlers. The field that had the focus gets it back.
const early = new Map();
let focused = '';
// (A file chosen there cannot be handed on: a page may not set a file input.)
const mine = (t) => t.id && t.type !== 'file' && t.closest && t.closest('#first');
const keep = (e) => {
  const t = e.target;
  if (mine(t)) {
    early.delete(t.id);
    early.set(t.id, t.type === 'checkbox' ? t.checked : t.value);
  }
};
addEventListener('input', keep, true);
addEventListener('change', keep, true);
addEventListener('focusin', (e) => { if (mine(e.target)) focused = e.target.id; }, true);
window.socvalReplay = () => {
  let n = 0;
  for (const [id, v] of early) {
    const el = document.getElementById(id);
    if (!el) continue;
    const box = typeof v === 'boolean';
    try {
      if (box) el.checked = v; else el.value = v;
      el.dispatchEvent(new Event(box || el.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }));
      n++;
    } catch (e) {
      // A field the live page has in another form: the rest still apply.
    }
  }
  early.clear();
  const f = focused && document.getElementById(focused);
  if (f) {
    f.focus();
    if (f.type === 'text') f.setSelectionRange(f.value.length, f.value.length);
  }
  return n;
};
