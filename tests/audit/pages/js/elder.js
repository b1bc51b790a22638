/* 关怀版 toggle, as the govsite theme does it: html.elder + localStorage["jiyue-elder"]. */
(function () {
  var KEY = "jiyue-elder", root = document.documentElement;
  function apply(on) {
    root.classList.toggle("elder", on);
    var b = document.querySelectorAll("[data-elder-toggle]");
    for (var i = 0; i < b.length; i++) b[i].setAttribute("aria-pressed", on ? "true" : "false");
  }
  try { apply(localStorage.getItem(KEY) === "1"); } catch (e) {}
  document.addEventListener("click", function (e) {
    var t = e.target.closest && e.target.closest("[data-elder-toggle]");
    if (!t) return;
    var on = !root.classList.contains("elder");
    apply(on);
    try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e2) {}
  });
})();
