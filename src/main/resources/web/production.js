/* One production: summary, the realization x redshift grid on a canvas, failures, scheduler calls, timeline. */
'use strict';

(function () {
  var name = decodeURIComponent(location.pathname.replace(/^\/productions\//, '').replace(/\/$/, ''));
  var api = '/api/productions/' + encodeURIComponent(name);
  var CODES = { P: 'PENDING', Q: 'QUEUED', R: 'RUNNING', C: 'COMPLETED', F: 'FAILED', X: 'CANCELLED' };
  var LABEL_W = 58;      // left margin for redshift labels
  var BAND_HEAD = 16;    // room for a band's realization range
  var MAX_HEIGHT = 720;  // the grid is fitted within this height when it can be

  var canvas = document.getElementById('grid');
  var box = document.getElementById('gridbox');
  var tip = document.getElementById('tip');
  var detail = document.getElementById('detail');
  var grid = null;       // last /grid document
  var lay = null;        // layout of the drawn grid
  var details = {};      // job details by cell key, for the current grid version
  var hoverTimer = null;
  var tick = 0;

  document.getElementById('name').textContent = name;
  document.title = name + ' · production-manager';
  PM.legend(document.getElementById('legend'));
  PM.legend(document.getElementById('timelinelegend'));

  // ------------------------------------------------------------------ summary

  function showSummary(p) {
    var meta = document.getElementById('meta');
    meta.textContent = '';
    meta.appendChild(PM.el('span', { text: 'version ' + p.version + ' · machine ' + p.machine + ' · executor ' + p.executor
      + ' · tag ' + (p.tag || '(none)') + ' · intent ' }));
    meta.appendChild(PM.el('span', { cls: 'intent', title: 'from ' + p.intent_source, text: p.intent }));
    meta.appendChild(PM.el('span', { text: (p.submit_hold ? ' · on hold: ' + p.submit_hold : '') + ' · ' + p.path }));
    document.getElementById('bar').style.width = (100 * p.completed_fraction) + '%';
    document.getElementById('percent').textContent = PM.percent(p.completed_fraction) + ' · '
      + PM.int(p.counts.COMPLETED) + ' of ' + PM.int(p.total) + ' completed';
    PM.counts(document.getElementById('counts'), p.counts, 'count-');
    document.getElementById('success').textContent = PM.percent(p.success_rate) + ' of finished jobs';
    document.getElementById('rate').textContent = PM.fixed(p.rate_per_minute, 1) + ' jobs/min (last 10 min)';
    document.getElementById('eta').textContent = PM.duration(p.eta_seconds) + ' (' + PM.int(p.remaining) + ' to run)';
    document.getElementById('nodehours').textContent = PM.fixed(p.node_hours.used, 2) + ' / ' + PM.fixed(p.node_hours.reserved, 2)
      + ' (' + PM.int(p.node_hours.attempts) + ' started attempts × ' + p.node_hours.nodes_per_job + ' node)';
    document.getElementById('lastchange').textContent = PM.ago(p.last_change);
    showFailures(p.failures_by_reason);
    showScheduler(p.scheduler);
  }

  function showFailures(groups) {
    var tbody = document.querySelector('#failures tbody');
    tbody.textContent = '';
    groups.forEach(function (g) {
      tbody.appendChild(PM.el('tr', { 'data-code': g.code }, [
        PM.el('td', null, [PM.el('code', { text: g.code })]),
        PM.el('td', { cls: 'num', text: PM.int(g.count) }),
        PM.el('td', { cls: 'muted', text: g.examples.join(' · ') })]));
    });
    document.getElementById('nofailures').hidden = groups.length > 0;
  }

  function showScheduler(s) {
    var tbody = document.querySelector('#scheduler tbody');
    tbody.textContent = '';
    Object.keys(s.commands).forEach(function (cmd) {
      var c = s.commands[cmd];
      tbody.appendChild(PM.el('tr', null, [PM.el('td', null, [PM.el('code', { text: cmd })]),
        PM.el('td', { cls: 'num', text: PM.int(c.calls) }), PM.el('td', { cls: 'num', text: PM.int(c.errors) }),
        PM.el('td', { cls: 'num', text: PM.fixed(c.mean_ms, 1) }), PM.el('td', { cls: 'num', text: PM.fixed(c.max_ms, 1) })]));
    });
    document.getElementById('schedulerscope').textContent = Object.keys(s.commands).length === 0
      ? 'No scheduler call yet (' + s.scope + ').' : 'Counted by ' + s.scope + '.';
  }

  // ------------------------------------------------------------------ grid

  function layout(nR, nZ, width) {
    var usable = Math.max(60, width - LABEL_W);
    for (var s = 24; s >= 2; s--) {
      var perBand = Math.max(1, Math.floor(usable / s));
      var bands = Math.max(1, Math.ceil(nR / perBand));
      var bandH = BAND_HEAD + nZ * s + 6;
      if (bands * bandH <= MAX_HEIGHT || s === 2) {
        var cols = Math.min(nR, perBand);
        return { s: s, gap: s >= 8 ? 1 : 0, perBand: perBand, bands: bands, bandH: bandH, nR: nR, nZ: nZ,
          width: LABEL_W + cols * s, height: bands * bandH };
      }
    }
    return null;
  }

  function cellOrigin(ri, zi) {
    var band = Math.floor(ri / lay.perBand);
    return { x: LABEL_W + (ri % lay.perBand) * lay.s, y: band * lay.bandH + BAND_HEAD + zi * lay.s };
  }

  function cellAt(x, y) {
    if (!lay || x < LABEL_W) { return null; }
    var band = Math.floor(y / lay.bandH);
    var yIn = y - band * lay.bandH - BAND_HEAD;
    if (band < 0 || band >= lay.bands || yIn < 0) { return null; }
    var zi = Math.floor(yIn / lay.s);
    var ri = band * lay.perBand + Math.floor((x - LABEL_W) / lay.s);
    if (zi >= lay.nZ || ri >= lay.nR || (x - LABEL_W) >= lay.perBand * lay.s) { return null; }
    return { ri: ri, zi: zi };
  }

  function zLabel(z) { return 'z=' + (Math.round(z * 1000) / 1000); }

  var drawMs = null;     // how long the last grid drawing took

  function draw() {
    var started = performance.now();
    var nR = grid.realizations.length;
    var nZ = grid.redshifts.length;
    lay = layout(nR, nZ, box.clientWidth || 1000);
    if (!lay) { return; }
    var dpr = window.devicePixelRatio || 1;
    canvas.style.width = lay.width + 'px';
    canvas.style.height = lay.height + 'px';
    canvas.width = Math.round(lay.width * dpr);
    canvas.height = Math.round(lay.height * dpr);
    var ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    paintCells(ctx, dpr);
    ctx.font = '10px system-ui, sans-serif';
    ctx.fillStyle = '#5f6368';
    ctx.textBaseline = 'middle';
    for (var b = 0; b < lay.bands; b++) {
      var first = b * lay.perBand;
      var last = Math.min(nR, first + lay.perBand) - 1;
      var top = b * lay.bandH;
      ctx.fillText('realizations ' + grid.realizations[first] + '–' + grid.realizations[last], LABEL_W, top + BAND_HEAD / 2);
      if (lay.s >= 10) {
        for (var zi = 0; zi < nZ; zi++) { ctx.fillText(zLabel(grid.redshifts[zi]), 2, top + BAND_HEAD + zi * lay.s + lay.s / 2); }
      } else {
        ctx.fillText(zLabel(grid.redshifts[0]), 2, top + BAND_HEAD + lay.s / 2);
        if (nZ > 1) { ctx.fillText(zLabel(grid.redshifts[nZ - 1]), 2, top + BAND_HEAD + (nZ - 0.5) * lay.s); }
      }
    }
    drawMs = performance.now() - started;
    if (performance.getEntriesByName('pm-grid-drawn').length === 0) { performance.mark('pm-grid-drawn'); }
  }

  /**
   * Every cell straight into the canvas's pixels (one typed-array write per pixel, no drawing call per cell):
   * 40,000 cells take a few milliseconds. Replaces the whole canvas, so it runs before the labels.
   */
  function paintCells(ctx, dpr) {
    var img = ctx.createImageData(canvas.width, canvas.height);
    var px = new Uint32Array(img.data.buffer);
    var rgba = {};
    Object.keys(CODES).forEach(function (code) {
      var hex = PM.COLOURS[CODES[code]];
      var r = parseInt(hex.substr(1, 2), 16), g = parseInt(hex.substr(3, 2), 16), b = parseInt(hex.substr(5, 2), 16);
      rgba[code.charCodeAt(0)] = ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;  // little-endian RGBA
    });
    var states = grid.states;
    var nZ = grid.redshifts.length;
    var size = Math.max(1, Math.round((lay.s - lay.gap) * dpr));
    var stride = canvas.width;
    for (var k = 0; k < states.length; k++) {
      var colour = rgba[states.charCodeAt(k)];
      if (colour === undefined) { continue; }
      var o = cellOrigin(Math.floor(k / nZ), k % nZ);
      var x0 = Math.round(o.x * dpr);
      var y0 = Math.round(o.y * dpr);
      for (var y = 0; y < size; y++) {
        var row = (y0 + y) * stride + x0;
        for (var x = 0; x < size; x++) { px[row + x] = colour; }
      }
    }
    ctx.putImageData(img, 0, 0);
  }

  function cellKey(c) { return c.ri + ':' + c.zi; }

  function jobAt(c) {
    var key = cellKey(c);
    if (details[key]) { return Promise.resolve(details[key]); }
    var url = api + '/jobs?realization=' + grid.realizations[c.ri] + '&redshift=' + grid.redshifts[c.zi] + '&limit=1';
    return PM.getJson(url).then(function (doc) {
      var job = doc.jobs[0] || null;
      details[key] = job;
      return job;
    });
  }

  function describe(job) {
    var lines = [job.id + ' · ' + job.state + ' · attempt ' + job.attempt];
    if (job.reason) { lines.push('reason: ' + job.reason); }
    if (job.exit_code !== null && job.exit_code !== undefined) { lines.push('exit code ' + job.exit_code); }
    if (job.next_attempt_at) { lines.push('retry at ' + job.next_attempt_at); }
    return lines.join('\n');
  }

  function showTip(c, x, y) {
    var state = CODES[grid.states.charAt(c.ri * grid.redshifts.length + c.zi)] || 'no job';
    tip.textContent = 'realization ' + grid.realizations[c.ri] + ' · ' + zLabel(grid.redshifts[c.zi]) + ' · ' + state;
    tip.style.left = Math.min(x + 14, Math.max(0, box.clientWidth - 300)) + 'px';
    tip.style.top = (y + 14) + 'px';
    tip.hidden = false;
    clearTimeout(hoverTimer);
    hoverTimer = setTimeout(function () {
      jobAt(c).then(function (job) {
        if (job && !tip.hidden && tip.dataset.cell === cellKey(c)) { tip.textContent = describe(job); }
      }, function () { /* the live marker reports connection problems */ });
    }, 80);
    tip.dataset.cell = cellKey(c);
  }

  function showDetail(job) {
    detail.textContent = '';
    if (!job) { detail.hidden = true; return; }
    var dl = PM.el('dl');
    function row(k, v) { if (v !== null && v !== undefined && v !== '') { dl.appendChild(PM.el('dt', { text: k })); dl.appendChild(PM.el('dd', null, [v])); } }
    row('job', job.id);
    row('state', job.state);
    row('attempt', String(job.attempt));
    row('reason', job.reason);
    row('exit code', job.exit_code === null ? null : String(job.exit_code));
    row('scheduler id', job.slurm_id);
    row('started', job.started_at);
    row('finished', job.finished_at);
    row('next attempt', job.next_attempt_at);
    var logs = PM.el('span');
    [['stdout', job.log.out], ['stderr', job.log.err]].forEach(function (l) {
      if (l[1]) { logs.appendChild(PM.el('a', { href: l[1], target: '_blank', rel: 'noopener', cls: 'log-' + l[0], text: l[0] })); logs.appendChild(document.createTextNode(' ')); }
    });
    if (!logs.firstChild) { logs.textContent = job.log.batch ? job.log.batch + ': no log file yet' : 'not submitted yet'; }
    row('latest log', logs);
    detail.appendChild(PM.el('h3', { text: job.id }));
    detail.appendChild(dl);
    detail.dataset.job = job.id;
    detail.hidden = false;
  }

  function pointer(ev) {
    var r = canvas.getBoundingClientRect();
    var b = box.getBoundingClientRect();
    return { c: cellAt(ev.clientX - r.left, ev.clientY - r.top), x: ev.clientX - b.left, y: ev.clientY - b.top };
  }

  canvas.addEventListener('mousemove', function (ev) {
    var p = pointer(ev);
    if (p.c) { showTip(p.c, p.x, p.y); } else { tip.hidden = true; }
  });
  canvas.addEventListener('mouseleave', function () { tip.hidden = true; });
  canvas.addEventListener('click', function (ev) {
    var p = pointer(ev);
    if (p.c) {
      jobAt(p.c).then(showDetail, function () { /* reported by the live marker */ });
    }
  });
  window.addEventListener('resize', function () { if (grid) { draw(); } });

  // ------------------------------------------------------------------ timeline

  function drawTimeline(doc) {
    var c = document.getElementById('timeline');
    var w = c.clientWidth || 800;
    var h = c.clientHeight || 220;
    var dpr = window.devicePixelRatio || 1;
    c.width = Math.round(w * dpr);
    c.height = Math.round(h * dpr);
    var ctx = c.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    var pts = doc.points;
    var range = document.getElementById('timelinerange');
    if (pts.length === 0) { range.textContent = 'No job has changed state yet.'; return; }
    var t0 = Date.parse(pts[0].at);
    var t1 = Math.max(Date.parse(pts[pts.length - 1].at), t0 + 1000);
    var total = pts[0].counts.reduce(function (a, b) { return a + b; }, 0) || 1;
    var L = 4, R = 4, T = 6, B = 6;
    function X(t) { return L + (w - L - R) * (t - t0) / (t1 - t0); }
    function Y(n) { return h - B - (h - T - B) * n / total; }
    // stacked from the bottom: finished states first
    var order = [3, 4, 5, 2, 1, 0];
    var base = pts.map(function () { return 0; });
    order.forEach(function (s) {
      var topv = pts.map(function (p, i) { return base[i] + p.counts[s]; });
      ctx.beginPath();
      ctx.moveTo(X(t0), Y(base[0]));
      for (var i = 0; i < pts.length; i++) {
        var x = X(Date.parse(pts[i].at));
        if (i > 0) { ctx.lineTo(x, Y(topv[i - 1])); }
        ctx.lineTo(x, Y(topv[i]));
      }
      ctx.lineTo(X(t1), Y(topv[pts.length - 1]));
      ctx.lineTo(X(t1), Y(base[pts.length - 1]));
      for (var j = pts.length - 1; j >= 0; j--) {
        var xb = X(Date.parse(pts[j].at));
        ctx.lineTo(xb, Y(base[j]));
        if (j > 0) { ctx.lineTo(xb, Y(base[j - 1])); }
      }
      ctx.closePath();
      ctx.fillStyle = PM.COLOURS[PM.STATES[s]];
      ctx.fill();
      base = topv;
    });
    range.textContent = pts[0].at + ' → ' + pts[pts.length - 1].at + ' · ' + PM.int(total) + ' jobs';
  }

  // ------------------------------------------------------------------ live

  function refresh() {
    var summary = PM.getJson(api).then(showSummary);
    var cells = PM.getJson(api + '/grid').then(function (g) {
      if (!grid || g.version !== grid.version || g.states !== grid.states) {
        grid = g;
        details = {};
        draw();
      }
    });
    var steps = [summary, cells];
    if (tick++ % 5 === 0) { steps.push(PM.getJson(api + '/timeline').then(drawTimeline)); }
    return Promise.all(steps);
  }

  // for tests and scripts: the drawn grid, and the colour actually painted at a cell
  window.pmDashboard = {
    grid: function () { return grid; },
    drawMs: function () { return drawMs; },
    layout: function () { return lay; },
    cellCentre: function (ri, zi) {
      var o = cellOrigin(ri, zi);
      return { x: o.x + (lay.s - lay.gap) / 2, y: o.y + (lay.s - lay.gap) / 2 };
    },
    colourAt: function (ri, zi) {
      var p = this.cellCentre(ri, zi);
      var dpr = window.devicePixelRatio || 1;
      var d = canvas.getContext('2d').getImageData(Math.floor(p.x * dpr), Math.floor(p.y * dpr), 1, 1).data;
      return '#' + [d[0], d[1], d[2]].map(function (v) { return v.toString(16).padStart(2, '0'); }).join('');
    }
  };

  PM.poll(refresh);
}());
