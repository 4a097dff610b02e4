// Runs before the body is drawn (a classic script in <head>). The document holds the first
// template's figures, rendered at build time; when a link's scenario or autosaved work will
// replace them, they are hidden until the live page has restored it, so that no wrong figure
// shows. The keys are written into <html> by the build, from the page's own constants.
try {
  const html = document.documentElement;
  const d = html.dataset;
  if (location.hash.startsWith(d.sharePrefix) || localStorage.getItem(d.autosaveKey) !== null) {
    html.classList.add('restoring');
  }
} catch (e) {
  // No storage (a private mode that forbids it): nothing to restore.
}
