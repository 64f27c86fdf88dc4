// Behaviour of the page timeline-render writes; inlined into it. Shows an event's details
// (title, time, the source's own words) on hover or keyboard focus, and records on <body> how
// many events the browser actually laid out on the axis, for tests that load the page headless.
(function () {
  "use strict";
  var tooltip = document.getElementById("tooltip");

  function show(target, x, y) {
    var tip = target.querySelector(".tip");
    if (!tip) return;
    tooltip.innerHTML = tip.innerHTML;
    tooltip.style.setProperty("--c", getComputedStyle(target).getPropertyValue("--c"));
    tooltip.hidden = false;
    var box = tooltip.getBoundingClientRect();
    var left = Math.min(x + 14, window.innerWidth - box.width - 8);
    var top = y + 18 + box.height > window.innerHeight ? y - box.height - 12 : y + 18;
    tooltip.style.left = Math.max(8, left) + "px";
    tooltip.style.top = Math.max(8, top) + "px";
  }

  function hide() {
    tooltip.hidden = true;
  }

  document.querySelectorAll("[data-event-name]").forEach(function (el) {
    el.addEventListener("mousemove", function (e) { show(el, e.clientX, e.clientY); });
    el.addEventListener("mouseleave", hide);
    el.addEventListener("focus", function () {
      var r = el.getBoundingClientRect();
      show(el, r.left, r.bottom);
    });
    el.addEventListener("blur", hide);
  });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });

  // What the browser drew: bars with a real box inside the chart.
  var chart = document.querySelector(".chart");
  var area = chart ? chart.getBoundingClientRect() : null;
  var drawn = 0;
  document.querySelectorAll('.bar[data-event-name]').forEach(function (bar) {
    var r = bar.getBoundingClientRect();
    if (area && r.width > 0 && r.height > 0 && r.left >= area.left - 1 && r.right <= area.right + 1) drawn++;
  });
  document.body.dataset.drawnEvents = String(drawn);
  document.body.dataset.listedEvents = String(document.querySelectorAll('.undated [data-event-name]').length);
  document.body.dataset.pageHeight = String(Math.ceil(document.documentElement.scrollHeight));
  document.body.dataset.ready = "1";
})();
