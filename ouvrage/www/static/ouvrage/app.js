// Every signed-in page: the service worker that keeps today's grids on this device, and forgetting
// them when the person signs out.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !document.body.hasAttribute("data-signed-in")) { return; }
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { return null; });
  navigator.serviceWorker.ready.then(function (registration) {
    if (!navigator.serviceWorker.controller && registration.active) {
      registration.active.postMessage({ type: "claim" });
    }
  });
  var signOut = document.querySelector("form[data-sign-out]");
  if (signOut) {
    signOut.addEventListener("submit", function () {
      if (navigator.serviceWorker.controller) { navigator.serviceWorker.controller.postMessage({ type: "forget" }); }
    });
  }
})();
