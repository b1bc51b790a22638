/* A site built elsewhere: its own 长者模式 link, no data-elder-toggle. */
document.addEventListener("click", function (e) {
  var a = e.target.closest && e.target.closest(".care-link");
  if (!a) return;
  e.preventDefault();
  document.documentElement.classList.toggle("elder");
});
