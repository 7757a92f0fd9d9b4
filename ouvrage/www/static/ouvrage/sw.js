// Ouvrage's service worker: the static files, and the grids opened today, kept on this device so
// that a grid opens and rates without network (its cotations wait in the page's queue). Every other
// page comes from the network; without network, a page not kept here shows « Hors connexion ».
"use strict";
var VERSION = "ouvrage-2026-11-30";
var STATIC = VERSION + "-static";
var GRIDS = "ouvrage-grids";
var OFFLINE = "/hors-ligne/";
var GRID_PATH = /^\/evaluations\/\d+\/entretiens\/\d+\/$/;

function today() { return new Date().toISOString().slice(0, 10); }

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(STATIC).then(function (cache) {
    return cache.addAll([OFFLINE]);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== STATIC && n !== GRIDS; })
      .map(function (n) { return caches.delete(n); }));
  }).then(forgetOldGrids).then(function () { return self.clients.claim(); }));
});

function forgetOldGrids() {
  // Only the grids opened today are kept.
  return caches.open(GRIDS).then(function (cache) {
    return cache.keys().then(function (requests) {
      return Promise.all(requests.map(function (request) {
        return cache.match(request).then(function (response) {
          if (!response || response.headers.get("X-Ouvrage-Kept-On") !== today()) { return cache.delete(request); }
        });
      }));
    });
  });
}

function keepGrid(url, response) {
  // A copy marked with the day it was kept, and the static files it needs; a sign-in page is never
  // kept in place of a grid.
  if (!response || !response.ok || response.redirected) { return Promise.resolve(); }
  return response.clone().text().then(function (html) {
    var headers = new Headers(response.headers);
    headers.set("X-Ouvrage-Kept-On", today());
    var assets = [];
    html.replace(/(?:src|href)="(\/static\/[^"]+)"/g, function (_, path) { assets.push(path); return _; });
    return Promise.all([
      caches.open(GRIDS).then(function (cache) {
        return cache.put(url, new Response(html, { status: 200, headers: headers }));
      }),
      caches.open(STATIC).then(function (cache) {
        return Promise.all(assets.map(function (path) {
          return cache.match(path).then(function (found) { return found || cache.add(path); });
        }));
      })
    ]);
  });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "keep" && GRID_PATH.test(data.url)) {
    event.waitUntil(fetch(data.url, { credentials: "same-origin" }).then(function (response) {
      return keepGrid(data.url, response);
    }).catch(function () { return null; }));
  }
  if (data.type === "claim") {
    // A page opened while this worker was being installed asks to be looked after now.
    event.waitUntil(self.clients.claim());
  }
  if (data.type === "forget") {
    // Signing out: the grids kept here go (the cotations waiting to be sent stay with the page).
    event.waitUntil(caches.delete(GRIDS));
  }
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(caches.open(STATIC).then(function (cache) {
      return cache.match(request).then(function (found) {
        return found || fetch(request).then(function (response) {
          if (response.ok) { cache.put(request, response.clone()); }
          return response;
        });
      });
    }));
    return;
  }
  if (request.mode !== "navigate") { return; }
  if (GRID_PATH.test(url.pathname)) {
    event.respondWith(fetch(request).then(function (response) {
      keepGrid(url.pathname, response);
      return response;
    }, function () {
      return caches.open(GRIDS).then(function (cache) {
        return cache.match(url.pathname).then(function (found) {
          if (found && found.headers.get("X-Ouvrage-Kept-On") === today()) { return found; }
          return caches.match(OFFLINE);
        });
      });
    }));
    return;
  }
  event.respondWith(fetch(request).catch(function () { return caches.match(OFFLINE); }));
});
