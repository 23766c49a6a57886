// Numeric claims over time: one mark per source, a vertical segment when the source gives a range.
"use strict";

(function () {
  var claims = JSON.parse(document.getElementById("claims-data").textContent);
  var canvas = document.getElementById("claims-chart");
  var palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];

  function year(iso) {  // "2021-08-26" -> 2021.65; a year alone sits mid-year
    var p = String(iso).split("-").map(Number);
    if (p.length === 1) return p[0] + 0.5;
    return p[0] + (p[1] - 1) / 12 + ((p[2] || 15) - 1) / 365;
  }

  var byAttr = {};
  claims.forEach(function (c) { (byAttr[c.attribute] = byAttr[c.attribute] || []).push(c); });
  var attribute = byAttr.fighters ? "fighters" : Object.keys(byAttr).sort(function (a, b) {
    return byAttr[b].length - byAttr[a].length; })[0];
  var dated = byAttr[attribute].filter(function (c) { return c.as_of; });
  var sources = {};
  dated.forEach(function (c) {
    var name = c.source_outlet || c.source_title || c.evidence.doc;
    (sources[name] = sources[name] || []).push(c);
  });
  var datasets = [];
  Object.keys(sources).forEach(function (name, i) {
    var colour = palette[i % palette.length];
    datasets.push({ type: "scatter", label: name, backgroundColor: colour, borderColor: colour, pointRadius: 5,
      data: sources[name].map(function (c) { return { x: year(c.as_of), y: (c.low + c.high) / 2, claim: c }; }) });
    sources[name].filter(function (c) { return c.low !== c.high; }).forEach(function (c) {
      datasets.push({ type: "line", label: "", borderColor: colour, pointRadius: 0, showLine: true,
        data: [{ x: year(c.as_of), y: c.low }, { x: year(c.as_of), y: c.high }] });
    });
  });
  canvas.dataset.marks = String(dated.length);
  window.agChart = new Chart(canvas, {
    data: { datasets: datasets },
    options: {
      animation: false,
      parsing: false,
      plugins: {
        title: { display: true, text: attribute.replace(/_/g, " ") + " over time (" + dated.length + " dated of " +
          byAttr[attribute].length + " claims)" },
        legend: { labels: { filter: function (item) { return item.text !== ""; } } },
        tooltip: { callbacks: { label: function (ctx) {
          var c = ctx.raw.claim;
          if (!c) return "";
          return (c.source_outlet || c.source_title || c.evidence.doc) + ": " +
            (c.low === c.high ? c.low : c.low + "–" + c.high) + " as of " + c.as_of;
        } } }
      },
      scales: { x: { type: "linear", title: { display: true, text: "year" },
                     ticks: { callback: function (v) { return Number.isInteger(v) ? String(v) : ""; } } },
                y: { beginAtZero: true, title: { display: true, text: attribute } } }
    }
  });
})();
