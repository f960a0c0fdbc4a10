// The installable app, on every page: registers the service worker (/sw.js), tells it
// whose pages these are, and shows what is kept on this phone waiting for a signal, or
// what the diary refused, with its reason and a way to discard it. Every page works
// without this file; it only adds offline logging on top.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;

  function meta(name) {
    var tag = document.querySelector('meta[name="' + name + '"]');
    return tag ? tag.content : "";
  }

  function send(message) {
    var worker = navigator.serviceWorker.controller;
    if (worker) worker.postMessage(message);
  }

  function hello() {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    send({
      type: "hello",
      session: meta("offline-session"),
      owner: meta("offline-owner"),
      csrf: token ? token.value : "",
      online: navigator.onLine,
    });
  }

  function pad(number) {
    return String(number).padStart(2, "0");
  }

  function localInput(date, withTime) {
    var day = date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
    return withTime ? day + "T" + pad(date.getHours()) + ":" + pad(date.getMinutes()) : day;
  }

  // A new-entry form opened from the phone's copy can be hours old: its "now" is not.
  function freshenTimes() {
    var rendered = Date.parse(meta("rendered-at"));
    if (!/\/new\/$/.test(location.pathname) || !(Date.now() - rendered > 2 * 60 * 1000)) return;
    var now = new Date();
    document.querySelectorAll("input[type=datetime-local], input[type=date]").forEach(function (input) {
      if (input.form && input.form.method === "post" && !location.search.includes(input.name + "=")) {
        input.value = localInput(now, input.type === "datetime-local");
      }
    });
  }

  function labelOf(form, submitter) {
    if (/\/new\/$/.test(new URL(form.action, location.href).pathname)) {
      var heading = document.querySelector("main h1");
      if (heading) return heading.textContent.trim();
    }
    return submitter ? submitter.textContent.replace(/\s+/g, " ").trim() : "";
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.method !== "post") return;
    if (/\/accounts\/logout\/$/.test(new URL(form.action, location.href).pathname)) {
      send({ type: "logout" });
      return;
    }
    // What the list of entries kept on this phone calls it (the worker removes it).
    var label = form.querySelector("input[name=offline_label]");
    if (!label) {
      label = document.createElement("input");
      label.type = "hidden";
      label.name = "offline_label";
      form.appendChild(label);
    }
    label.value = labelOf(form, event.submitter);
  });

  function timeOf(item) {
    var tapped = new Date(item.tappedAt);
    return pad(tapped.getHours()) + ":" + pad(tapped.getMinutes());
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function fixLink(item) {
    // A refused entry form: open it again with what was typed, to change and send.
    var path = item.url.split("?")[0];
    if (!/\/new\/$/.test(path)) return null;
    var fields = new URLSearchParams(item.body);
    ["csrfmiddlewaretoken", "idempotency_key", "tapped_at", "save"].forEach(function (name) {
      fields.delete(name);
    });
    var link = element("a", "btn btn-sm btn-outline-primary", "Change it");
    // The same key goes with the changed entry: once it is saved, the refused one is gone.
    link.href = path + "?" + fields.toString() + "#key=" + item.key;
    return link;
  }

  function keepKeyOfRefusedEntry() {
    var match = /^#key=([0-9a-f-]{36})$/.exec(location.hash);
    var form = document.querySelector("main form[method=post]");
    if (!match || !form) return;
    var key = document.createElement("input");
    key.type = "hidden";
    key.name = "idempotency_key";
    key.value = match[1];
    form.appendChild(key);
  }

  function render(items, sent) {
    var main = document.getElementById("main") || document.body;
    var box = document.getElementById("offline-queue");
    if (!box) {
      box = element("section", "offline-queue");
      box.id = "offline-queue";
      box.setAttribute("aria-live", "polite");
      main.insertBefore(box, main.firstChild);
    }
    box.replaceChildren();
    var waiting = items.filter(function (item) { return item.status === "waiting"; });
    var refused = items.filter(function (item) { return item.status === "refused"; });
    if (sent) {
      var done = element("div", "alert alert-success", sent === 1 ? "1 entry kept on this phone is now in your diary. " : sent + " entries kept on this phone are now in your diary. ");
      var reload = element("a", "alert-link", "Show them");
      reload.href = location.pathname;
      done.appendChild(reload);
      box.appendChild(done);
    }
    if (waiting.length) {
      var note = element("div", "alert alert-info offline-waiting");
      note.setAttribute("role", "status");
      note.appendChild(element("strong", "", "Saved on this phone — will sync"));
      note.appendChild(element("span", "", navigator.onLine ? " when the diary answers:" : " when you are back online:"));
      var list = element("ul", "mb-0");
      waiting.forEach(function (item) {
        list.appendChild(element("li", "", item.label + ", " + timeOf(item)));
      });
      note.appendChild(list);
      box.appendChild(note);
    }
    refused.forEach(function (item) {
      var alert = element("div", "alert alert-warning offline-refused");
      alert.setAttribute("role", "alert");
      alert.appendChild(element("strong", "", "Not saved: " + item.label + ", " + timeOf(item) + ". "));
      alert.appendChild(element("span", "", item.errors.join(" ")));
      var actions = element("div", "d-flex gap-2 mt-2");
      var fix = fixLink(item);
      if (fix) actions.appendChild(fix);
      var discard = element("button", "btn btn-sm btn-outline-danger", "Discard it");
      discard.type = "button";
      discard.addEventListener("click", function () {
        send({ type: "discard", key: item.key });
      });
      actions.appendChild(discard);
      alert.appendChild(actions);
      box.appendChild(alert);
    });
  }

  navigator.serviceWorker.addEventListener("message", function (event) {
    if (!event.data) return;
    if (event.data.type === "queue") render(event.data.items, event.data.sent);
    // Today and the forms are on this phone: the page opens without a signal.
    if (event.data.type === "ready" && event.data.shell) {
      document.documentElement.dataset.offline = "ready";
    }
  });

  navigator.serviceWorker.register("/sw.js").then(function () {
    if (navigator.serviceWorker.controller) {
      hello();
    } else {
      navigator.serviceWorker.addEventListener("controllerchange", hello, { once: true });
    }
  }).catch(function () {
    // No worker (e.g. a private window that allows none): the pages work as they are.
  });

  window.addEventListener("online", function () {
    send({ type: "flush" });
  });
  window.addEventListener("offline", hello);
  freshenTimes();
  keepKeyOfRefusedEntry();
})();
