/* mkdocs-material 9.8's partials/javascripts/content.html, as a file (the site's CSP refuses inline scripts). */
(function () {
  var target = document.getElementById(location.hash.slice(1));
  target && target.name && (target.checked = target.name.startsWith("__tabbed_"));
})();
