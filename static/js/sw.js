/* Twitch Diary's service worker, served as /sw.js (twitchdiary/pwa.py writes
 * self.TWITCH_DIARY in front of this file: the pages and files to keep, the one-tap
 * URLs that may be queued, and a version).
 *
 * - Pages: network first. Today and the new-entry forms (the shell) are kept in a cache
 *   named after the session, so they open without a signal; any other page offline gets a
 *   short "not kept on this phone" page. Log-out, or another session, deletes the shell.
 * - Static files: network first, kept for offline use.
 * - One-tap logs and new-entry forms: sent with an idempotency key; when the network fails
 *   they are kept in IndexedDB with the time of the tap and sent again later (Background
 *   Sync where the browser has it, else when a page opens or the browser comes online).
 *   The server saves each key once; what it refuses stays, with its reason, until the
 *   person discards it.
 */
"use strict";

const CONFIG = self.TWITCH_DIARY;
const STATIC_CACHE = "td-static-" + CONFIG.version;
const SHELL_PREFIX = "td-shell-";
const SYNC_TAG = "td-queue";
const DB_NAME = "twitch-diary";

// --- IndexedDB: "queue" (one row per queued POST, by key) and "state" (session, owner) ---

function openDb() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore("queue", { keyPath: "key" });
      request.result.createObjectStore("state", { keyPath: "name" });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function store(name, mode, action) {
  const db = await openDb();
  try {
    return await new Promise((resolve, reject) => {
      const transaction = db.transaction(name, mode);
      const request = action(transaction.objectStore(name));
      transaction.oncomplete = () => resolve(request && request.result);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  } finally {
    db.close();
  }
}

const queued = {
  all: () => store("queue", "readonly", (s) => s.getAll()),
  put: (item) => store("queue", "readwrite", (s) => s.put(item)),
  remove: (key) => store("queue", "readwrite", (s) => s.delete(key)),
};

async function getState() {
  const row = await store("state", "readonly", (s) => s.get("current"));
  return row || { name: "current", session: "", owner: "", csrf: "" };
}

function setState(state) {
  return store("state", "readwrite", (s) => s.put({ ...state, name: "current" }));
}

// --- Install, activate, and what pages tell the worker ---

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(STATIC_CACHE)
      .then((cache) => cache.addAll(CONFIG.shellStatic))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith("td-static-") && name !== STATIC_CACHE)
            .map((name) => caches.delete(name))
        )
      )
      .then(() => self.clients.claim())
  );
});

async function dropShell(except) {
  const names = await caches.keys();
  await Promise.all(
    names
      .filter((name) => name.startsWith(SHELL_PREFIX) && name !== except)
      .map((name) => caches.delete(name))
  );
}

async function warmShell(session) {
  // Keep Today and the entry forms of this session, so they open without a signal.
  const cache = await caches.open(SHELL_PREFIX + session);
  for (const path of CONFIG.shellPages) {
    if (await cache.match(path)) continue;
    try {
      const response = await fetch(path, { credentials: "same-origin" });
      if (response.ok && !response.redirected) await cache.put(path, response);
    } catch (error) {
      return; // offline: the next page load tries again
    }
  }
}

async function shellKept(session) {
  const cache = await caches.open(SHELL_PREFIX + session);
  const kept = await Promise.all(CONFIG.shellPages.map((path) => cache.match(path)));
  return kept.every(Boolean);
}

async function hello(data, client) {
  const state = await getState();
  if (!data.session) {
    // Nobody is logged in on this page (the log-in page): keep no one's pages.
    await dropShell();
    await setState({ ...state, session: "", csrf: "" });
    return;
  }
  await dropShell(SHELL_PREFIX + data.session);
  await setState({ session: data.session, owner: data.owner, csrf: data.csrf || state.csrf });
  await tell(client);
  if (data.online) {
    await flush().catch(() => {}); // what could not be sent waits for the next chance
    await warmShell(data.session);
  }
  if (client) client.postMessage({ type: "ready", shell: await shellKept(data.session) });
}

// Messages are handled one after another, in the order pages sent them: a log-in page's
// "nobody here" must not interleave with the next page's "this session".
let messages = Promise.resolve();

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const work = {
    hello: () => hello(data, event.source),
    logout: async () => {
      await dropShell();
      await setState({ ...(await getState()), session: "", csrf: "" });
    },
    flush: () => flush().catch(() => {}),
    discard: async () => {
      await queued.remove(data.key);
      await tellAll();
    },
  }[data.type];
  if (work) {
    messages = messages.then(work).catch(() => {});
    event.waitUntil(messages);
  }
});

// What is waiting or refused for the person on these pages.
async function itemsFor(owner) {
  const items = await queued.all();
  return items
    .filter((item) => item.owner === owner)
    .sort((a, b) => a.tappedAt.localeCompare(b.tappedAt));
}

async function tell(client, extra) {
  if (!client) return;
  const state = await getState();
  client.postMessage({ type: "queue", items: await itemsFor(state.owner), ...extra });
}

async function tellAll(extra) {
  const clients = await self.clients.matchAll({ type: "window" });
  await Promise.all(clients.map((client) => tell(client, extra)));
}

// --- Fetch ---

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST") {
    if (request.mode === "navigate" && CONFIG.queuedPaths.includes(url.pathname)) {
      event.respondWith(sendOrQueue(request, url));
    }
    return;
  }
  if (request.method !== "GET" || url.pathname === "/sw.js") return;
  if (request.mode === "navigate") {
    event.respondWith(page(request, url));
  } else if (url.pathname.startsWith(CONFIG.staticUrl)) {
    event.respondWith(staticFile(request));
  }
});

