/*
 * Search from a file share (file://). mkdocs-material searches in a Web Worker, which a browser refuses
 * to start from a file:// page; its `offline` plugin expects the `iframe-worker` shim (Martin Donath, MIT),
 * whose frame starts with an inline script, which the site's Content-Security-Policy refuses. This is the
 * same idea with files only: the worker's script runs in a hidden frame of the page, after
 * iframe-worker-runtime.js (next to this file), which gives it the worker's `postMessage` and `importScripts`.
 * Over http(s) nothing changes: the browser's own Worker runs.
 */
(() => {
  if (location.protocol !== "file:") return;
  const runtime = new URL("iframe-worker-runtime.js", document.currentScript.src).href;

  class FileWorker extends EventTarget {
    constructor(url) {
      super();
      const frame = document.createElement("iframe");
      frame.hidden = true;
      frame.setAttribute("aria-hidden", "true");
      frame.tabIndex = -1;
      document.body.appendChild(frame);
      this.frame = frame;
      this.onmessage = null;
      this.onerror = null;
      window.addEventListener("message", (event) => {
        if (event.source !== frame.contentWindow) return;
        const message = new MessageEvent("message", { data: event.data });
        this.dispatchEvent(message);
        if (this.onmessage) this.onmessage(message);
      });
      const page = frame.contentWindow.document;
      page.open();
      page.write(
        `<!DOCTYPE html><html><body><script src="${runtime}"></` +
          `script><script src="${new URL(url, location.href).href}"></` +
          "script></body></html>",
      );
      page.close();
      this.ready = new Promise((resolve) => frame.contentWindow.addEventListener("load", resolve));
    }

    postMessage(data) {
      const copy = structuredClone(data);
      this.ready.then(() => this.frame.contentWindow.dispatchEvent(new MessageEvent("message", { data: copy })));
    }

    terminate() {
      this.frame.remove();
    }
  }

  // the name the search worker looks for in its parent to know it runs in a frame
  window.IFrameWorker = FileWorker;
  window.Worker = FileWorker;
})();
