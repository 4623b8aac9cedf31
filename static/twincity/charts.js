/* Draws every chart on the page from its JSON option (see templates/includes/_chart.html),
   again after each HTMX swap, with a table toggle and a PNG download. No network access. */
(function () {
  "use strict";
  var locale = document.documentElement.lang === "en" ? "EN" : "ZH";

  function tileLabels(option) {
    (option.series || []).forEach(function (s) {
      if (s.type === "heatmap" && s.label && s.name !== "—") {
        s.label.formatter = function (p) {
          var v = p.value[2];
          return p.name + "\n" + (v === null || v === undefined ? "—" : v.toLocaleString());
        };
      }
    });
    return option;
  }

  function draw(figure) {
    var canvas = figure.querySelector("[data-chart-canvas]");
    var source = figure.querySelector('script[type="application/json"]');
    if (!canvas || !source || canvas.hidden || !window.echarts) return;
    var chart = window.echarts.getInstanceByDom(canvas) ||
      window.echarts.init(canvas, null, { locale: locale, renderer: "canvas" });
    chart.setOption(tileLabels(JSON.parse(source.textContent)), true);
    figure.dataset.chartReady = "1";
  }

  function drawAll(root) {
    (root || document).querySelectorAll("figure.tc-chart").forEach(draw);
  }

  function disposeIn(root) {
    if (!window.echarts) return;
    root.querySelectorAll("[data-chart-canvas]").forEach(function (canvas) {
      var chart = window.echarts.getInstanceByDom(canvas);
      if (chart) chart.dispose();
    });
  }

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-chart-toggle]");
    var png = event.target.closest("[data-chart-png]");
    var figure = event.target.closest("figure.tc-chart");
    if (!figure) return;
    if (toggle) {
      var table = figure.querySelector("[data-chart-table]");
      var showing = table.classList.toggle("d-none") === false;
      toggle.textContent = showing ? toggle.dataset.labelChart : toggle.dataset.labelTable;
      toggle.setAttribute("aria-expanded", showing ? "true" : "false");
    }
    if (png) {
      var chart = window.echarts && window.echarts.getInstanceByDom(
        figure.querySelector("[data-chart-canvas]"));
      if (!chart) return;
      var link = document.createElement("a");
      link.href = chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" });
      link.download = png.dataset.filename || "chart.png";
      document.body.appendChild(link);
      link.click();
      link.remove();
    }
  });

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:beforeSwap", function (event) { disposeIn(event.detail.target); });
  document.addEventListener("htmx:afterSettle", function (event) { drawAll(event.detail.elt); });
  window.addEventListener("resize", function () {
    if (!window.echarts) return;
    document.querySelectorAll("[data-chart-canvas]").forEach(function (canvas) {
      var chart = window.echarts.getInstanceByDom(canvas);
      if (chart) chart.resize();
    });
  });
})();
