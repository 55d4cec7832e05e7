/* Shared by the dashboard pages: states, colours, formatting and fetching. No external code. */
'use strict';

var PM = (function () {
  var STATES = ['PENDING', 'QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'];
  var COLOURS = { PENDING: '#c4c9d0', QUEUED: '#8ab4f8', RUNNING: '#f9ab00', COMPLETED: '#1e8e3e', FAILED: '#d93025', CANCELLED: '#5f6368' };
  var POLL_MS = 2000;

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === 'text') { e.textContent = attrs[k]; } else if (k === 'cls') { e.className = attrs[k]; } else { e.setAttribute(k, attrs[k]); }
      });
    }
    (children || []).forEach(function (c) { if (c) { e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); } });
    return e;
  }

  function swatch(state) {
    var s = el('span', { cls: 'swatch' });
    s.style.background = COLOURS[state];
    return s;
  }

  function legend(container) {
    container.textContent = '';
    STATES.forEach(function (st) { container.appendChild(el('span', null, [swatch(st), st])); });
  }

  function int(n) { return n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US'); }
  function fixed(n, d) { return n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }); }
  function percent(f) { return (100 * f).toFixed(1) + '%'; }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) { return 'unknown'; }
    if (seconds === 0) { return 'done'; }
    var s = Math.round(seconds);
    if (s < 60) { return s + 's'; }
    if (s < 3600) { return Math.floor(s / 60) + 'm' + String(s % 60).padStart(2, '0') + 's'; }
    if (s < 86400 * 2) { return Math.floor(s / 3600) + 'h' + String(Math.floor((s % 3600) / 60)).padStart(2, '0') + 'm'; }
    return Math.floor(s / 86400) + 'd' + String(Math.floor((s % 86400) / 3600)).padStart(2, '0') + 'h';
  }

  function ago(iso) {
    if (!iso) { return 'never'; }
    var t = new Date(iso);
    var s = Math.max(0, (Date.now() - t.getTime()) / 1000);
    return t.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') + ' (' + duration(s === 0 ? 1 : s) + ' ago)';
  }

  function getJson(url) {
    return fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-cache' })
      .then(function (r) {
        if (!r.ok) { throw new Error(url + ': HTTP ' + r.status); }
        return r.json();
      });
  }

  /** Calls step() now and every POLL_MS after it settles; marks the page stale while it fails. */
  function poll(step) {
    var live = document.getElementById('live');
    function run() {
      Promise.resolve().then(step).then(function () {
        live.textContent = 'live · updated ' + new Date().toLocaleTimeString('en-GB');
        live.classList.remove('stale');
      }, function (err) {
        live.textContent = 'not updating: ' + err.message + ' (retrying)';
        live.classList.add('stale');
      }).then(function () { setTimeout(run, POLL_MS); });
    }
    run();
  }

  /** Jobs per state as badges; built once, then only their numbers change. */
  function counts(container, c, idPrefix) {
    if (container.childElementCount !== STATES.length) {
      container.textContent = '';
      STATES.forEach(function (st) {
        var n = el('b', { 'data-state': st });
        if (idPrefix) { n.id = idPrefix + st; }
        container.appendChild(el('span', { cls: 'count', title: st }, [swatch(st), st.toLowerCase() + ' ', n]));
      });
    }
    STATES.forEach(function (st, i) {
      var n = container.children[i].lastChild;
      var text = int(c[st]);
      if (n.textContent !== text) { n.textContent = text; }
    });
  }

  return { STATES: STATES, COLOURS: COLOURS, el: el, swatch: swatch, legend: legend, int: int, fixed: fixed,
    percent: percent, duration: duration, ago: ago, getJson: getJson, poll: poll, counts: counts };
}());
