/*
 * mkdocs-material 9.8's partials/javascripts/base.html, as a file: the site's Content-Security-Policy
 * refuses inline scripts. The theme wrote the site's root into the page (`new URL(base_url, location)`);
 * this file is in assets/ at the root, so the root is its own folder's parent, on http:// as on file://.
 */
/* eslint-disable no-var */
var __md_scope = new URL("..", document.currentScript.src),
  __md_hash = (e) => [...e].reduce((e, _) => (e << 5) - e + _.charCodeAt(0), 0),
  __md_get = (e, _ = localStorage, t = __md_scope) => JSON.parse(_.getItem(t.pathname + "." + e)),
  __md_set = (e, _, t = localStorage, a = __md_scope) => {
    try {
      t.setItem(a.pathname + "." + e, JSON.stringify(_));
    } catch (e) {}
  };
