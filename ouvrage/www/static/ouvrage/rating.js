// Rating a grid, online or not. Every cotation and comment is first kept on this device
// (localStorage, which survives a reload, a closed tab and a restarted browser), then sent in order,
// each with the version it was based on and a key that makes a change sent twice harmless. Each row
// says its state, to the eye and to screen readers: saved, waiting to be sent, refused (with the
// reason), or in conflict (someone else changed it: both values, keep mine / keep theirs).
// Sent only as the person who made them: never under another account signed in on this device.
(function () {
  "use strict";
  var page = document.getElementById("grid");
  if (!page) { return; }
  var STORE = "ouvrage:queue:v1";
  var USER = page.dataset.user;
  var GRID = page.dataset.grid;
  var LIMIT = parseInt(page.dataset.limit, 10) || 5000;
  var canRate = page.hasAttribute("data-can-rate");
  var banner = document.getElementById("sync-banner");
  var waitingLabel = document.getElementById("waiting");
  var progress = document.getElementById("progress");
  var token = (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";
  var state = { offline: !navigator.onLine, signedOut: false, otherUser: "", sending: false, timer: null };
  var waiters = {};  // element id -> callback for the keyboard, waiting for that element's answer

  // ------------------------------------------------------------------ the queue on this device
  function load() {
    try { return JSON.parse(localStorage.getItem(STORE) || "[]"); } catch (e) { return []; }
  }
  function save(queue) { localStorage.setItem(STORE, JSON.stringify(queue)); }
  function newKey() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = new Uint8Array(16); crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function mine(queue) { return queue.filter(function (c) { return c.user === USER; }); }

  function rowOf(element) { return document.getElementById("row-" + element); }
  function values(row) {
    return {
      mark: row.querySelector("select[data-grid-mark]").value,
      comment: row.querySelector("input[name=comment]").value,
      justification: row.querySelector("input[name=justification]").value
    };
  }

  function keep(row) {
    // A change of this row waits on the device: a waiting change not yet sent is updated in place;
    // one already on its way is left alone and this one follows it.
    var queue = load();
    var element = row.dataset.element;
    var v = values(row);
    var last = null;
    queue.forEach(function (c) { if (c.element === element && c.user === USER) { last = c; } });
    if (last && !last.sent) {
      last.mark = v.mark; last.comment = v.comment; last.justification = v.justification; last.at = Date.now();
    } else {
      queue.push({
        key: newKey(), url: row.dataset.url, element: element, grid: GRID, user: USER,
        mark: v.mark, comment: v.comment, justification: v.justification,
        version: last ? last.version : parseInt(row.dataset.version, 10) || 0, at: Date.now(), sent: false
      });
    }
    save(queue);
    show(row, "waiting");
    counts();
  }

  // ------------------------------------------------------------------ what each row says
  function show(row, kind, detail) {
    var status = row.querySelector(".row-status");
    row.classList.remove("state-saved", "state-waiting", "state-refused", "state-conflict");
    row.classList.add("state-" + kind);
    status.textContent = "";
    if (kind === "saved") {
      status.textContent = "Enregistré.";
    } else if (kind === "waiting") {
      status.textContent = state.offline || state.signedOut || state.otherUser
        ? "En attente d'envoi : gardé sur cet appareil."
        : "Envoi en cours…";
    } else if (kind === "refused") {
      var span = document.createElement("span");
      span.className = "error";
      span.textContent = detail;
      status.appendChild(span);
    } else if (kind === "conflict") {
      conflict(row, status, detail);
    }
  }

  function describe(v) {
    var text = "« " + (v.mark || "non coté") + " »";
    if (v.comment) { text += ", commentaire « " + v.comment + " »"; }
    return text;
  }

  function conflict(row, status, theirs) {
    var mineNow = values(row);
    var span = document.createElement("span");
    span.className = "error";
    span.textContent = "Modifié entre-temps par " + (theirs.by || "une autre personne") +
      (theirs.at ? " à " + theirs.at : "") + " : sa cotation " + describe(theirs) +
      " ; la vôtre " + describe(mineNow) + ".";
    status.appendChild(span);
    var keepMine = document.createElement("button");
    keepMine.type = "button"; keepMine.className = "link-button"; keepMine.textContent = "Garder la mienne";
    var keepTheirs = document.createElement("button");
    keepTheirs.type = "button"; keepTheirs.className = "link-button"; keepTheirs.textContent = "Garder la sienne";
    status.appendChild(document.createTextNode(" "));
    status.appendChild(keepMine);
    status.appendChild(document.createTextNode(" · "));
    status.appendChild(keepTheirs);
    keepMine.addEventListener("click", function () {
      row.dataset.version = theirs.version;
      keep(row);
      flush();
      row.querySelector("select[data-grid-mark]").focus();
    });
    keepTheirs.addEventListener("click", function () {
      apply(row, theirs);
      show(row, "saved");
      row.querySelector(".row-status").textContent = "Cotation de " + (theirs.by || "l'autre personne") + " gardée.";
      counts();
      row.querySelector("select[data-grid-mark]").focus();
    });
  }

  function apply(row, rating) {
    row.querySelector("select[data-grid-mark]").value = rating.mark;
    row.querySelector("input[name=comment]").value = rating.comment;
    row.querySelector("input[name=justification]").value = rating.justification;
    row.dataset.version = rating.version;
    row.querySelector("input[name=version]").value = rating.version;
    justification(row);
  }

  function justification(row) {
    var nc = row.querySelector("select[data-grid-mark]").value === "NC";
    var problem = row.classList.contains("state-refused");
    row.querySelector("[data-just-label]").classList.toggle("visually-hidden", !nc && !problem);
    row.querySelector("input[name=justification]").classList.toggle("visually-hidden", !nc && !problem);
  }

  function counts() {
    var marks = document.querySelectorAll("select[data-grid-mark]");
    var rated = 0;
    Array.prototype.forEach.call(marks, function (m) { if (m.value) { rated += 1; } });
    var waiting = mine(load()).length;
    progress.innerHTML = "";
    var strong = document.createElement("strong");
    strong.textContent = rated;
    progress.appendChild(strong);
    progress.appendChild(document.createTextNode(" / " + marks.length + " éléments cotés · " +
      (marks.length - rated) + " à coter"));
    var bar = document.getElementById("progress-bar");
    if (bar) { bar.max = marks.length || 1; bar.value = rated; }
    waitingLabel.hidden = waiting === 0;
    waitingLabel.textContent = waiting ? " · " + waiting + " en attente d'envoi" : "";
    say();
  }

  function say() {
    // The banner stays while something keeps the changes on the device.
    var waiting = mine(load()).length;
    var text = "";
    banner.innerHTML = "";
    if (state.otherUser) {
      text = "Une autre personne (" + state.otherUser + ") est connectée sur cet appareil : " + waiting +
        " cotation" + (waiting > 1 ? "s" : "") + " de " + page.dataset.userName +
        " attendent qu'elle se reconnecte ici.";
    } else if (state.signedOut) {
      text = "Votre session a pris fin : reconnectez-vous pour envoyer " + (waiting > 1 ? "les " + waiting + " cotations" : "la cotation") + " en attente. ";
    } else if (state.offline) {
      text = "Hors connexion : " + (waiting ? waiting + " cotation" + (waiting > 1 ? "s gardées" : " gardée") + " sur cet appareil, envoyée" + (waiting > 1 ? "s" : "") + " au retour du réseau." : "vos cotations seront gardées sur cet appareil jusqu'au retour du réseau.");
    }
    banner.hidden = !text;
    if (!text) { return; }
    banner.appendChild(document.createTextNode(text));
    if (state.signedOut && !state.otherUser) {
      var link = document.createElement("a");
      link.href = page.dataset.loginUrl;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = "Se reconnecter dans un autre onglet (cette page reste ouverte)";
      banner.appendChild(link);
    }
  }

  // ------------------------------------------------------------------ sending, in order
  function schedule(ms) {
    clearTimeout(state.timer);
    state.timer = setTimeout(flush, ms);
  }

  function refreshToken() {
    return fetch(page.dataset.tokenUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        token = data.csrf;
        if (data.user === null) { state.signedOut = true; state.otherUser = ""; return false; }
        state.signedOut = false;
        state.otherUser = String(data.user) === USER ? "" : data.name;
        return !state.otherUser;
      });
  }

  function send(change) {
    var body = new URLSearchParams();
    body.set("mark", change.mark);
    body.set("comment", change.comment);
    body.set("justification", change.justification);
    body.set("version", change.version);
    body.set("key", change.key);
    body.set("user", change.user);
    return fetch(change.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-Ouvrage-Sync": "1", "X-CSRFToken": token, "Accept": "application/json" },
      body: body
    }).then(function (r) {
      return r.json().then(function (data) { return data; }, function () {
        return { state: "error", status: r.status };
      });
    });
  }

  function settle(change, answer) {
    // The answer to one change: it leaves the queue unless it must wait.
    var queue = load();
    var row = rowOf(change.element);
    var index = queue.findIndex(function (c) { return c.key === change.key; });
    if (index >= 0) { queue.splice(index, 1); }
    if (answer.state === "saved") {
      queue.forEach(function (c) {
        if (c.element === change.element && c.user === change.user) { c.version = answer.rating.version; }
      });
    }
    save(queue);
    var later = queue.some(function (c) { return c.element === change.element && c.user === USER; });
    if (row && change.grid === GRID) {
      if (answer.state === "saved") {
        row.dataset.version = answer.rating.version;
        row.querySelector("input[name=version]").value = answer.rating.version;
        if (!later) { show(row, "saved"); }
        var score = document.getElementById("score-" + answer.criterion);
        if (score) {
          score.innerHTML = "";
          if (answer.score) {
            var s = document.createElement("strong"); s.textContent = answer.score; score.appendChild(s);
          } else { score.textContent = "pas encore cotée"; }
        }
      } else if (answer.state === "conflict") {
        show(row, "conflict", answer.theirs);
      } else {
        show(row, "refused", answer.problem || "Refusé par le serveur.");
        justification(row);
      }
    }
    counts();
    var done = waiters[change.element];
    if (done && !later) { delete waiters[change.element]; done(answer.state); }
  }

  function flush() {
    if (state.sending || !canRate) { return; }
    var queue = mine(load());
    if (!queue.length) { counts(); return; }
    // The device says it has no network: nothing is tried until it says otherwise (« online »), nor
    // can a request slip out through the service worker meanwhile.
    if (!navigator.onLine) { state.offline = true; counts(); schedule(5000); return; }
    if (state.signedOut || state.otherUser) {
      refreshToken().then(function (ok) { if (ok) { flush(); } else { say(); schedule(5000); } },
        function () { schedule(5000); });
      return;
    }
    state.sending = true;
    var change = queue[0];
    var all = load();
    all.forEach(function (c) { if (c.key === change.key) { c.sent = true; } });
    save(all);
    send(change).then(function (answer) {
      state.sending = false;
      state.offline = false;
      if (answer.state === "signed_out") { state.signedOut = true; counts(); schedule(5000); return; }
      if (answer.state === "wrong_user") { state.otherUser = answer.name; counts(); schedule(5000); return; }
      if (answer.state === "csrf") {
        refreshToken().then(function (ok) { if (ok) { flush(); } else { counts(); schedule(5000); } });
        return;
      }
      if (answer.state === "error") { counts(); schedule(10000); return; }
      settle(change, answer);
      flush();
    }, function () {
      // No network (or no answer): everything stays on the device, tried again later.
      state.sending = false;
      state.offline = true;
      counts();
      Array.prototype.forEach.call(document.querySelectorAll(".grid-item.state-waiting"), function (row) {
        show(row, "waiting");
      });
      var done = waiters[change.element];
      if (done) { delete waiters[change.element]; done("waiting"); }
      schedule(8000);
    });
  }

  // ------------------------------------------------------------------ typing and choosing
  function next(select) {
    var marks = Array.prototype.slice.call(document.querySelectorAll("select[data-grid-mark]"));
    return marks[marks.indexOf(select) + 1] || select;
  }

  function tooLong(row) {
    var problem = "";
    Array.prototype.forEach.call(row.querySelectorAll("input[data-grid-text]"), function (input) {
      var n = input.value.length;
      if (n > LIMIT) {
        problem = (input.name === "comment" ? "Le commentaire" : "La justification") + " compte " +
          n.toLocaleString("fr-FR") + " caractères : " + LIMIT.toLocaleString("fr-FR") +
          " au plus. Raccourcissez-le pour qu'il soit envoyé.";
      }
    });
    return problem;
  }

  function counter(input) {
    var row = input.closest(".grid-item");
    var out = row.querySelector(".counter");
    var n = input.value.length;
    out.textContent = n > LIMIT * 0.9 ? n.toLocaleString("fr-FR") + " / " + LIMIT.toLocaleString("fr-FR") + " caractères" : "";
    out.classList.toggle("error", n > LIMIT);
  }

  var typing = {};
  function typed(input) {
    var row = input.closest(".grid-item");
    counter(input);
    clearTimeout(typing[row.dataset.element]);
    typing[row.dataset.element] = setTimeout(function () { changed(row); }, 800);
  }

  function changed(row, afterwards) {
    clearTimeout(typing[row.dataset.element]);
    var problem = tooLong(row);
    if (problem) { show(row, "refused", problem); if (afterwards) { afterwards("refused"); } return; }
    keep(row);
    if (afterwards) { waiters[row.dataset.element] = afterwards; }
    justification(row);
    if (state.offline || state.signedOut || state.otherUser) {
      show(row, "waiting");
      var done = waiters[row.dataset.element];
      if (done) { delete waiters[row.dataset.element]; done("waiting"); }
      if (!state.offline) { flush(); }
      return;
    }
    flush();
  }

  page.addEventListener("change", function (e) {
    var select = e.target.closest("select[data-grid-mark]");
    if (!select) { return; }
    var row = select.closest(".grid-item");
    var focused = document.activeElement === select;
    var moved = false;
    // The cursor moves on at once if no answer comes quickly; a refusal brings it to the field to fix.
    var fallback = setTimeout(function () { if (focused && !moved) { moved = true; next(select).focus(); } }, 1500);
    changed(row, function (result) {
      clearTimeout(fallback);
      if (!focused || moved) { return; }
      moved = true;
      if (result === "refused") {
        var just = row.querySelector("input[name=justification]");
        just.setAttribute("aria-invalid", "true");
        just.setAttribute("aria-describedby", "msg-" + row.dataset.element);
        just.focus();
      } else {
        next(select).focus();
      }
    });
  });
  page.addEventListener("input", function (e) {
    if (e.target.matches("input[data-grid-text]")) { typed(e.target); }
  });
  page.addEventListener("focusout", function (e) {
    var input = e.target.closest ? e.target.closest("input[data-grid-text]") : null;
    if (input && typing[input.closest(".grid-item").dataset.element]) { changed(input.closest(".grid-item")); }
  });
  page.addEventListener("submit", function (e) {
    if (!e.target.matches("form.grid-row")) { return; }
    e.preventDefault();
    changed(e.target.closest(".grid-item"));
  });
  window.addEventListener("pagehide", function () {
    // A comment typed and not yet kept is kept before the page goes.
    Object.keys(typing).forEach(function (element) {
      clearTimeout(typing[element]);
      var row = rowOf(element);
      if (row && !tooLong(row)) { keep(row); }
    });
  });
  window.addEventListener("online", function () { state.offline = false; counts(); flush(); });
  window.addEventListener("offline", function () { state.offline = true; counts(); });
  window.addEventListener("focus", function () { if (state.signedOut || state.otherUser) { flush(); } });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && (state.signedOut || state.otherUser || state.offline)) { flush(); }
  });
  window.addEventListener("storage", function (e) { if (e.key === STORE) { counts(); } });

  // ------------------------------------------------------------------ a new piece of evidence, in place
  var dialog = document.getElementById("evidence-dialog");
  var dialogForm = document.getElementById("evidence-dialog-form");
  var opener = null;
  document.addEventListener("click", function (e) {
    var button = e.target.closest("[data-new-evidence]");
    if (button && dialog && dialog.showModal) {
      opener = button;
      dialogForm.action = button.dataset.newEvidence;
      dialog.querySelector("[data-dialog-element]").textContent = button.dataset.label;
      dialog.querySelector(".dialog-errors").hidden = true;
      dialog.showModal();
      dialog.querySelector("#dlg-title").focus();
    }
    if (e.target.closest("[data-dialog-close]")) { dialog.close(); if (opener) { opener.focus(); } }
  });
  if (dialogForm) {
    dialogForm.addEventListener("submit", function (e) {
      e.preventDefault();
      var errors = dialog.querySelector(".dialog-errors");
      fetch(dialogForm.action, {
        method: "POST", credentials: "same-origin", body: new FormData(dialogForm),
        headers: { "X-CSRFToken": token }
      }).then(function (r) {
        if (r.ok) {
          return r.text().then(function (html) {
            var body = opener.closest(".evidence-body");
            var holder = document.createElement("div");
            holder.innerHTML = html;
            var fresh = holder.firstElementChild;
            body.replaceWith(fresh);
            if (window.htmx) { window.htmx.process(fresh); }
            var summary = fresh.closest(".row-evidence").querySelector("summary");
            var n = fresh.querySelectorAll("ul li").length;
            summary.textContent = "Preuves (" + n + ")";
            dialogForm.reset();
            dialog.close();
            summary.focus();
          });
        }
        return r.json().then(function (data) {
          // The form keeps what was typed and the file chosen; the messages say what to correct.
          errors.innerHTML = "";
          var list = document.createElement("ul");
          (data.errors || ["L'enregistrement a échoué."]).forEach(function (message) {
            var li = document.createElement("li"); li.textContent = message; list.appendChild(li);
          });
          errors.appendChild(list);
          errors.hidden = false;
        }, function () {
          errors.textContent = r.status === 401 || r.status === 302 ? "Votre session a pris fin : reconnectez-vous." : "L'enregistrement a échoué (erreur " + r.status + ").";
          errors.hidden = false;
        });
      }, function () {
        errors.textContent = "Pas de réseau : la preuve n'est pas enregistrée. Réessayez au retour du réseau.";
        errors.hidden = false;
      });
    });
  }

  // ------------------------------------------------------------------ at load: what this device kept
  mine(load()).forEach(function (change) {
    if (change.grid !== GRID) { return; }
    var row = rowOf(change.element);
    if (!row) { return; }
    apply(row, { mark: change.mark, comment: change.comment, justification: change.justification, version: row.dataset.version });
    show(row, "waiting");
  });
  Array.prototype.forEach.call(page.querySelectorAll("input[data-grid-text]"), counter);
  counts();
  if (navigator.serviceWorker) {
    // This grid is kept on the device for today (the worker asks the server for a fresh copy).
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) { registration.active.postMessage({ type: "keep", url: location.pathname }); }
    });
  }
  flush();
})();
