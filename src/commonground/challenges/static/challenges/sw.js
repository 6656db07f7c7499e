/* Mixing challenges' service worker: keeps the app shell (the front page, the page an
   event's QR code opens offline, the styles and scripts) so the app opens without a
   network, and answers pages from the network first, falling back to the last copy kept.
   An event's QR code scanned with no network (SHELL.scope + "event/<code>/") is answered
   with the kept event page (SHELL.event_page), which reads the code from its address and
   lets the person keep their visit on the phone. It never caches a POST: check-ins made
   offline are queued by app.js (in localStorage) and sent when the phone is back online.
   The server puts `const SHELL = {...}` before this file (views.service_worker). */
/* global SHELL */
"use strict";

const CACHE = "cg-challenges-" + SHELL.scope + "-" + SHELL.version;
const EVENT_SCAN = SHELL.scope + "event/";

function isEventScan(path) {
  if (path.indexOf(EVENT_SCAN) !== 0) {
    return false;
  }
  const code = path.slice(EVENT_SCAN.length);
  return /^[^/]+\/$/.test(code);
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL.pages.concat(SHELL.assets)))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.indexOf("cg-challenges-" + SHELL.scope) === 0 && key !== CACHE)
            .map((key) => caches.delete(key))
        )
      )
      .then(() => self.clients.claim())
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "sync-now") {
    self.clients.matchAll().then((clients) => {
      clients.forEach((client) => client.postMessage({ type: "sync-now" }));
    });
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  const isAsset = SHELL.assets.indexOf(url.pathname) !== -1;
  if (isAsset) {
    event.respondWith(
      caches.match(request).then((hit) => hit || fetch(request))
    );
    return;
  }
  if (request.mode === "navigate" && isEventScan(url.pathname)) {
    /* the event's own page when there is a network; else the kept page that keeps the visit */
    event.respondWith(
      fetch(request).catch(() =>
        caches
          .match(SHELL.event_page)
          .then((hit) => hit || caches.match(SHELL.pages[0]))
      )
    );
    return;
  }
  if (request.mode === "navigate" && url.pathname.indexOf(SHELL.scope) === 0) {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok && response.type === "basic") {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(request, copy));
          }
          return response;
        })
        .catch(() =>
          caches
            .match(request)
            .then((hit) => hit || caches.match(SHELL.pages[0]))
        )
    );
  }
});
