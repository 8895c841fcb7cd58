// Embedded admin UI: every change goes through the JSON admin API with the CSRF header; no build step.
(function () {
  function csrf() {
    var m = document.cookie.match(/(?:^|; )dirsync_csrf=([^;]*)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  function formBody(form) {
    var body = {};
    if (!form) return body;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) return;
      var v = el.value;
      if (el.multiple) { v = Array.prototype.filter.call(el.options, function (o) { return o.selected; }).map(function (o) { return o.value; }); }
      else if (el.dataset.kind === "list") { v = v.split(",").map(function (s) { return s.trim(); }).filter(Boolean); }
      else if (el.dataset.kind === "int") { v = parseInt(v, 10); }
      else if (el.dataset.kind === "bool") { v = el.checked; }
      else if (el.dataset.kind === "nullable" && v === "") { v = null; }
      var path = el.name.split(".");
      var target = body;
      for (var i = 0; i < path.length - 1; i++) { target = target[path[i]] = target[path[i]] || {}; }
      target[path[path.length - 1]] = v;
    });
    return body;
  }
  function wrapPreview(form, body) {
    return form && form.dataset.wrap ? (function () { var o = {}; o[form.dataset.wrap] = {}; o[form.dataset.wrap][form.dataset.key] = body; return o; })() : body;
  }
  function values(m) { return Object.keys(m || {}).map(function (k) { return m[k]; }).join(", "); }
  // Changes read as sentences ("bob@acme.test: role_changed member → admin"); anything else as JSON.
  function describe(json) {
    if (json && Array.isArray(json.changes)) {
      var lines = json.changes.map(function (c) {
        var b = values(c.before), a = values(c.after);
        return (c.user || c.directoryUserId || "") + ": " + c.action.replace(/_/g, " ") +
          (b || a ? " " + (b || "–") + " → " + (a || "–") : "") + (c.detail ? " (" + c.detail + ")" : "");
      });
      var head = json.changes.length === 0 ? "No changes." : json.changes.length + " change(s):";
      var rest = Object.keys(json).filter(function (k) { return k !== "changes"; });
      return head + "\n" + lines.join("\n") + (rest.length && json.token ? "" : "");
    }
    if (json && json.token) {
      return "Token (shown once, copy it now):\n" + json.token + "\n\nSCIM base URL:\n" + json.scimBaseUrl;
    }
    return JSON.stringify(json, null, 2);
  }
  document.addEventListener("click", function (e) {
    var btn = e.target.closest("[data-api]");
    if (!btn) return;
    e.preventDefault();
    var parts = btn.dataset.api.split(" ");
    var form = btn.dataset.form ? document.getElementById(btn.dataset.form) : btn.closest("form");
    var body = btn.dataset.wrapBody ? wrapPreview(form, formBody(form)) : formBody(form);
    var out = document.getElementById(btn.dataset.result || "result");
    var headers = { "Content-Type": "application/json", "X-CSRF-Token": csrf() };
    // the settings version the page showed: if another admin saved meanwhile, the API answers 412, not a silent revert
    if (parts[0] === "PUT" && form && form.dataset.ifMatch) { headers["If-Match"] = form.dataset.ifMatch; }
    btn.disabled = true;
    fetch(parts[1], {
      method: parts[0], credentials: "same-origin", headers: headers,
      body: parts[0] === "GET" ? undefined : JSON.stringify(body)
    }).then(function (r) {
      return r.text().then(function (t) { return { ok: r.ok, status: r.status, text: t }; });
    }).then(function (r) {
      btn.disabled = false;
      var shown;
      try { shown = describe(JSON.parse(r.text)); } catch (x) { shown = r.text; }
      if (out) { out.textContent = (r.ok ? "" : "Error " + r.status + "\n") + shown; out.className = "result shown" + (r.ok ? "" : " error"); }
      if (r.ok && btn.dataset.reload === "true") { setTimeout(function () { location.reload(); }, 400); }
    }).catch(function (err) {
      btn.disabled = false;
      if (out) { out.textContent = "Request failed: " + err; out.className = "result shown error"; }
    });
  });
})();
