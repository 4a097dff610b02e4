// Starts the live page's WebAssembly (built from web/ by `cargo xtask build`). The first figures
// are already in the document, rendered at build time, so nothing waits for the wasm before they
// are painted. Its bytes are on their way from the document's head (a low-priority preload, which
// this fetch takes over) and compiled as they arrive (`compileStreaming`, off the main thread) as
// soon as this module runs (issue 26: not after the first paint); the page itself is instantiated
// and rendered only after that paint. Its small loader is imported at once, so that
// nothing waits for one more round trip. An external module because the Content-Security-Policy
// forbids inline scripts.
import init from './socval_web.js';

performance.mark('socval:load-start');
const url = new URL('socval_web_bg.wasm', import.meta.url);
// A host that serves the wasm under another type cannot stream it: compiled from its bytes then.
const compiled = fetch(url).then((r) => {
  if (!r.ok) throw new Error(`failed to fetch the calculator: ${r.status} ${r.statusText}`);
  return WebAssembly.compileStreaming && (r.headers.get('content-type') || '').startsWith('application/wasm')
    ? WebAssembly.compileStreaming(r)
    : r.arrayBuffer().then((b) => WebAssembly.compile(b));
});
compiled.catch(() => {}); // reported by `start` below
let started = false;
const start = () => {
  if (started) return;
  started = true;
  init({ module_or_path: compiled }).catch((err) => {
    const box = document.getElementById('loading') || document.body;
    box.textContent = 'The calculator could not start in this browser: ' + err;
    box.setAttribute('role', 'alert');
  });
};
if (document.documentElement.classList.contains('restoring')) {
  // The figures on screen are hidden (boot.js): the live page is needed at once.
  start();
} else {
  // A frame callback runs just before the next paint; the timeout after it, once that paint is
  // done. A hidden tab draws no frames: there the timer starts the page.
  requestAnimationFrame(() => setTimeout(start, 0));
  setTimeout(start, 250);
}
