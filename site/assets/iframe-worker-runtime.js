/*
 * The worker's side of iframe-worker.js, in the hidden frame before the worker's script: what it sends goes
 * to the page, and the scripts it imports load one after the other (a promise, which mkdocs-material's
 * search worker awaits).
 */
window.postMessage = (data) => window.parent.postMessage(data, "*");
window.importScripts = (...urls) =>
  urls.reduce(
    (previous, url) =>
      previous.then(
        () =>
          new Promise((resolve, reject) => {
            const script = document.createElement("script");
            script.src = new URL(url, document.baseURI).href;
            script.onload = resolve;
            script.onerror = reject;
            document.body.appendChild(script);
          }),
      ),
    Promise.resolve(),
  );
// The search worker finds its own address as the frame's first script with a `src` (to load lunr's
// languages next to it): this one leaves the frame once it has run.
document.currentScript.remove();
