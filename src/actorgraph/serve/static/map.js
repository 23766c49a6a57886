// Places and events on a world outline from the world-atlas package; no tiles, nothing from the network.
"use strict";

(function () {
  var node = document.getElementById("map");
  var panel = document.getElementById("details");
  var data = AG.readJSON("map-data");
  var map = L.map(node, { worldCopyJump: false, attributionControl: false }).setView([30, 60], 3);
  window.agMap = { map: map, markers: 0 };

  // Rings that cross the antimeridian (Russia, Fiji, Antarctica) jump from 180 to -180 and would be drawn
  // as a band across the map; keep each ring continuous instead.
  function unwrapRing(ring) {
    for (var i = 1; i < ring.length; i++) {
      var step = ring[i][0] - ring[i - 1][0];
      if (step > 180) ring[i][0] -= 360;
      else if (step < -180) ring[i][0] += 360;
    }
  }
  function unwrapGeometry(g) {
    if (!g) return;
    if (g.type === "Polygon") g.coordinates.forEach(unwrapRing);
    if (g.type === "MultiPolygon") g.coordinates.forEach(function (poly) { poly.forEach(unwrapRing); });
  }

  function popup(title, rows, links) {
    var box = AG.el("div");
    AG.details(box, title, rows, links);
    return box;  // a DOM node, so Leaflet never parses data as HTML
  }

  fetch(node.dataset.world, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (world) {
      var land = topojson.feature(world, world.objects.countries);
      land.features.forEach(function (f) { unwrapGeometry(f.geometry); });
      L.geoJSON(land, { style: { color: "#888", weight: 0.6, fillColor: "#e8e4d8", fillOpacity: 1 },
                        interactive: false }).addTo(map).bringToBack();
      node.dataset.outline = "ready";
    });

  var bounds = [];
  data.places.forEach(function (p) {
    var m = L.circleMarker([p.lat, p.lon], { radius: 4 + Math.min(10, Math.sqrt(p.mentions || 1)),
      color: AG.typeColours.place, weight: 1, fillOpacity: p.approximate ? 0.2 : 0.6,
      dashArray: p.approximate ? "3" : null,
      className: "place-marker" + (p.approximate ? " approximate" : "") }).addTo(map);
    m.bindPopup(popup(p.name, [["kind", p.kind], ["within", p.within], ["country", p.country],
      ["coordinates", p.approximate ? "approximate: those of a place containing it" : "its own"],
      ["mentions", p.mentions]], [[AG.entityPath(p.id), "Profile"]]));
    bounds.push([p.lat, p.lon]);
    window.agMap.markers += 1;
  });
  data.events.forEach(function (e) {
    var m = L.circleMarker([e.lat, e.lon], { radius: 7, color: "#b03a2e", weight: 2, fillOpacity: 0.3,
      className: "event-marker" }).addTo(map);
    var killed = e.killed ? (e.killed.low === e.killed.high ? e.killed.low : e.killed.low + "–" + e.killed.high) : null;
    m.bindPopup(popup(e.label, [["date", e.date], ["type", e.subtype || e.type], ["place", e.place_name],
      ["within", e.within], ["coordinates", e.approximate ? "approximate" : null], ["killed", killed]], [["/timeline?actor=" + encodeURIComponent((e.perpetrators[0] || {}).id || ""), "Timeline"]]));
    m.on("click", function () { AG.details(panel, e.label, [["date", e.date], ["place", e.place_name]]); });
    bounds.push([e.lat, e.lon]);
    window.agMap.markers += 1;
  });
  if (bounds.length) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 6 });
})();
