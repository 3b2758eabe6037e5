// Qpal console: the team lead's reports (admins). Plain JavaScript; every chart is inline SVG drawn
// here (no library, no CDN); every text comes from locales/<lng>/console.json (`reports.*`).
import { TZ } from './js/format.js';

(() => {
  const SVG = 'http://www.w3.org/2000/svg';
  // The situations in the machine's order, from GET /console/api/lists (no copy of our own).
  let SITUATIONS = [];
  const lang = localStorage.getItem('qpal.console.lang') === 'en' ? 'en' : 'vi';
  let texts = {};
  const $ = (id) => document.getElementById(id);

  function lookup(key) {
    return key.split('.').reduce((v, k) => (v && typeof v === 'object' ? v[k] : undefined), texts);
  }
  function t(key, vars) {
    const s = lookup(key);
    if (typeof s !== 'string') return key;
    return s.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, n) => (vars && n in vars ? String(vars[n]) : m));
  }
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
    for (const c of children.flat()) if (c !== undefined && c !== null) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return el;
  }
  function s(tag, attrs, ...children) {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
    for (const c of children.flat()) if (c !== undefined && c !== null) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return el;
  }
  async function api(path) {
    const res = await fetch(`/console/api${path}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw Object.assign(new Error(body.error || String(res.status)), { status: res.status, body });
    return body;
  }

  // ---- dates (Vietnamese days) ---------------------------------------------------------------
  const dayFmt = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });
  const today = () => dayFmt.format(new Date());
  function addDays(day, n) {
    const d = new Date(`${day}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }
  function weekday(day) {
    return (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  }
  const PRESETS = {
    lastWeek: () => {
      const monday = addDays(today(), -weekday(today()) - 7);
      return { from: monday, to: addDays(monday, 6) };
    },
    last7: () => ({ from: addDays(today(), -6), to: today() }),
    last30: () => ({ from: addDays(today(), -29), to: today() }),
  };
  const shortDay = (day) => `${day.slice(8, 10)}/${day.slice(5, 7)}`;
  const fullDay = (day) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
  function duration(minutes) {
    if (minutes === null || minutes === undefined) return '—';
    const m = Math.round(minutes);
    if (m < 60) return t('reports.minutes', { n: m });
    if (m < 48 * 60) return t('reports.hoursMinutes', { h: Math.floor(m / 60), m: m % 60 });
    return t('reports.daysHours', { d: Math.floor(m / 1440), h: Math.floor((m % 1440) / 60) });
  }
  const pct = (v) => (v === null || v === undefined ? '—' : `${Math.round(v * 1000) / 10}%`);

  // ---- charts ---------------------------------------------------------------------------------
  /** Stacked columns: one per bucket, one colour per series. */
  function stackedColumns(buckets, series, valueOf, label) {
    const W = 640, H = 220, left = 32, bottom = 24, top = 8;
    const totals = buckets.map((b) => series.reduce((n, k) => n + valueOf(b, k), 0));
    const max = Math.max(1, ...totals);
    const bw = (W - left) / Math.max(1, buckets.length);
    const svg = s('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label, 'data-chart': 'per-bucket' });
    svg.append(s('text', { x: 0, y: top + 10 }, String(max)), s('text', { x: 0, y: H - bottom }, '0'));
    buckets.forEach((b, i) => {
      let y = H - bottom;
      series.forEach((k, j) => {
        const v = valueOf(b, k);
        if (!v) return;
        const hgt = (v / max) * (H - bottom - top);
        y -= hgt;
        svg.append(s('rect', { class: `c${j % 6}`, x: left + i * bw + 2, y, width: Math.max(1, bw - 4), height: hgt }, s('title', {}, `${shortDay(b.start)} · ${t(`situation.${k}`)}: ${v}`)));
      });
      if (buckets.length <= 31 || i % Math.ceil(buckets.length / 16) === 0) {
        svg.append(s('text', { x: left + i * bw + bw / 2, y: H - 8, 'text-anchor': 'middle' }, shortDay(b.start)));
      }
      svg.append(s('text', { x: left + i * bw + bw / 2, y: y - 2, 'text-anchor': 'middle', 'data-total': b.start }, totals[i] ? String(totals[i]) : ''));
    });
    return svg;
  }
  /** Horizontal bars with their value (and share of the total). */
  function bars(entries, name) {
    const total = entries.reduce((n, e) => n + e.value, 0);
    const max = Math.max(1, ...entries.map((e) => e.value));
    const W = 640, row = 22, labelW = 260;
    const svg = s('svg', { class: 'chart', viewBox: `0 0 ${W} ${Math.max(row, entries.length * row)}`, role: 'img', 'aria-label': name, 'data-chart': name });
    entries.forEach((e, i) => {
      const y = i * row;
      const w = ((W - labelW - 110) * e.value) / max;
      svg.append(
        s('text', { x: 0, y: y + 15 }, e.label),
        s('rect', { class: 'bar-bg', x: labelW, y: y + 4, width: W - labelW - 110, height: 14 }),
        s('rect', { class: `c${i % 6}`, x: labelW, y: y + 4, width: Math.max(0, w), height: 14, 'data-key': e.key, 'data-value': e.value }),
        s('text', { x: W - 104, y: y + 15 }, `${e.value}${total ? ` (${pct(e.value / total)})` : ''}`),
      );
    });
    return svg;
  }
  function line(buckets, valueOf, name) {
    const W = 640, H = 160, left = 32, bottom = 24, top = 10;
    const values = buckets.map(valueOf);
    const max = Math.max(1, ...values);
    const x = (i) => left + (buckets.length <= 1 ? (W - left) / 2 : (i * (W - left - 10)) / (buckets.length - 1));
    const y = (v) => H - bottom - (v / max) * (H - bottom - top);
    const svg = s('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': name, 'data-chart': 'backlog' });
    svg.append(s('text', { x: 0, y: top + 4 }, String(max)), s('text', { x: 0, y: H - bottom }, '0'));
    svg.append(s('polyline', { class: 'line', points: values.map((v, i) => `${x(i)},${y(v)}`).join(' ') }));
    values.forEach((v, i) => {
      svg.append(s('circle', { class: 'c0', cx: x(i), cy: y(v), r: 3 }, s('title', {}, `${shortDay(buckets[i].start)}: ${v}`)));
      if (buckets.length <= 31 || i % Math.ceil(buckets.length / 16) === 0) svg.append(s('text', { x: x(i), y: H - 8, 'text-anchor': 'middle' }, shortDay(buckets[i].start)));
    });
    return svg;
  }
  function legend(keys, labelOf) {
    return h('ul', { class: 'legend' }, keys.map((k, j) => h('li', {}, h('i', { class: `c${j % 6}` }), labelOf(k))));
  }
  const card = (title, id, ...content) => h('section', { class: 'card', id }, h('h2', {}, title), ...content);
  const kpi = (label, value, id) => h('div', { class: 'kpi', id }, h('strong', {}, value), label);

  // ---- page -----------------------------------------------------------------------------------
  function query() {
    return new URLSearchParams({ from: $('from').value, to: $('to').value, group: $('group').value });
  }
  function render(r) {
    const main = $('report');
    main.replaceChildren();
    const keys = (o) => Object.keys(o);
    const resolutions = keys(r.byResolution).filter((k) => r.byResolution[k]);
    const slaCard = (level) => {
      const f = r.sla[level];
      return h('div', { class: 'kpi', id: `sla-${level}`, 'data-met': f.met, 'data-judged': f.judged },
        h('strong', {}, f.judged ? pct(f.metShare) : '—'),
        h('div', {}, `${t(`sla.level.${level}`)} · ${t('reports.slaMetPct')}`),
        h('div', { class: 'small' }, f.judged || f.pending ? t('reports.slaLine', f) : t('reports.noCases')));
    };
    main.append(h('p', { class: 'small', id: 'period' }, t('reports.period', { from: fullDay(r.period.from), to: fullDay(r.period.to) }), ' · ',
      t('reports.generated', { time: new Date(r.generatedAt).toLocaleString(lang === 'en' ? 'en-GB' : 'vi-VN', { timeZone: TZ }) })));
    main.append(h('div', { class: 'report-grid' },
      card(t('reports.total'), 'kpis', h('div', { class: 'kpis' },
        kpi(t('reports.total'), r.tickets, 'kpi-tickets'),
        kpi(t('reports.handoffCount'), r.handoffs, 'kpi-handoffs'),
        kpi(t('reports.backlogNow'), r.backlogNow, 'kpi-backlog'),
        kpi(t('reports.csatAverage'), r.csat.average === null ? '—' : `${r.csat.average}/5`, 'kpi-csat'))),
      card(t('reports.perBucket'), 'per-bucket', stackedColumns(r.buckets, SITUATIONS, (b, k) => b.bySituation[k], t('reports.perBucket')), legend(SITUATIONS, (k) => t(`situation.${k}`))),
      card(t('reports.sla'), 'sla', h('div', { class: 'kpis' }, slaCard('firstResponse'), slaCard('deadline'))),
      card(t('reports.times'), 'times', h('table', {},
        h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', {}, t('reports.median')), h('th', {}, t('reports.p90')), h('th', {}, t('reports.count')))),
        h('tbody', {},
          h('tr', { id: 'time-first-reply' }, h('td', {}, t('reports.firstReply')), h('td', {}, duration(r.firstHumanReply.medianMinutes)), h('td', {}, duration(r.firstHumanReply.p90Minutes)), h('td', {}, r.firstHumanReply.count)),
          h('tr', { id: 'time-close' }, h('td', {}, t('reports.toClose')), h('td', {}, duration(r.close.medianMinutes)), h('td', {}, duration(r.close.p90Minutes)), h('td', {}, r.close.count))))),
      card(t('reports.bySituation'), 'by-situation', bars(SITUATIONS.map((k) => ({ key: k, label: t(`situation.${k}`), value: r.bySituation[k] })), 'situations')),
      card(t('reports.byResolution'), 'by-resolution', resolutions.length ? bars(resolutions.map((k) => ({ key: k, label: t(`resolution.${k}`), value: r.byResolution[k] })), 'resolutions') : h('p', { class: 'muted' }, t('reports.noData'))),
      card(t('reports.branches'), 'branches', bars(keys(r.branches).filter((k) => r.branches[k]).map((k) => ({ key: k, label: t(`reports.branch.${k}`), value: r.branches[k] })), 'branches')),
      card(t('reports.handoffReasons'), 'handoff-reasons', h('p', { class: 'small' }, t('reports.handoffs', { n: r.handoffs })),
        bars(keys(r.handoffReasons).map((k) => ({ key: k, label: t(`handoffReason.${k}`), value: r.handoffReasons[k] })), 'handoff-reasons')),
      card(t('reports.backlog'), 'backlog', line(r.buckets, (b) => b.backlog, t('reports.backlog'))),
      card(t('reports.csat'), 'csat', h('p', { class: 'small', id: 'csat-line' }, r.csat.answered
        ? t('reports.csatLine', { avg: r.csat.average, pct: Math.round(r.csat.satisfiedShare * 1000) / 10, answered: r.csat.answered, skipped: r.csat.skipped })
        : t('reports.noData')),
        bars(['5', '4', '3', '2', '1'].map((k) => ({ key: k, label: `${k}/5`, value: r.csat.ratings[k] })), 'csat'))));
  }
  async function load() {
    $('error').hidden = true;
    const q = query();
    history.replaceState(null, '', `?${q}`);
    $('csv').href = `/console/api/admin/reports.csv?${q}&lang=${lang}`;
    try {
      render(await api(`/admin/reports?${q}`));
    } catch (err) {
      $('error').textContent = err.status === 401 ? t('reports.signIn') : err.status === 403 ? t('reports.adminOnly') : t(`reports.errors.${err.message}`, err.body);
      $('error').hidden = false;
    }
  }
  function setPeriod(p) {
    $('from').value = p.from;
    $('to').value = p.to;
  }

  async function start() {
    texts = await api(`/texts/${lang}`).catch(() => ({}));
    document.documentElement.lang = lang;
    document.title = t('reports.title');
    $('title').textContent = t('reports.title');
    $('back').textContent = t('reports.back');
    for (const [id, key] of [['l-from', 'from'], ['l-to', 'to'], ['l-group', 'group'], ['o-day', 'byDay'], ['o-week', 'byWeek'], ['show', 'show'], ['csv', 'csvExport']]) $(id).textContent = t(`reports.${key}`);
    for (const p of Object.keys(PRESETS)) $(`p-${p}`).textContent = t(`reports.presets.${p}`);
    try {
      const me = await api('/me');
      if (me.agent.role !== 'admin') throw Object.assign(new Error('forbidden'), { status: 403 });
      SITUATIONS = (await api('/lists')).situations;
    } catch (err) {
      $('error').textContent = err.status === 403 ? t('reports.adminOnly') : t('reports.signIn');
      $('error').hidden = false;
      return;
    }
    const params = new URLSearchParams(location.search);
    setPeriod(params.get('from') && params.get('to') ? { from: params.get('from'), to: params.get('to') } : PRESETS.lastWeek());
    if (params.get('group') === 'week') $('group').value = 'week';
    $('filter').hidden = false;
    $('filter').addEventListener('submit', (e) => {
      e.preventDefault();
      void load();
    });
    for (const b of document.querySelectorAll('[data-preset]')) {
      b.addEventListener('click', () => {
        setPeriod(PRESETS[b.dataset.preset]());
        void load();
      });
    }
    await load();
  }
  void start();
})();
