// Accept or reject a fact from a profile or document page. The admin token stays in this tab's
// sessionStorage and travels only in the Authorization header of the review request.
"use strict";

(function () {
  var tokenInput = document.getElementById("admin-token");
  var status = document.getElementById("review-status");
  if (!tokenInput) return;
  tokenInput.value = sessionStorage.getItem("actorgraph-admin-token") || "";
  tokenInput.addEventListener("change", function () {
    sessionStorage.setItem("actorgraph-admin-token", tokenInput.value);
  });
  document.getElementById("review-panel").addEventListener("submit", function (e) { e.preventDefault(); });

  function say(text) { status.textContent = text; }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".review button[data-verdict]");
    if (!button) return;
    var fact = button.parentNode.getAttribute("data-fact");
    var verdict = button.getAttribute("data-verdict");
    var headers = { "Content-Type": "application/json" };
    if (tokenInput.value) headers.Authorization = "Bearer " + tokenInput.value;
    fetch("/api/facts/" + encodeURIComponent(fact) + "/review", {
      method: "POST", headers: headers, body: JSON.stringify({ verdict: verdict, note: "" })
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(body.error ? body.error.message : "HTTP " + response.status);
        say(fact + " " + verdict + "; reloading");
        window.location.reload();
      });
    }).catch(function (error) { say("Not saved: " + error.message); });
  });
})();
