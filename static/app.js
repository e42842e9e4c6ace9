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

// Live parts (the dashboard's counts, /live's counts and calls): kept current. Each event from the server
// (Server-Sent Events, reconnecting on their own) asks for the page again, at most twice a
// second, and the fresh counts and rows replace the old ones: names, campaigns and counts are the
// server's, exactly as a reload would show them. The page works without this; it saves reloading.
(function () {
  "use strict";
  var body = document.getElementById("live-body");
  if (!body || !window.EventSource || !window.DOMParser) { return; }
  var status = document.getElementById("live-status");
  var pending = null;
  var again = false;

  function refresh() {
    if (pending) { again = true; return; }
    pending = setTimeout(function () {
      fetch(window.location.pathname + window.location.search, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (!html) { return; }
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("live-body");
          if (fresh) { body.innerHTML = fresh.innerHTML; }
        })
        .catch(function () { /* the next event tries again */ })
        .then(function () {
          pending = null;
          if (again) { again = false; refresh(); }
        });
    }, 500);
  }

  var source = new EventSource("/live/events");
  function say(text) { if (status) { status.textContent = text; } }
  source.addEventListener("open", function () { say("Live"); refresh(); });
  source.addEventListener("error", function () { say("Reconnecting…"); });
  source.addEventListener("call.updated", refresh);
  source.addEventListener("batch.updated", refresh);
})();

// The shortlist: when a decision (or a call) changes a candidate shown on the page, that row is
// read again from the server and replaced, unless the recruiter is typing in it. Events carry no
// names or notes; the server's render does.
(function () {
  "use strict";
  var body = document.getElementById("shortlist-body");
  if (!body || !window.EventSource || !window.DOMParser || !window.fetch) { return; }
  var campaign = body.getAttribute("data-campaign");
  var waiting = {};
  var pending = null;

  function refresh() {
    if (pending) { return; }
    pending = setTimeout(function () {
      var ids = Object.keys(waiting);
      waiting = {};
      fetch(window.location.pathname + window.location.search, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (!html) { return; }
          var fresh = new DOMParser().parseFromString(html, "text/html");
          ids.forEach(function (id) {
            var row = document.getElementById(id);
            var next = fresh.getElementById(id);
            if (row && next && !row.contains(document.activeElement)) { row.innerHTML = next.innerHTML; }
          });
        })
        .catch(function () { /* the next event tries again */ })
        .then(function () {
          pending = null;
          if (Object.keys(waiting).length) { refresh(); }
        });
    }, 300);
  }

  var source = new EventSource("/live/events?campaign_id=" + encodeURIComponent(campaign));
  source.addEventListener("campaign_candidate.updated", function (event) {
    var data;
    try { data = JSON.parse(event.data); } catch (e) { return; }
    if (!data || data.campaign_id !== campaign || !document.getElementById("cc-" + data.id)) { return; }
    waiting["cc-" + data.id] = true;
    refresh();
  });
})();
