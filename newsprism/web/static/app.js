// Draw every plotly figure whose data sits in a <script type="application/json"> next to its div.
// The data is JSON, parsed (never evaluated), so text inside it cannot run.
(function () {
  if (typeof Plotly === "undefined") { return; }
  document.querySelectorAll("div.chart[data-figure]").forEach(function (el) {
    var source = document.getElementById(el.getAttribute("data-figure"));
    if (!source) { return; }
    var figure = JSON.parse(source.textContent);
    Plotly.newPlot(el, figure.data, figure.layout, {displaylogo: false, responsive: true});
  });
})();
