/* The door page's service worker: keeps each door page an organiser opened and its list of
   door codes, so attendance can be taken with no connection. Pages and the list come from
   the network first, from the phone's copy when there is none. A QR code scanned with no
   connection opens its check-in address: that goes to the last door page kept, with the
   code in the address for door.js to fill in. It never caches a POST: arrivals are queued
   by door.js and sent when the phone is back online.
   The server puts `const SHELL = {...}` before this file (views.door_offline). */
/* global SHELL */
"use strict";

const CACHE = "cg-door-" + SHELL.scope + "-" + SHELL.version;
const LAST_DOOR = SHELL.scope + "__last-door";
const DOOR = /\/events\/[^/]+\/door\/$/;
const CODES = /\/events\/[^/]+\/door\/codes\.json$/;
const CHECK_IN = /\/check-in\/([^/]+)\/$/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL.assets))
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
            .filter((key) => key.indexOf("cg-door-" + SHELL.scope) === 0 && key !== CACHE)
            .map((key) => caches.delete(key))
        )
      )
      .then(() => self.clients.claim())
  );
});

function keep(request, response) {
  if (response.ok && response.type === "basic" && !response.redirected) {
    const copy = response.clone();
    caches.open(CACHE).then((cache) => {
      cache.put(request, copy);
      if (DOOR.test(new URL(request.url).pathname)) {
        cache.put(LAST_DOOR, new Response(new URL(request.url).pathname));
      }
    });
  }
  return response;
}

/* door.js asks for its page and list to be kept as soon as the worker is ready. */
self.addEventListener("message", (event) => {
  if (!event.data || event.data.type !== "keep") {
    return;
  }
  const urls = event.data.urls || [];
  event.waitUntil(
    Promise.all(
      urls.map((url) =>
        fetch(url, { credentials: "same-origin" }).then((response) => keep(new Request(url), response))
      )
    )
      .then(() => ({ type: "kept" }))
      .catch(() => ({ type: "not-kept" }))
      .then((answer) => event.source && event.source.postMessage(answer))
  );
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
  if (SHELL.assets.indexOf(url.pathname) !== -1) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
    return;
  }
  const scanned = CHECK_IN.exec(url.pathname);
  if (request.mode === "navigate" && scanned) {
    event.respondWith(
      fetch(request).catch(() =>
        caches.match(LAST_DOOR).then((hit) =>
          hit
            ? hit.text().then((door) => Response.redirect(door + "?code=" + scanned[1], 302))
            : Response.error()
        )
      )
    );
    return;
  }
  if (DOOR.test(url.pathname) || CODES.test(url.pathname)) {
    event.respondWith(
      fetch(request)
        .then((response) => keep(request, response))
        .catch(() =>
          caches.match(request, { ignoreSearch: true }).then((hit) => hit || Response.error())
        )
    );
  }
});
