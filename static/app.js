// Long actions (an import, creating the agent): a form with data-busy says so while the server
// works, and its button cannot be pressed twice.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("form[data-busy]"), function (form) {
    form.addEventListener("submit", function () {
      var note = form.querySelector(".busy");
      if (note) { note.textContent = form.getAttribute("data-busy"); }
      Array.prototype.forEach.call(form.querySelectorAll("button"), function (button) {
        setTimeout(function () { button.disabled = true; }, 0);
      });
    });
  });
})();

// Live calls: keeps the counts and the call list of /live current from the server's events.
// The page works without this file; it only saves reloading.
(function () {
  "use strict";
  var table = document.querySelector("[data-live-tab]");
  if (!table || !window.EventSource) { return; }
  var tab = table.getAttribute("data-live-tab");
  var status = document.getElementById("live-status");
  var inFlight = ["dialing", "unknown", "registered", "ongoing"];
  function shown(state) {
    if (tab === "in_progress") { return inFlight.indexOf(state) >= 0; }
    if (tab === "completed") { return inFlight.indexOf(state) < 0; }
    return true;
  }
  // Counts come from the server: an event does not say what the call was before, and a call
  // that is not on the page may already be counted. A burst of events costs one request.
  var countsPending = null;
  function refreshCounts() {
    if (countsPending) { return; }
    countsPending = setTimeout(function () {
      countsPending = null;
      fetch("/live/counts", { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (counts) {
          if (!counts) { return; }
          ["active", "completed", "failed"].forEach(function (name) {
            var cell = document.querySelector('[data-count="' + name + '"]');
            if (cell && typeof counts[name] === "number") { cell.textContent = String(counts[name]); }
          });
        })
        .catch(function () { /* the next event tries again */ });
    }, 250);
  }
  function detail(call) {
    var parts = [];
    if (call.disconnection_reason) { parts.push(call.disconnection_reason); }
    if (typeof call.duration_seconds === "number") {
      var s = call.duration_seconds % 60;
      parts.push(Math.floor(call.duration_seconds / 60) + ":" + (s < 10 ? "0" : "") + s);
    }
    return parts.join(" · ");
  }
  function update(call) {
    var row = document.querySelector('tr[data-call="' + call.id + '"]');
    refreshCounts();
    if (!shown(call.call_status)) { if (row) { row.remove(); } return; }
    if (!row) {
      row = document.createElement("tr");
      row.setAttribute("data-call", call.id);
      var link = document.createElement("a");
      link.href = "/candidates/" + call.campaign_candidate_id;
      link.textContent = "candidate";
      var cells = [link, "", call.call_status, detail(call), call.started_at || ""];
      cells.forEach(function (content, index) {
        var td = document.createElement("td");
        if (index === 2) { td.setAttribute("data-field", "status"); }
        if (index === 3) { td.setAttribute("data-field", "detail"); }
        if (typeof content === "string") { td.textContent = content; } else { td.appendChild(content); }
        row.appendChild(td);
      });
      document.getElementById("live-calls").prepend(row);
      return;
    }
    row.querySelector('[data-field="status"]').textContent = call.call_status;
    row.querySelector('[data-field="detail"]').textContent = detail(call);
  }

  var source = new EventSource("/live/events");
  source.addEventListener("open", function () { status.textContent = "Live"; refreshCounts(); });
  source.addEventListener("error", function () { status.textContent = "Reconnecting…"; });
  source.addEventListener("call.updated", function (event) {
    try { update(JSON.parse(event.data)); } catch (e) { /* a malformed event changes nothing */ }
  });
})();
