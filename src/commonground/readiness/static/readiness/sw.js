/* Community Readiness's service worker: lets an interviewer open the interview form (with its
   guide) and the anchored rating scales with no connection, after one earlier visit online.

   It answers only the pages listed in SHELL.pages (regular expressions over the path: the
   interview form of an assessment and the rating scales), network first, keeping the last
   copy that came back whole; every other readiness page (notes, transcripts, scores) goes to
   the network untouched and is never kept. Styles and scripts are kept at install. It never
   touches a POST: notes saved offline are kept by offline-interview.js in localStorage and
   sent when the browser is back online.
   The server puts `const SHELL = {...}` before this file (views.service_worker). */
/* global SHELL */
"use strict";

const PREFIX = "cg-readiness-" + SHELL.scope + "-";
const CACHE = PREFIX + SHELL.version;
const PAGES = SHELL.pages.map((pattern) => new RegExp(pattern));

function keepable(url) {
  return (
    url.origin === self.location.origin &&
    url.pathname.indexOf(SHELL.scope) === 0 &&
    PAGES.some((pattern) => pattern.test(url.pathname))
  );
}

function whole(response) {
  // a redirect (to sign in) or an error page is never kept in place of the form
  return response && response.ok && !response.redirected && response.type === "basic";
}

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
            .filter((key) => key.indexOf(PREFIX) === 0 && key !== CACHE)
            .map((key) => caches.delete(key))
        )
      )
      .then(() => self.clients.claim())
  );
});

/* A page opened before this worker controlled it asks for itself (and the scales) to be kept,
   so the very first online visit is enough. Only pages SHELL.pages allows are kept. */
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "keep" || !Array.isArray(data.urls)) {
    return;
  }
  const port = event.ports && event.ports[0];
  const work = caches.open(CACHE).then((cache) =>
    Promise.all(
      data.urls.map((address) => {
        const url = new URL(address, self.location.origin);
        if (!keepable(url)) {
          return false;
        }
        return fetch(url.href, { credentials: "same-origin" })
          .then((response) => (whole(response) ? cache.put(url.href, response).then(() => true) : false))
          .catch(() => false);
      })
    )
  );
  event.waitUntil(
    work.then((kept) => {
      if (port) {
        port.postMessage({ type: "kept", kept: kept.filter(Boolean).length });
      }
    })
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
  if (request.mode !== "navigate" || !keepable(url)) {
    return; // not ours: notes, scores and every other page go to the network, never kept
  }
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (whole(response)) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request.url, copy));
        }
        return response;
      })
      .catch(() =>
        caches
          .open(CACHE)
          .then((cache) =>
            cache
              .match(request.url)
              .then((hit) => hit || cache.match(request.url, { ignoreSearch: true }))
          )
          .then((hit) => hit || Response.error())
      )
  );
});
