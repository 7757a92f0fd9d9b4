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

// The header's menu: open on a wide screen (its button hidden), closed behind « Menu » on a phone.
// Without this script it stays open, so every link is reachable either way.
(function () {
  "use strict";
  var menu = document.querySelector("[data-site-menu]");
  if (!menu || !window.matchMedia) { return; }
  var narrow = window.matchMedia("(max-width: 47.99rem)");
  function fit() { menu.open = !narrow.matches; }
  fit();
  if (narrow.addEventListener) { narrow.addEventListener("change", fit); }
  menu.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && narrow.matches && menu.open) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
})();

// A table wider than the screen scrolls inside its .table-wrap: the keyboard can scroll it too
// (focusable, named after its caption), only while it is wider.
(function () {
  "use strict";
  var wraps = document.querySelectorAll(".table-wrap, .heat-wrap, .compare-wrap");
  if (!wraps.length) { return; }
  function name(wrap) {
    var caption = wrap.querySelector("caption");
    var text = caption ? caption.textContent.replace(/\s+/g, " ").trim() : "";
    return text ? "Tableau : " + text : "Tableau";
  }
  function mark() {
    Array.prototype.forEach.call(wraps, function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        if (!wrap.hasAttribute("tabindex")) {
          wrap.setAttribute("tabindex", "0");
          wrap.setAttribute("role", "region");
          wrap.setAttribute("aria-label", name(wrap));
        }
      } else if (wrap.getAttribute("tabindex") === "0") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }
  mark();
  window.addEventListener("resize", mark);
})();

// The sticky sub-header of a long page: the part being read is marked in it (read again after each
// scroll frame, so a part replaced by HTMX is found too).
(function () {
  "use strict";
  var pending = false;
  function update() {
    pending = false;
    var links = document.querySelectorAll(".subnav > ul a[href^='#']");
    var line = window.innerHeight * 0.3;
    var current = null;
    Array.prototype.forEach.call(links, function (link) {
      var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (target && target.getBoundingClientRect().top <= line) { current = link; }
    });
    Array.prototype.forEach.call(links, function (link) {
      if (link === current) { link.setAttribute("aria-current", "true"); } else { link.removeAttribute("aria-current"); }
    });
  }
  if (!document.querySelector(".subnav")) { return; }
  window.addEventListener("scroll", function () {
    if (!pending) { pending = true; window.requestAnimationFrame(update); }
  }, { passive: true });
  update();
})();
