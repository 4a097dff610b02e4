// Starts the live page's WebAssembly (built from web/ by `cargo xtask build`) right after the
// first paint: the first figures are already in the document, rendered at build time, so the
// wasm is not part of what the browser fetches before them. Its small loader is imported at once,
// so that the wasm's request does not wait for one more round trip. An external module because
// the Content-Security-Policy forbids inline scripts.
import init from './socval_web.js';

performance.mark('socval:load-start');
let started = false;
const start = () => {
  if (started) return;
  started = true;
  init({ module_or_path: new URL('socval_web_bg.wasm', import.meta.url) }).catch((err) => {
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
