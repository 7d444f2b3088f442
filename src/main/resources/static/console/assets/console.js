// Fleet Gateway console: the little the server-rendered pages need in the browser. htmx sends the CSRF token
// with every request, the overview draws its charts with uPlot from the samples the SSE stream pushes, and the
// terminal keeps its list of frames bounded.
(function () {
  'use strict';
  var MAX_FRAMES = 500;

  document.addEventListener('htmx:configRequest', function (e) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) {
      e.detail.headers['X-CSRF-TOKEN'] = meta.getAttribute('content');
    }
  });

  // Streams say when they are open (tests and screen readers wait for it), and when they dropped.
  document.addEventListener('htmx:sseOpen', function (e) {
    e.target.setAttribute('data-stream', 'open');
  });
  document.addEventListener('htmx:sseError', function (e) {
    e.target.setAttribute('data-stream', 'reconnecting');
  });

  document.addEventListener('htmx:sseMessage', function (e) {
    var list = e.target;
    if (list.id === 'frames') {
      while (list.children.length > MAX_FRAMES) {
        list.removeChild(list.firstElementChild);
      }
    }
  });

  document.addEventListener('htmx:afterRequest', function (e) {
    if (e.target.id === 'send-form' && e.detail.successful) {
      var input = document.getElementById('data');
      if (input) {
        input.select();
      }
    }
  });

  var charts = [];
  var data = null;
  var windowSize = 0;

  function chart(id, labels, colors, title) {
    var el = document.getElementById(id);
    if (!el || typeof uPlot === 'undefined') {
      return null;
    }
    var series = [{}];
    labels.forEach(function (l, i) {
      series.push({ label: l, stroke: colors[i], width: 2 });
    });
    return { el: el, plot: null, opts: {
      title: title, width: Math.max(280, el.clientWidth || 480), height: 180, series: series,
      axes: [{}, { size: 60 }], legend: { live: false }
    } };
  }

  function columns(cols) {
    return [[cols[0], cols[1], cols[2]], [cols[0], cols[3], cols[4]]];
  }

  function draw() {
    var sets = columns(data);
    charts.forEach(function (c, i) {
      if (!c) {
        return;
      }
      if (!c.plot) {
        c.plot = new uPlot(c.opts, sets[i], c.el);
      } else {
        c.plot.setData(sets[i]);
      }
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var source = document.getElementById('chart-data');
    if (!source) {
      return;
    }
    data = JSON.parse(source.textContent);
    windowSize = Math.max(30, data[0].length);
    charts = [
      chart('chart-connects', ['connects/s', 'disconnects/s'], ['#1565c0', '#c62828'], ''),
      chart('chart-traffic', ['bytes in/s', 'bytes out/s'], ['#2e7d32', '#6a1b9a'], '')
    ];
    draw();
    document.addEventListener('htmx:sseBeforeMessage', function (e) {
      if (e.detail.type !== 'sample') {
        return;
      }
      e.preventDefault();
      var point = JSON.parse(e.detail.data);
      var at = point[0][0];
      if (data[0].length && at <= data[0][data[0].length - 1]) {
        return;
      }
      for (var i = 0; i < data.length; i++) {
        data[i].push(point[i][0]);
        if (data[i].length > windowSize) {
          data[i].shift();
        }
      }
      draw();
    });
  });
})();
