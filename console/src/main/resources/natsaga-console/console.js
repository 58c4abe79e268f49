// natsaga console: live charts on the streams page. Vanilla JS, no library; loaded from this jar.
(function () {
  'use strict';
  var WINDOW = 60;        // points kept
  var PERIOD_MS = 2000;   // poll interval

  function draw(canvas, series) {
    var ctx = canvas.getContext('2d');
    var w = canvas.width, h = canvas.height, pad = 24;
    ctx.clearRect(0, 0, w, h);
    var max = 1;
    series.forEach(function (s) { s.points.forEach(function (v) { if (v > max) { max = v; } }); });
    ctx.strokeStyle = '#e6e8ec';
    ctx.fillStyle = '#6b7385';
    ctx.font = '11px sans-serif';
    ctx.beginPath(); ctx.moveTo(pad, pad / 2); ctx.lineTo(pad, h - pad); ctx.lineTo(w - 4, h - pad); ctx.stroke();
    ctx.fillText(max.toFixed(max < 10 ? 1 : 0) + '/s', 2, 10);
    series.forEach(function (s, i) {
      ctx.strokeStyle = s.color;
      ctx.beginPath();
      s.points.forEach(function (v, j) {
        var x = pad + (w - pad - 4) * j / (WINDOW - 1);
        var y = (h - pad) - (h - pad * 1.5) * v / max;
        if (j === 0) { ctx.moveTo(x, y); } else { ctx.lineTo(x, y); }
      });
      ctx.stroke();
      ctx.fillStyle = s.color;
      ctx.fillText(s.label + ' ' + (s.points.length ? s.points[s.points.length - 1].toFixed(1) : '0') + '/s', pad + 8 + i * 170, h - 6);
    });
  }

  function start() {
    var throughput = document.getElementById('chart-throughput');
    var failures = document.getElementById('chart-failures');
    if (!throughput || !failures) { return; }
    var last = null;
    var stored = { label: 'stored', color: '#2d5bd7', points: [] };
    var dead = { label: 'dead-lettered', color: '#c23b3b', points: [] };
    var retried = { label: 'retried', color: '#d08a00', points: [] };
    function push(series, value) {
      series.points.push(Math.max(0, value));
      if (series.points.length > WINDOW) { series.points.shift(); }
    }
    function poll() {
      fetch('/api/stats', { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(function (now) {
        if (last) {
          var secs = Math.max(0.001, (now.at - last.at) / 1000);
          push(stored, (now.stored - last.stored) / secs);
          push(dead, (now.deadLettered - last.deadLettered) / secs);
          if (now.retried !== undefined) { push(retried, (now.retried - last.retried) / secs); }
        }
        last = now;
        draw(throughput, [stored]);
        draw(failures, now.retried === undefined ? [dead] : [dead, retried]);
        throughput.setAttribute('data-samples', String(stored.points.length));
        throughput.setAttribute('data-peak', String(Math.max.apply(null, [0].concat(stored.points))));
      }).catch(function () { /* the next poll tries again */ });
    }
    poll();
    setInterval(poll, PERIOD_MS);
  }

  document.addEventListener('DOMContentLoaded', start);
}());
