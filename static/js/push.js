/* The profile's "Web push notification on this device": when the person picks it, ask
 * the browser's permission and subscribe through the service worker (/sw.js), then send
 * the subscription to the server. Choosing e-mail again forgets this browser's one.
 * Without this script (or without push support) the choice still saves, and reminders
 * come by e-mail until a device is subscribed.
 */
"use strict";

(function () {
  const setup = document.getElementById("push-setup");
  const form = document.querySelector("form input[name='reminder_channel']")?.form;
  if (!setup || !form) return;
  const status = document.getElementById("push-status");
  const csrf = form.querySelector("input[name='csrfmiddlewaretoken']")?.value || "";

  function say(text) {
    status.textContent = text;
  }

  function keyBytes(base64url) {
    const base64 = (base64url + "=".repeat((4 - (base64url.length % 4)) % 4))
      .replace(/-/g, "+")
      .replace(/_/g, "/");
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  }

  function post(url, data) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(data),
    });
  }

  const supported =
    "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;

  async function subscribe() {
    if (!supported) {
      say("This browser cannot show push notifications; your reminders will come by e-mail.");
      return false;
    }
    const permission = await Notification.requestPermission();
    if (permission !== "granted") {
      say("Notifications are blocked for this site; your reminders will come by e-mail.");
      return false;
    }
    try {
      const registration = await navigator.serviceWorker.ready;
      const subscription =
        (await registration.pushManager.getSubscription()) ||
        (await registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(setup.dataset.vapidKey),
        }));
      const response = await post(setup.dataset.subscribeUrl, subscription.toJSON());
      if (!response.ok) {
        const body = await response.json().catch(() => ({}));
        say(body.error || "This device could not be saved; try again later.");
        return false;
      }
      say("This device will show your reminders.");
      return true;
    } catch (error) {
      say("This device could not be subscribed; your reminders will come by e-mail.");
      return false;
    }
  }

  async function unsubscribe() {
    if (!supported) return;
    const registration = await navigator.serviceWorker.getRegistration();
    const subscription = registration && (await registration.pushManager.getSubscription());
    if (!subscription) return;
    await post(setup.dataset.unsubscribeUrl, { endpoint: subscription.endpoint }).catch(() => {});
    await subscription.unsubscribe().catch(() => {});
  }

  form.addEventListener("change", (event) => {
    if (event.target.name !== "reminder_channel") return;
    if (event.target.value === "push") subscribe();
    else unsubscribe().then(() => say(""));
  });

  // Saving with push chosen: make sure this device is subscribed first (the form is
  // saved either way; without a device the reminder comes by e-mail).
  let confirmed = false;
  form.addEventListener("submit", (event) => {
    const push = form.querySelector("input[name='reminder_channel'][value='push']");
    if (confirmed || !push || !push.checked) return;
    event.preventDefault();
    subscribe().finally(() => {
      confirmed = true;
      form.requestSubmit(event.submitter);
    });
  });
})();