async function page(request, url) {
  const state = await getState();
  const shell = state.session && CONFIG.shellPages.includes(url.pathname);
  try {
    const response = await fetch(request);
    // A prefilled form (?mg=95) is not the plain one: keep only the plain one.
    if (shell && !url.search && response.ok && response.type === "basic" && !response.redirected) {
      const cache = await caches.open(SHELL_PREFIX + state.session);
      await cache.put(url.pathname, response.clone());
    }
    return response;
  } catch (error) {
    if (shell) {
      const cache = await caches.open(SHELL_PREFIX + state.session);
      const kept = await cache.match(url.pathname);
      if (kept) return kept;
    }
    return notKept();
  }
}

function notKept() {
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<link rel="manifest" href="/manifest.webmanifest">' +
    "<title>Offline · Twitch Diary</title></head>" +
    '<body style="font-family: system-ui, sans-serif; margin: 2rem; max-width: 32rem">' +
    "<h1>You are offline</h1><p>This page is not kept on this phone, to keep your diary " +
    "private. Today and the forms to log something are.</p>" +
    '<p><a href="/">Go to Today</a></p></body></html>';
  return new Response(html, {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8" },
  });
}

async function staticFile(request) {
  const cache = await caches.open(STATIC_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const kept = await caches.match(request);
    if (kept) return kept;
    throw error;
  }
}

// --- Sending, queueing and replaying the one-tap logs and entry forms ---

function labelFor(path, body) {
  const given = body.get("offline_label");
  if (given) return given.trim();
  if (path === "/episodes/now/") return "Twitch now";
  return body.get("preset") || "An entry";
}

async function sendOrQueue(request, url) {
  const tappedAt = new Date().toISOString();
  const body = new URLSearchParams(await request.formData());
  if (!body.get("idempotency_key")) body.set("idempotency_key", crypto.randomUUID());
  const label = labelFor(url.pathname, body);
  body.delete("offline_label");
  try {
    // The key goes with the first attempt too: if the answer is lost on the way back,
    // sending again later returns the first result instead of saving it twice. The diary
    // answers in JSON where the entry went, and the browser is sent there, as the page's
    // own redirect would have done.
    const target = url.pathname + url.search;
    const answer = await fetch(target, {
      method: "POST",
      body,
      credentials: "same-origin",
      redirect: "manual",
      headers: { Accept: "application/json" },
    });
    const json = (answer.headers.get("Content-Type") || "").startsWith("application/json");
    if (answer.ok && json) {
      // Saved; a refused entry sent again, changed, with its key is done with.
      await queued.remove(body.get("idempotency_key"));
      return Response.redirect((await answer.json()).url || CONFIG.shellPages[0], 303);
    }
    if (json) {
      // Refused, so nothing was saved: send it as the page would have, for the form and
      // its messages.
      return await fetch(target, {
        method: "POST",
        body,
        credentials: "same-origin",
        redirect: "manual",
      });
    }
    return answer; // the log-in page, a refused token, a server error: as they are
  } catch (error) {
    const state = await getState();
    await queued.put({
      key: body.get("idempotency_key"),
      url: url.pathname + url.search,
      body: body.toString(),
      label,
      tappedAt,
      owner: state.owner,
      status: "waiting",
      errors: [],
    });
    if (self.registration.sync) {
      await self.registration.sync.register(SYNC_TAG).catch(() => {});
    }
    return Response.redirect(CONFIG.shellPages[0], 303);
  }
}

let flushing = null;

function flush() {
  // One pass at a time; the server's keys make a second sender harmless anyway.
  if (!flushing) flushing = sendQueued().finally(() => (flushing = null));
  return flushing;
}

async function sendQueued() {
  const state = await getState();
  if (!state.owner) return;
  let sent = 0;
  let waiting = false;
  for (const item of await itemsFor(state.owner)) {
    if (item.status !== "waiting") continue;
    const body = new URLSearchParams(item.body);
    body.set("tapped_at", item.tappedAt);
    if (state.csrf) body.set("csrfmiddlewaretoken", state.csrf);
    let response;
    try {
      response = await fetch(item.url, {
        method: "POST",
        body,
        credentials: "same-origin",
        redirect: "manual",
        headers: { Accept: "application/json" },
      });
    } catch (error) {
      waiting = true; // still offline
      break;
    }
    if (response.ok) {
      await queued.remove(item.key);
      sent += 1;
    } else if (response.type === "opaqueredirect" || response.status >= 500) {
      waiting = true; // logged out (sent to the log-in page) or the server is unwell: later
      break;
    } else {
      let errors = [];
      try {
        errors = (await response.json()).errors || [];
      } catch (error) {
        errors = [];
      }
      if (!errors.length) {
        errors = ["The diary did not accept this entry (error " + response.status + ")."];
      }
      await queued.put({ ...item, status: "refused", errors });
    }
  }
  await tellAll({ sent });
  if (waiting) throw new Error("Some entries are still waiting for the network.");
}

self.addEventListener("sync", (event) => {
  if (event.tag === SYNC_TAG) event.waitUntil(flush());
});

// --- Reminders by Web Push (reminders/push.py sends them; the profile subscribes) ---

self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (error) {
    message = {};
  }
  // Only these words ever travel: no diary data is in a push.
  event.waitUntil(
    self.registration.showNotification(message.title || "Twitch Diary", {
      body: message.body || "You have not checked in today.",
      tag: "td-reminder",
      data: { url: message.url || "/" },
    })
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin);
  if (target.origin !== self.location.origin) return;
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((clients) => {
      const open = clients.find((client) => new URL(client.url).pathname === target.pathname);
      if (open) return open.focus();
      return self.clients.openWindow(target.href);
    })
  );
});
