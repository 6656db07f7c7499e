/* Mixing challenges' service worker: keeps the app shell (the front page, the styles and
   scripts) so the app opens without a network, and answers pages from the network first,
   falling back to the last copy kept. It never caches a POST: check-ins made offline are
   queued by app.js (in localStorage) and sent when the phone is back online.
   The server puts `const SHELL = {...}` before this file (views.service_worker). */
/* global SHELL */
"use strict";

const CACHE = "cg-challenges-" + SHELL.scope + "-" + SHELL.version;

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
