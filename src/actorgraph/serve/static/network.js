// The relation graph: Cytoscape draws labels as canvas text, so names cannot become markup.
"use strict";

(function () {
  var container = document.getElementById("graph");
  var panel = document.getElementById("details");
  var status = document.getElementById("graph-status");
  var form = document.getElementById("network-filters");
  var slider = document.getElementById("year-slider");
  var yearOut = document.getElementById("year-out");
  var asOf = document.getElementById("as-of");
  var cy = null;

  function elements(graph) {
    var nodes = graph.nodes.map(function (n) {
      return { data: { id: n.id, name: n.name, type: n.type, centrality: n.centrality,
                       colour: AG.typeColours[n.type] || "#7f8c8d", size: 18 + 60 * n.centrality } };
    });
    var edges = graph.edges.map(function (e) {
      return { data: { id: "r" + e.id, source: e.source, target: e.target, type: e.type, start: e.start, end: e.end,
                       modality: e.modality, quote: e.quote, doc: e.doc, sources: e.sources,
                       colour: AG.relationColours[e.type] || "#555", arrow: e.symmetric ? "none" : "triangle" } };
    });
    return nodes.concat(edges);
  }

  function draw(graph) {
    if (cy) cy.destroy();
    status.textContent = graph.nodes.length + " nodes, " + graph.edges.length + " relations" +
      (graph.as_of ? " holding at " + graph.as_of : "") + (graph.edges.length ? "" : ". No relations match yet.");
    cy = cytoscape({
      container: container,
      elements: elements(graph),
      style: [
        { selector: "node", style: { "background-color": "data(colour)", label: "data(name)", width: "data(size)",
          height: "data(size)", "font-size": 10, "text-valign": "bottom", "text-margin-y": 3 } },
        { selector: "edge", style: { "line-color": "data(colour)", "target-arrow-color": "data(colour)",
          "target-arrow-shape": "data(arrow)", "curve-style": "bezier", width: 2 } },
        { selector: ":selected", style: { "border-width": 3, "border-color": "#000" } }
      ],
      layout: { name: graph.nodes.length > 1 ? "cose" : "grid", animate: false, randomize: false }
    });
    window.agGraph = cy;  // for the browser tests
    cy.on("tap", "node", function (evt) {
      var d = evt.target.data();
      AG.details(panel, d.name, [["type", d.type], ["id", d.id], ["centrality", d.centrality],
        ["relations", evt.target.degree()]], [[AG.entityPath(d.id), "Profile"],
        ["/network?center=" + encodeURIComponent(d.id), "Centre the graph here"]]);
    });
    cy.on("tap", "edge", function (evt) {
      var d = evt.target.data();
      AG.details(panel, d.type.replace(/_/g, " "), [["from", d.start], ["until", d.end], ["modality", d.modality],
        ["independent sources", d.sources], ["quote", d.quote]], [["/documents/" + encodeURIComponent(d.doc), "Document"]]);
    });
  }

  function query() {
    var params = new URLSearchParams(new FormData(form));
    Array.from(params.keys()).forEach(function (k) { if (!params.get(k)) params.delete(k); });
    return params;
  }

  function reload() {
    var params = query();
    fetch(container.dataset.api + "?" + params.toString(), { credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (!res.ok) { status.textContent = res.body.error ? res.body.error.message : "Request failed"; return; }
        draw(res.body);
        history.replaceState(null, "", "/network?" + params.toString());
      });
  }

  slider.addEventListener("input", function () { yearOut.textContent = slider.value; });
  slider.addEventListener("change", function () { asOf.value = slider.value; reload(); });
  form.querySelectorAll("input[type=checkbox]").forEach(function (c) { c.addEventListener("change", reload); });
  form.addEventListener("submit", function (evt) { evt.preventDefault(); reload(); });
  draw(AG.readJSON("graph-data"));
})();
