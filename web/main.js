// Loads the page's WebAssembly (built from web/ by `cargo xtask serve`). An external module
// because the Content-Security-Policy forbids inline scripts.
import init from './socval_web.js';

performance.mark('socval:load-start');
init({ module_or_path: new URL('socval_web_bg.wasm', import.meta.url) }).catch((err) => {
  const box = document.getElementById('loading') || document.body;
  box.textContent = 'The calculator could not start in this browser: ' + err;
  box.setAttribute('role', 'alert');
});
