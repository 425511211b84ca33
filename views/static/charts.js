// Charts (uPlot, served from node_modules): figures over time on the explorer, and a bar
// chart comparing a message's or thread's figures. Data comes from <script type="application/json">
// blocks (never executed), so the page keeps a strict CSP. Without JavaScript the tables remain.
(function () {
  'use strict';
  var COLORS = ['#1a55b0', '#c0392b', '#1a7f37', '#8a5a9e', '#c99a00', '#0b7285', '#d9480f', '#5c5f66'];
  var PREFIX = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k'], [1, ''], [1e-3, 'm'], [1e-6, 'µ'], [1e-9, 'n']];

  function fmt(v, unit) {
    if (v == null || !isFinite(v)) return '';
    if (unit === '%' || unit === 'x' || unit === '1') return +v.toPrecision(3) + (unit === '1' ? '' : unit === 'x' ? '×' : '%');
    var a = Math.abs(v);
    if (a === 0) return '0';
    for (var i = 0; i < PREFIX.length; i++) if (a >= PREFIX[i][0] || i === PREFIX.length - 1) return +(v / PREFIX[i][0]).toPrecision(3) + ' ' + PREFIX[i][1] + unit;
  }
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function width(el) { return Math.max(320, Math.min(el.clientWidth || 800, 1100)); }

  function timeChart() {
    var d = data('time-data'), el = document.getElementById('time');
    if (!d || !el || !d.points.length) return;
    var byTool = {}, order = [];
    d.points.forEach(function (p) { if (!byTool[p.tool]) { byTool[p.tool] = 0; order.push(p.tool); } byTool[p.tool]++; });
    order.sort(function (a, b) { return byTool[b] - byTool[a]; });
    var shown = order.slice(0, 7), other = order.length > 7;
    var series = shown.concat(other ? ['other tools'] : []);
    var idxOf = {}; series.forEach(function (s, i) { idxOf[s] = i; });
    var positive = d.points.every(function (p) { return p.v > 0; });
    // One x per point (a scatter): series hold a value only at their own points.
    var xs = [], ys = series.map(function () { return []; }), ids = [];
    d.points.forEach(function (p) {
      var s = idxOf[p.tool] !== undefined ? idxOf[p.tool] : idxOf['other tools'];
      xs.push(p.t); ids.push(p.id);
      ys.forEach(function (arr, i) { arr.push(i === s ? p.v : null); });
    });
    var opts = {
      width: width(el), height: 300,
      scales: { x: { time: true }, y: positive ? { distr: 3 } : {} },
      series: [{ label: 'date' }].concat(series.map(function (name, i) {
        return { label: name, stroke: COLORS[i % COLORS.length], width: 0, paths: function () { return null; },
          points: { show: true, size: 6, space: 0, fill: COLORS[i % COLORS.length] },
          value: function (u, v) { return fmt(v, d.unit); } };
      })),
      axes: [{}, { size: 80, values: function (u, vals) { return vals.map(function (v) { return fmt(v, d.unit); }); } }],
      cursor: { points: { size: 9 } },
      legend: { live: true },
    };
    var u = new uPlot(opts, [xs].concat(ys), el);
    u.over.addEventListener('click', function () {
      var i = u.cursor.idx;
      if (i != null && ids[i] != null) location.href = '/measurements/?id=' + ids[i];
    });
    el.setAttribute('data-rendered', String(xs.length));
  }

  function barChart() {
    var d = data('bar-data'), el = document.getElementById('bar');
    if (!d || !el || !d.bars.length) return;
    var xs = d.bars.map(function (_, i) { return i; }), ys = d.bars.map(function (b) { return b.value; });
    var pos = ys.filter(function (v) { return v > 0; });
    var lo = Math.min.apply(null, pos), hi = Math.max.apply(null, pos);
    // One outlier must not flatten the rest: spread over decades when the values do.
    var log = pos.length === ys.length && hi / lo > 50;
    var opts = {
      width: width(el), height: Math.max(180, Math.min(320, 60 + 18 * d.bars.length)),
      scales: { x: { time: false, range: [-0.6, d.bars.length - 0.4] },
        y: log ? { distr: 3, range: function () { return [Math.pow(10, Math.floor(Math.log10(lo))), Math.pow(10, Math.ceil(Math.log10(hi)))]; } } : { range: function (u, min, max) { return [0, max * 1.1]; } } },
      series: [{ label: 'figure', value: function (u, i) { return i == null ? '' : d.bars[i].label; } },
        { label: d.kind + ' (' + d.unit + ')', stroke: '#c99a00', fill: '#ffe680', width: 1,
          paths: uPlot.paths.bars({ size: [0.6, 80] }), points: { show: false },
          value: function (u, v) { return fmt(v, d.unit); } }],
      axes: [{ splits: function () { return xs; }, size: 40, values: function (u, vals) {
          // As many characters as a bar's slot holds; the legend shows the full label on hover.
          var room = Math.floor(u.bbox.width / devicePixelRatio / d.bars.length / 7.5);
          // Too narrow for a label per bar: label every k-th bar in full instead of all of them cut short.
          var every = room >= 6 ? 1 : Math.ceil(8 / Math.max(room, 1));
          return vals.map(function (i) {
            var b = d.bars[i];
            if (!b || i % every) return '';
            var w = room * every - 1;
            return b.short.length > w ? b.short.slice(0, Math.max(1, w - 1)) + '…' : b.short;
          });
        } },
        { size: 80, values: function (u, vals) { return vals.map(function (v) { return fmt(v, d.unit); }); } }],
      legend: { live: true },
    };
    var u = new uPlot(opts, [xs, ys], el);
    u.over.addEventListener('click', function () {
      var i = u.cursor.idx;
      if (i != null && d.bars[i]) location.href = d.bars[i].url;
    });
    el.setAttribute('data-rendered', String(xs.length));
  }

  document.addEventListener('DOMContentLoaded', function () {
    if (typeof uPlot === 'undefined') return;
    timeChart();
    barChart();
  });
})();
