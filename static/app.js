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

// Live parts (the dashboard's counts, /live's counts and calls, a campaign's batches and candidate
// counts): kept current. Each element marked data-live-part (with an id) is refreshed after the
// server's events (Server-Sent Events, reconnecting on their own): the page is asked for again,
// at most twice a second, and each part is replaced by the fresh one with the same id, so words,
// colours and counts are the server's, exactly as a reload would show them. The stream and the
// events listened to come from the live-status line's data-live-events and data-live-on (by
// default every campaign's call and batch events). The page works without this; it saves reloading.
(function () {
  "use strict";
  var parts = document.querySelectorAll("[data-live-part][id]");
  if (!parts.length || !window.EventSource || !window.DOMParser) { return; }
  var status = document.getElementById("live-status");
  var stream = (status && status.getAttribute("data-live-events")) || "/live/events";
  var names = ((status && status.getAttribute("data-live-on")) || "call.updated batch.updated").split(" ");
  var pending = null;
  var again = false;

  function refresh() {
    if (pending) { again = true; return; }
    pending = setTimeout(function () {
      fetch(window.location.pathname + window.location.search, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (!html) { return; }
          var fresh = new DOMParser().parseFromString(html, "text/html");
          Array.prototype.forEach.call(parts, function (part) {
            var next = fresh.getElementById(part.id);
            if (next) { part.innerHTML = next.innerHTML; }
          });
        })
        .catch(function () { /* the next event tries again */ })
        .then(function () {
          pending = null;
          if (again) { again = false; refresh(); }
        });
    }, 500);
  }

  function say(text) { if (status) { status.textContent = text; } }
  // EventSource reconnects by itself after a dropped connection, but gives up for good when the
  // server answers with an error (429: this sign-in's streams are all taken, e.g. by pages just
  // left whose streams the server has not noticed closing yet): then a new one is opened a few
  // seconds later.
  function connect() {
    var source = new EventSource(stream);
    source.addEventListener("open", function () { say("Live"); refresh(); });
    source.addEventListener("error", function () {
      say("Reconnecting…");
      if (source.readyState === EventSource.CLOSED) { setTimeout(connect, 5000); }
    });
    names.forEach(function (name) { if (name) { source.addEventListener(name, refresh); } });
  }
  connect();
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

  function changed(event) {
    var data;
    try { data = JSON.parse(event.data); } catch (e) { return; }
    if (!data || data.campaign_id !== campaign || !document.getElementById("cc-" + data.id)) { return; }
    waiting["cc-" + data.id] = true;
    refresh();
  }

  // As for the live parts above: a stream the server refused (429, this sign-in's streams all
  // taken by pages just left) is opened again a few seconds later, and since events sent meanwhile
  // were missed, every row is read again once it is open.
  var first = true;
  function connect() {
    var source = new EventSource("/live/events?campaign_id=" + encodeURIComponent(campaign));
    var missed = !first;
    first = false;
    source.addEventListener("open", function () {
      if (!missed) { return; }
      missed = false;
      Array.prototype.forEach.call(body.querySelectorAll("tr[id]"), function (row) { waiting[row.id] = true; });
      refresh();
    });
    source.addEventListener("error", function () {
      missed = true;
      if (source.readyState === EventSource.CLOSED) { setTimeout(connect, 5000); }
    });
    source.addEventListener("campaign_candidate.updated", changed);
  }
  connect();
})();
