/* jiyue govsite — 关怀版 (elderly mode) switch.
 * Loaded in <head> without defer: the class is set on <html> before the first paint,
 * the button is wired once the DOM exists. The choice is kept in
 * localStorage["jiyue-elder"] ("1" / "0") and applies to every page of the site.
 * No third-party code, no inline script (CSP). */
(function () {
  "use strict";
  var KEY = "jiyue-elder";
  var CLASS = "elder";
  var root = document.documentElement;

  function stored() {
    try {
      return window.localStorage.getItem(KEY);
    } catch (e) {
      return null; /* storage disabled: the mode still works for this page */
    }
  }

  function store(on) {
    try {
      window.localStorage.setItem(KEY, on ? "1" : "0");
    } catch (e) { /* ignore */ }
  }

  function isOn() {
    return root.classList.contains(CLASS);
  }

  function render() {
    var on = isOn();
    var buttons = document.querySelectorAll("[data-elder-toggle]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
      buttons[i].textContent = on ? "标准版" : "关怀版";
    }
  }

  function set(on) {
    root.classList.toggle(CLASS, on);
    store(on);
    render();
  }

  /* 1. Before paint: only <html> exists, never touch body here. */
  if (stored() === "1") {
    root.classList.add(CLASS);
  }

  /* 2. Once the DOM is there: label the button and listen to it. A <button> is
   *    activated by Enter and Space natively, so the click handler covers the keyboard. */
  function init() {
    render();
    document.addEventListener("click", function (event) {
      var target = event.target;
      var button = target && target.closest ? target.closest("[data-elder-toggle]") : null;
      if (button) {
        event.preventDefault();
        set(!isOn());
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }

  /* Keep several open tabs of the site in step. */
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) {
      root.classList.toggle(CLASS, event.newValue === "1");
      render();
    }
  });
})();
