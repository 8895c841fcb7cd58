// Embedded admin UI: every change goes through the JSON admin API with the CSRF header; no build step.
(function () {
  "use strict";
  function $(id) { return document.getElementById(id); }
  function csrf() {
    var m = document.cookie.match(/(?:^|; )dirsync_csrf=([^;]*)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  // One admin API call; resolves to {ok, status, json, text} (json null when the body is not JSON).
  function call(method, url, body, extraHeaders) {
    var headers = { "X-CSRF-Token": csrf() };
    if (body !== undefined) { headers["Content-Type"] = "application/json"; }
    Object.keys(extraHeaders || {}).forEach(function (k) { headers[k] = extraHeaders[k]; });
    return fetch(url, {
      method: method, credentials: "same-origin", headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (r) {
      return r.text().then(function (t) {
        var json = null;
        try { json = t ? JSON.parse(t) : null; } catch (x) { json = null; }
        return { ok: r.ok, status: r.status, json: json, text: t };
      });
    });
  }
  function errorText(r) {
    var msg = r.json && r.json.message ? r.json.message : r.text;
    return "Error " + r.status + ": " + msg;
  }
  function show(out, text, error) {
    if (!out) return;
    out.textContent = text;
    out.className = "result shown" + (error ? " error" : "");
  }

  // ---- times: in the admin's time zone, the exact instant on hover ----
  var zone = (Intl.DateTimeFormat().resolvedOptions().timeZone) || "UTC";
  var fmt = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });
  function localTimes(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("time[datetime]"), function (t) {
      var d = new Date(t.getAttribute("datetime"));
      if (isNaN(d.getTime())) return;
      t.textContent = fmt.format(d);
      t.title = t.getAttribute("datetime") + " (exact, UTC) · shown in " + zone;
    });
  }
  function timeHtml(iso) {
    var t = document.createElement("time");
    t.setAttribute("datetime", iso);
    t.textContent = iso;
    localTimes({ querySelectorAll: function () { return [t]; } });
    return t;
  }
  localTimes();
  // the activity chart's day lines, labelled in the admin's zone (the server wrote them in UTC)
  var dayFmt = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short", hour: "numeric", minute: "2-digit" });
  Array.prototype.forEach.call(document.querySelectorAll("svg text[data-at]"), function (t) {
    var d = new Date(t.getAttribute("data-at"));
    if (!isNaN(d.getTime())) { t.textContent = dayFmt.format(d); }
  });
  var tz = $("f-tz");
  if (tz && !tz.value) { tz.value = zone; }

  // ---- forms as JSON ----
  function formBody(form) {
    var body = {};
    if (!form) return body;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled) return;
      if (el.type === "radio" && !el.checked) return;
      var v = el.value;
      if (el.dataset.kind === "list") { v = v.split(",").map(function (s) { return s.trim(); }).filter(Boolean); }
      else if (el.dataset.kind === "int") { v = parseInt(v, 10); }
      else if (el.dataset.kind === "bool") { v = el.checked; }
      else if (el.dataset.kind === "json") { v = JSON.parse(v || "null"); }
      else if (el.dataset.kind === "nullable" && v === "") { v = null; }
      var path = el.name.split(".");
      var target = body;
      for (var i = 0; i < path.length - 1; i++) { target = target[path[i]] = target[path[i]] || {}; }
      target[path[path.length - 1]] = v;
    });
    return body;
  }
  function wrapPreview(form, body) {
    if (!form || !form.dataset.wrap) return body;
    var o = {}; o[form.dataset.wrap] = {}; o[form.dataset.wrap][form.dataset.key] = body; return o;
  }
  function values(m) { return Object.keys(m || {}).map(function (k) { return m[k]; }).join(", "); }
  // a change as a sentence, like the audit log's
  function sentence(c) {
    var who = c.user || c.directoryUserId || "someone";
    var b = c.before || {}, a = c.after || {};
    switch (c.action) {
      case "role_changed": return "Role changed for " + who + ": " + (b.role || "none") + " → " + (a.role || "none");
      case "workspace_added": return who + " joins " + a.workspace;
      case "workspace_removed": return who + " leaves " + b.workspace;
      case "user_provisioned": return who + " is added as " + (a.role || "member");
      case "user_deactivated": return who + " is deactivated";
      case "user_made_read_only": return who + " is made read-only";
      case "user_reactivated": return who + " is reactivated";
      case "user_linked": return who + " is linked to their existing account";
      default:
        var bv = values(b), av = values(a);
        return who + ": " + c.action.replace(/_/g, " ") + (bv || av ? " " + (bv || "–") + " → " + (av || "–") : "") +
          (c.detail ? " (" + c.detail + ")" : "");
    }
  }
  // names the host's catalog gives role and workspace keys, once it answered
  var names = { role: {}, workspace: {} };
  function named(kind, key) { return names[kind][key] || key; }
  // "3 people become admin, 12 join Engineering"
  function impact(changes) {
    var roles = {}, joins = {}, leaves = {}, other = 0;
    changes.forEach(function (c) {
      if (c.action === "role_changed") { roles[c.after.role] = (roles[c.after.role] || 0) + 1; }
      else if (c.action === "workspace_added") { joins[c.after.workspace] = (joins[c.after.workspace] || 0) + 1; }
      else if (c.action === "workspace_removed") { leaves[c.before.workspace] = (leaves[c.before.workspace] || 0) + 1; }
      else { other++; }
    });
    function people(n) { return n + (n === 1 ? " person" : " people"); }
    var parts = [];
    Object.keys(roles).forEach(function (r) { parts.push(people(roles[r]) + (roles[r] === 1 ? " becomes " : " become ") + named("role", r)); });
    Object.keys(joins).forEach(function (w) { parts.push(joins[w] + " join " + named("workspace", w)); });
    Object.keys(leaves).forEach(function (w) { parts.push(leaves[w] + " leave " + named("workspace", w)); });
    if (other) { parts.push(other + " other change" + (other === 1 ? "" : "s")); }
    return parts.length ? parts.join(", ") : "Nobody changes.";
  }
  function describe(json) {
    if (json && Array.isArray(json.changes)) {
      if (json.changes.length === 0) return "No changes.";
      return "Impact: " + impact(json.changes) + ".\n\n" + json.changes.map(sentence).join("\n");
    }
    if (json && json.link) { return "Send this link to your IT admin (it expires):\n" + json.link; }
    return JSON.stringify(json, null, 2);
  }

  // ---- buttons that call the API: data-api="METHOD url" ----
  document.addEventListener("click", function (e) {
    var btn = e.target.closest("[data-api]");
    if (!btn) return;
    e.preventDefault();
    var parts = btn.dataset.api.split(" ");
    var form = btn.dataset.form ? $(btn.dataset.form) : btn.closest("form");
    var out = $(btn.dataset.result || "result");
    // a field the page itself marked invalid (a repeated mapping) stops the call, with the reason shown
    var bad = form && Array.prototype.filter.call(form.elements, function (el) { return el.validity && el.validity.customError; })[0];
    if (bad) { bad.reportValidity(); show(out, bad.validationMessage, true); return; }
    var body = btn.dataset.wrapBody ? wrapPreview(form, formBody(form)) : formBody(form);
    var headers = {};
    // the settings version the page showed: if another admin saved meanwhile, the API answers 412, not a silent revert
    if (parts[0] === "PUT" && form && form.dataset.ifMatch) { headers["If-Match"] = form.dataset.ifMatch; }
    btn.disabled = true;
    call(parts[0], parts[1], parts[0] === "GET" ? undefined : body, headers).then(function (r) {
      btn.disabled = false;
      if (!r.ok) {
        show(out, errorText(r) + (r.status === 412 ? "\nAnother admin changed these settings: reload the page and apply your change again." : ""), true);
        return;
      }
      show(out, r.json ? describe(r.json) : "Done.", false);
      if (btn.dataset.reload === "true") { setTimeout(function () { location.reload(); }, 600); }
    }).catch(function (err) {
      btn.disabled = false;
      show(out, "Request failed: " + err, true);
    });
  });

  // ---- copy buttons: the Clipboard API, else select the text and copy ----
  function copyStatus(text) {
    var s = $("copy-status");
    if (s) { s.textContent = text; }
  }
  function selectText(el) {
    if (el.select) { el.focus(); el.select(); return; }
    var range = document.createRange();
    range.selectNodeContents(el);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }
  document.addEventListener("click", function (e) {
    var btn = e.target.closest("[data-copy]");
    if (!btn) return;
    var el = $(btn.dataset.copy);
    var text = el.value !== undefined ? el.value : el.textContent;
    var done = function () { btn.dataset.copied = "true"; copyStatus("Copied to the clipboard."); };
    var fallback = function () {
      selectText(el);
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (x) { ok = false; }
      if (ok) { done(); } else { copyStatus("Selected: press Ctrl+C (⌘C) to copy."); }
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  });

  // ---- SCIM tokens: create, rotate, revoke; the token stays until dismissed ----
  function refresh(id) {
    return fetch(location.href, { credentials: "same-origin" }).then(function (r) { return r.text(); }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(id);
      var now = $(id);
      if (fresh && now) { now.replaceWith(fresh); localTimes(fresh); }
    });
  }
  function showToken(json, rotated) {
    var panel = $("token-panel");
    $("token-value").value = json.token;
    $("token-base").value = json.scimBaseUrl;
    var note = $("rotate-note"), revoke = $("revoke-old");
    if (rotated) {
      note.textContent = "Paste the new token into " + rotated.provider + ", then revoke the old token …" + rotated.suffix + ": until then both work.";
      note.hidden = false;
      revoke.hidden = false;
      revoke.dataset.url = rotated.url;
      revoke.textContent = "Revoke the old token …" + rotated.suffix;
    } else {
      note.hidden = true;
      revoke.hidden = true;
    }
    copyStatus("");
    panel.hidden = false;
    panel.focus();
  }
  var tokenForm = $("token-form");
  if (tokenForm) {
    tokenForm.addEventListener("submit", function (e) {
      e.preventDefault();
      var btn = tokenForm.querySelector("button[type=submit]");
      btn.disabled = true;
      call("POST", tokenForm.dataset.issue, { provider: $("provider").value }).then(function (r) {
        btn.disabled = false;
        if (!r.ok) { show($("token-error"), errorText(r), true); return; }
        showToken(r.json, null);
        refresh("credentials");
      });
    });
    $("provider").addEventListener("change", function () {
      var opt = this.options[this.selectedIndex];
      var g = opt && $(opt.dataset.guide);
      if (g) { g.open = true; }
    });
  }
  document.addEventListener("click", function (e) {
    var rot = e.target.closest("[data-rotate]");
    if (rot) {
      rot.disabled = true;
      var issueUrl = rot.dataset.rotate.replace(/\/[^\/]+$/, "");
      call("POST", issueUrl, { provider: rot.dataset.provider, directoryId: rot.dataset.directory }).then(function (r) {
        rot.disabled = false;
        if (!r.ok) { show($("token-error"), errorText(r), true); return; }
        showToken(r.json, { provider: rot.dataset.provider, suffix: rot.dataset.suffix, url: rot.dataset.rotate });
        refresh("credentials");
      });
      return;
    }
    var rev = e.target.closest("[data-revoke]");
    if (rev) {
      // a second click confirms: a revoked token stops the identity provider's sync at once
      if (rev.dataset.armed !== "true") {
        rev.dataset.armed = "true";
        rev.dataset.label = rev.innerHTML;
        rev.textContent = "Confirm revoke";
        setTimeout(function () { if (rev.isConnected && rev.dataset.armed === "true") { rev.dataset.armed = ""; rev.innerHTML = rev.dataset.label; } }, 6000);
        return;
      }
      rev.disabled = true;
      call("DELETE", rev.dataset.revoke).then(function (r) {
        if (!r.ok) { rev.disabled = false; show($("token-error"), errorText(r), true); return; }
        refresh("credentials");
      });
    }
  });
  var revokeOld = $("revoke-old");
  if (revokeOld) {
    revokeOld.addEventListener("click", function () {
      revokeOld.disabled = true;
      call("DELETE", revokeOld.dataset.url).then(function (r) {
        revokeOld.disabled = false;
        if (!r.ok) { copyStatus(errorText(r)); return; }
        revokeOld.hidden = true;
        $("rotate-note").textContent = "The old token is revoked.";
        refresh("credentials");
      });
    });
    $("token-dismiss").addEventListener("click", function () {
      $("token-value").value = "";
      $("token-panel").hidden = true;
      $("token-form").querySelector("button").focus();
    });
  }

  // ---- the connection confirms itself: poll the status every few seconds ----
  var conn = $("connection");
  if (conn && conn.dataset.poll) {
    var poll = function () {
      call("GET", conn.dataset.poll).then(function (r) {
        if (!r.ok || !r.json) return;
        var s = r.json, box = $("connection-status");
        var headline = document.createElement("p");
        headline.className = "headline";
        var sub = document.createElement("p");
        sub.className = "muted";
        if (s.connected) {
          headline.textContent = "Connected to your " + (s.provider || "identity provider") + ". Synced " + s.usersSynced +
            (s.usersSynced === 1 ? " user" : " users") + " and " + s.groupsSynced + (s.groupsSynced === 1 ? " group" : " groups");
          sub.textContent = "Last change received ";
          if (s.lastEventAt) { sub.appendChild(timeHtml(s.lastEventAt)); }
          conn.className = "card connection connected";
        } else {
          headline.textContent = "Waiting for the first sync.";
          sub.textContent = "Follow the steps below; this page updates by itself when your identity provider sends its first people.";
        }
        if (box.textContent !== headline.textContent + sub.textContent) {
          box.replaceChildren(headline, sub);
        }
        (s.credentials || []).forEach(function (c) {
          var row = document.querySelector("tr[data-credential='" + c.id + "'] .last-used");
          if (row && c.lastUsedAt && !row.querySelector("time[datetime='" + c.lastUsedAt + "']")) {
            row.replaceChildren(timeHtml(c.lastUsedAt));
          }
        });
      }).catch(function () { /* offline for a moment: the next poll tries again */ });
    };
    setInterval(poll, 3000);
  }

  // ---- force sync with progress ----
  var force = $("force-sync");
  if (force) {
    force.addEventListener("click", function () {
      force.disabled = true;
      var box = $("sync-progress"), bar = $("sync-bar"), text = $("sync-text");
      box.hidden = false;
      bar.removeAttribute("value");
      text.textContent = "Starting…";
      call("POST", force.dataset.sync, {}).then(function (r) {
        if (!r.ok) { force.disabled = false; text.textContent = errorText(r); return; }
        var job = force.dataset.sync + "/" + encodeURIComponent(r.json.jobId);
        var tick = function () {
          call("GET", job).then(function (s) {
            if (!s.ok) { force.disabled = false; text.textContent = errorText(s); return; }
            var d = s.json.directories, done = 0, total = 0, users = 0, groups = 0;
            d.forEach(function (x) { done += x.done || 0; total += x.total || 0; users += x.users || 0; groups += x.groups || 0; });
            if (total > 0) { bar.max = total; bar.value = done; }
            if (s.json.finished) {
              bar.max = 1; bar.value = 1;
              var failed = d.filter(function (x) { return x.state !== "complete"; });
              text.textContent = failed.length ? "Finished with problems: " + failed.map(function (x) { return x.directoryId + " " + x.state; }).join("; ")
                : "Sync complete: " + users + " users and " + groups + " groups read.";
              force.disabled = false;
              return;
            }
            text.textContent = "Syncing… " + users + " users and " + groups + " groups read" + (total ? " (" + done + " of " + total + ")" : "") + ".";
            setTimeout(tick, 700);
          });
        };
        tick();
      });
    });
  }

  // ---- groups: role and workspace choices from the host's catalog; free text when it declares none ----
  var catalog = $("catalog");
  if (catalog) {
    call("GET", catalog.dataset.catalog).then(function (r) {
      if (!r.ok || !r.json) return; // no catalog (404): free text stays
      var name = function (x) { return typeof x === "string" ? x : (x.name || x.label || x.displayName || x.id || x.key); };
      var key = function (x) { return typeof x === "string" ? x : (x.id || x.key || x.slug || x.name); };
      var roles = r.json.roles || [], spaces = r.json.workspaces || [];
      roles.forEach(function (x) { names.role[key(x)] = name(x); });
      spaces.forEach(function (x) { names.workspace[key(x)] = name(x); });
      if (roles.length) {
        document.querySelectorAll("#groups select[name=role]").forEach(function (sel) {
          var current = sel.value;
          sel.replaceChildren(new Option("no role", ""));
          roles.forEach(function (x) { sel.add(new Option(name(x), key(x), false, key(x) === current)); });
        });
      }
      if (spaces.length) {
        document.querySelectorAll("#groups input[name=workspaces]").forEach(function (input) {
          var chosen = input.value.split(",").map(function (s) { return s.trim(); }).filter(Boolean);
          var box = document.createElement("fieldset");
          box.className = "checklist";
          var legend = document.createElement("legend");
          legend.className = "sr-only";
          legend.textContent = document.querySelector("label[for='" + input.id + "']").textContent.replace(", comma-separated", "");
          box.appendChild(legend);
          spaces.forEach(function (x, i) {
            var id = input.id + "-" + i, cb = document.createElement("input"), lab = document.createElement("label");
            cb.type = "checkbox"; cb.id = id; cb.value = key(x); cb.checked = chosen.indexOf(key(x)) >= 0;
            lab.htmlFor = id; lab.textContent = name(x);
            cb.addEventListener("change", function () {
              input.value = Array.prototype.filter.call(box.querySelectorAll("input:checked"), function (c) { return true; })
                .map(function (c) { return c.value; }).join(", ");
            });
            var row = document.createElement("div"); row.className = "check"; row.append(cb, lab); box.appendChild(row);
          });
          input.type = "hidden";
          input.parentNode.appendChild(box);
        });
      }
    }).catch(function () { /* keep free text */ });
  }

  // ---- policies: attribute-mapping rows and sensitive-attribute chips, kept as JSON in hidden inputs ----
  var am = $("attribute-mappings");
  // one row per attribute and per field: a repeated one is marked invalid (and refused by the API) instead of
  // silently replacing the row above it
  function syncMappings() {
    var out = {}, fields = {};
    am.querySelectorAll("tbody tr").forEach(function (tr) {
      var src = tr.querySelector(".am-source"), dst = tr.querySelector(".am-target");
      var s = src.value.trim(), t = dst.value.trim();
      var dupS = s && Object.prototype.hasOwnProperty.call(out, s);
      var dupT = t && Object.prototype.hasOwnProperty.call(fields, t.toLowerCase());
      src.setCustomValidity(dupS ? "'" + s + "' is already mapped above" : "");
      dst.setCustomValidity(dupT ? "the field '" + t + "' already receives '" + fields[t.toLowerCase()] + "'" : "");
      src.setAttribute("aria-invalid", dupS ? "true" : "false");
      dst.setAttribute("aria-invalid", dupT ? "true" : "false");
      if (s && t && !dupS && !dupT) { out[s] = t; fields[t.toLowerCase()] = s; }
    });
    $(am.dataset.json).value = JSON.stringify(out);
  }
  if (am) {
    syncMappings();
    am.addEventListener("input", syncMappings);
    am.addEventListener("click", function (e) {
      var rm = e.target.closest(".am-remove");
      if (!rm) return;
      rm.closest("tr").remove();
      syncMappings();
      $("am-add").focus();
    });
    var rows = 0;
    $("am-add").addEventListener("click", function () {
      var tr = $("am-row").content.firstElementChild.cloneNode(true);
      rows++;
      tr.querySelectorAll("[id]").forEach(function (el) { el.id = el.id.replace("new", "n" + rows); });
      tr.querySelectorAll("label[for]").forEach(function (el) { el.htmlFor = el.htmlFor.replace("new", "n" + rows); });
      am.querySelector("tbody").appendChild(tr);
      tr.querySelector(".am-source").focus();
    });
  }
  var chips = $("sensitive");
  function syncChips() {
    $(chips.dataset.json).value = JSON.stringify(Array.prototype.map.call(chips.querySelectorAll(".chip"), function (c) { return c.dataset.value; }));
  }
  if (chips) {
    syncChips();
    chips.addEventListener("click", function (e) {
      var rm = e.target.closest(".chip-remove");
      if (!rm) return;
      var next = rm.closest(".chip").nextElementSibling;
      rm.closest(".chip").remove();
      syncChips();
      (next ? next.querySelector("button") : $("sens-new")).focus();
    });
    var add = function () {
      var input = $("sens-new"), v = input.value.trim();
      if (!v) return;
      var exists = Array.prototype.some.call(chips.querySelectorAll(".chip"), function (c) { return c.dataset.value.toLowerCase() === v.toLowerCase(); });
      if (!exists) {
        var li = $("chip").content.firstElementChild.cloneNode(true);
        li.dataset.value = v;
        li.querySelector("span").textContent = v;
        li.querySelector("button").setAttribute("aria-label", "Remove " + v);
        chips.appendChild(li);
        syncChips();
      }
      input.value = "";
      input.focus();
    };
    $("sens-add").addEventListener("click", add);
    $("sens-new").addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); add(); } });
  }

  // ---- audit: the dates only matter for "Between dates" ----
  var range = $("f-range");
  if (range) {
    var dates = document.querySelectorAll(".field.dates");
    var toggle = function () { dates.forEach(function (d) { d.hidden = range.value !== "custom"; }); };
    range.addEventListener("change", toggle);
    toggle();
  }
  // Background jobs (Groups page): a progress bar per running re-projection or deletion, polled until it finishes
  var JOB_NAMES = { reproject: "Applying the new mappings", group_deleted: "Removing a deleted group's access",
    directory_deleted: "Deactivating a deleted directory's people" };
  function jobRow(box, job) {
    var row = document.getElementById("job-" + job.id);
    if (!row) {
      row = document.createElement("div");
      row.id = "job-" + job.id;
      row.className = "job";
      row.innerHTML = '<p class="job-label" id="job-' + job.id + '-label"></p><div class="bar" role="progressbar" ' +
        'aria-valuemin="0" aria-labelledby="job-' + job.id + '-label"><span></span></div>' +
        '<p class="muted job-text" role="status" aria-live="polite"></p>';
      box.appendChild(row);
    }
    var bar = row.querySelector("[role=progressbar]");
    var total = Math.max(job.total, job.done, 1);
    bar.setAttribute("aria-valuemax", String(total));
    bar.setAttribute("aria-valuenow", String(job.done));
    bar.setAttribute("aria-valuetext", job.done + " of " + job.total + " people");
    bar.firstChild.style.width = Math.round(100 * job.done / total) + "%";
    row.querySelector(".job-label").textContent = JOB_NAMES[job.kind] || job.kind;
    row.dataset.status = job.status;
    row.querySelector(".job-text").textContent = job.status === "done" ? "Done: " + job.done + " people updated."
      : job.status === "failed" ? "Stopped: " + (job.error || "failed") + "."
      : job.status === "superseded" ? "Replaced by a newer change."
      : job.done + " of " + job.total + " people\u2026";
    return row;
  }
  function followJob(box, job) {
    jobRow(box, job);
    if (job.finished) { return; }
    setTimeout(function () {
      fetch(box.dataset.job + encodeURIComponent(job.id), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (next) { if (next) { followJob(box, next); } });
    }, 1000);
  }
  var jobsBox = $("jobs");
  if (jobsBox) {
    fetch(jobsBox.dataset.jobs, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (list) { list.items.forEach(function (j) { followJob(jobsBox, j); }); });
  }
})();
