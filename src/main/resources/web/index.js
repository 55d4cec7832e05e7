/* The productions list: one row per production, refreshed every two seconds. */
'use strict';

(function () {
  var tbody = document.querySelector('#productions tbody');
  var empty = document.getElementById('empty');

  function row(p) {
    var el = PM.el;
    var bar = el('div', { cls: 'progress' }, [el('div', { cls: 'bar' }), el('span', { text: PM.percent(p.completed_fraction) })]);
    bar.firstChild.style.width = (100 * p.completed_fraction) + '%';
    var counts = el('div', { cls: 'counts' });
    PM.counts(counts, p.counts, null);
    var nh = p.node_hours;
    return el('tr', { 'data-name': p.name }, [
      el('td', null, [el('a', { href: p.links.page, text: p.name })]),
      el('td', { text: p.version }),
      el('td', { text: p.machine }),
      el('td', null, [el('code', { text: p.tag || '–' })]),
      el('td', { title: 'from ' + p.intent_source }, [el('span', { cls: 'intent', text: p.intent })]),
      el('td', null, [bar]),
      el('td', null, [counts]),
      el('td', { cls: 'num', text: PM.fixed(p.rate_per_minute, 1) + '/min' }),
      el('td', { cls: 'num', text: PM.duration(p.eta_seconds) }),
      el('td', { cls: 'num', text: PM.fixed(nh.used, 1) + ' / ' + PM.fixed(nh.reserved, 1) }),
      el('td', { text: PM.ago(p.last_change) })
    ]);
  }

  PM.poll(function () {
    return PM.getJson('/api/productions').then(function (doc) {
      tbody.textContent = '';
      doc.productions.forEach(function (p) { tbody.appendChild(row(p)); });
      empty.hidden = doc.productions.length > 0;
    });
  });
}());
