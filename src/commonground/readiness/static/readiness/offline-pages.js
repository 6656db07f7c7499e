// Register Community Readiness's service worker (sw.js, served by views.service_worker) so
// the interview form, its guide and the anchored rating scales open with no connection after
// one visit online. The page asks the worker to keep itself and the pages named in
// data-keep at once, so the first visit is enough. Without service workers (private
// browsing, plain http) the pages still work online, and notes typed offline are still kept
// by offline-interview.js. Static file, no inline script (the Content Security Policy).
(function () {
  "use strict";

  var el = document.querySelector("[data-readiness-sw]");
  if (!el || !("serviceWorker" in navigator)) {
    return;
  }
  var keep = [window.location.pathname];
  if (window.location.search) {
    keep.push(window.location.pathname + window.location.search);
  }
  (el.getAttribute("data-keep") || "").split(" ").forEach(function (url) {
    if (url) {
      keep.push(url);
    }
  });

  navigator.serviceWorker
    .register(el.getAttribute("data-readiness-sw"), { scope: el.getAttribute("data-scope") })
    .then(function () {
      return navigator.serviceWorker.ready;
    })
    .then(function (registration) {
      if (navigator.onLine === false || !registration.active) {
        return;
      }
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) {
        el.setAttribute("data-kept", String((event.data && event.data.kept) || 0));
        el.setAttribute("data-sw-ready", "true");
      };
      registration.active.postMessage({ type: "keep", urls: keep }, [channel.port2]);
    })
    .catch(function () {
      /* no service worker: the pages still work online */
    });
})();
