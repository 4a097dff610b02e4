// Starts the live page's WebAssembly (built from web/ by `cargo xtask build`). The first figures
// are already in the document, rendered at build time, so nothing waits for the wasm before they
// are painted. Two modules of the same page: the first (`socval_first_bg.wasm`: the calculator
// without the analysis, comparison and file panels, the records or the scenario reader; issue 26,
// round 5) for a visitor with nothing to restore, and the full one (`socval_web_bg.wasm`) for a
// link's scenario or autosaved work (boot.js says which, and preloads it at low priority). The
// chosen module's bytes are compiled as they arrive (`compileStreaming`, off the main thread) as
// soon as this module runs; the page itself is instantiated and rendered only after the first
// paint. Once the first module is live, the full one is fetched and compiled in the background,
// and takes over without losing anything typed (`swap.js`). An external module because the
// Content-Security-Policy forbids inline scripts.
import initFirst from './socval_first.js';

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

let started = false;
const start = () => {
  if (started) return;
  started = true;
  if (useFirst) {
    initFirst({ module_or_path: compiled }).then(() => {
      // (A failure leaves the first page as it is: its panels say they are loading.)
      import('./swap.js').then((m) => m.loadFull(compile)).catch(() => {});
    }, fail);
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
