// Shared helpers. Data is untrusted: it only ever reaches the DOM through textContent and setAttribute.
"use strict";

var AG = (function () {
  function readJSON(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  // Only same-site paths are ever used as links.
  function link(path, text) {
    var safe = typeof path === "string" && path.charAt(0) === "/" && path.charAt(1) !== "/" ? path : "#";
    return el("a", text, { href: safe });
  }

  function entityPath(id) { return "/entities/" + encodeURIComponent(id); }
  function evidencePath(doc, start, end) {
    return "/documents/" + encodeURIComponent(doc) + "#ev-" + Number(start) + "-" + Number(end);
  }

  // A details panel: a title, key/value rows and links, all as text.
  function details(panel, title, rows, links) {
    panel.replaceChildren();
    panel.appendChild(el("h2", title));
    var dl = el("dl");
    rows.forEach(function (r) {
      if (r[1] === null || r[1] === undefined || r[1] === "") return;
      dl.appendChild(el("dt", r[0]));
      dl.appendChild(el("dd", r[1]));
    });
    panel.appendChild(dl);
    (links || []).forEach(function (l) { panel.appendChild(el("p")).appendChild(link(l[0], l[1])); });
  }

  var relationColours = {
    leader_of: "#d62728", member_of: "#1f77b4", founder_of: "#9467bd", part_of: "#2ca02c",
    formed_from: "#8c564b", pledged_allegiance_to: "#e377c2", allied_with: "#17becf",
    hostile_to: "#ff7f0e", operates_in: "#7f7f7f"
  };
  var typeColours = { group: "#c0392b", person: "#2471a3", place: "#229954", other: "#7f8c8d" };

  return { readJSON: readJSON, el: el, link: link, entityPath: entityPath, evidencePath: evidencePath,
           details: details, relationColours: relationColours, typeColours: typeColours };
})();
