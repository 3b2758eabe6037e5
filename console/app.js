// Qpal agent console: plain JavaScript, no framework. Every text comes from
// locales/<lng>/console.json (GET /console/api/texts/<lng>); every change sends the session's CSRF
// token; live updates arrive as server-sent events. Data is put into the page with textContent only.
'use strict';

(() => {
  const TZ = 'Asia/Ho_Chi_Minh';
  const RESOLUTIONS = [
    'agent_resolved', 'fraud_refused', 'wrong_account', 'provider_contact', 'provider_investigation',
    'used_after_purchase', 'used_before_purchase', 'issuer_error', 'reenter_code', 'card_shell_invalid',
    'expired', 'out_of_scope',
  ];
  const SITUATIONS = ['success_not_credited', 'failed_card_used', 'failed_card_not_found', 'failed_card_inactive', 'failed_other', 'other'];
  const PHONE_FIELDS = ['customerName', 'situation', 'service', 'denomination', 'serial', 'purchasePlace', 'transactionAt', 'statusText', 'phone', 'email'];

  const state = {
    lang: localStorage.getItem('qpal.console.lang') === 'en' ? 'en' : 'vi',
    texts: {},
    me: null,
    csrf: null,
    route: { name: 'queue', arg: 'waiting' },
    caseData: null,
    drafts: { reply: '', note: '', resolveResolution: { code: '', value: '' }, resolveMessage: '', callNote: '' },
    panel: null, // 'resolve' | 'call' | null
    events: null,
    online: undefined, // live event stream: true / false (retrying) / not started
    summary: null, // { counts, waiting: [code], mine: [{ code, conversation }] } from /queue/summary
    unread: {}, // conversation key → customer messages on a held case not yet seen
    tookCode: null, // a case this agent just took: not "new work" for them
  };
  const work = window.QpalWork;

  // ---- helpers ------------------------------------------------------------------------------
  const $ = (id) => document.getElementById(id);
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'value') el.value = v;
      else if (v === true) el.setAttribute(k, '');
      else el.setAttribute(k, String(v));
    }
    for (const c of children.flat()) {
      if (c === undefined || c === null || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }
  function lookup(texts, key) {
    return key.split('.').reduce((v, k) => (v && typeof v === 'object' ? v[k] : undefined), texts);
  }
  function t(key, vars) {
    let s = lookup(state.texts[state.lang], key);
    if (typeof s !== 'string') s = lookup(state.texts.vi, key);
    if (typeof s !== 'string') return key;
    return s.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, n) => (vars && n in vars ? String(vars[n]) : m));
  }
  const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric', hourCycle: 'h23' });
  function dt(v) {
    if (!v) return '';
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) return String(v);
    const p = Object.fromEntries(fmt.formatToParts(d).map((x) => [x.type, x.value]));
    return `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}`;
  }
  const vnd = (n) => `${new Intl.NumberFormat('vi-VN').format(n)}đ`;

  let flashTimer;
  function flash(message, isError, ms) {
    const el = $('flash');
    el.textContent = message;
    el.className = isError ? 'flash error' : 'flash';
    el.hidden = false;
    clearTimeout(flashTimer);
    flashTimer = setTimeout(() => (el.hidden = true), ms || (isError ? 8000 : 3000));
  }
  function errorText(err) {
    if (!err || !err.code) return t('errors.generic');
    if (err.code === 'held') return t('errors.held', { name: err.data && err.data.heldBy ? err.data.heldBy.name : '?' });
    const s = t(`errors.${err.code}`, err.data);
    return s === `errors.${err.code}` ? t('errors.generic') : s;
  }

  class ApiFailure extends Error {
    constructor(status, code, data) {
      super(code);
      this.status = status;
      this.code = code;
      this.data = data;
    }
  }
  async function api(method, path, body) {
    const headers = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && state.csrf) headers['x-csrf-token'] = state.csrf;
    let res;
    try {
      res = await fetch(`/console/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', cache: 'no-store' });
    } catch {
      throw new ApiFailure(0, 'network', {});
    }
    const data = await res.json().catch(() => ({}));
    if (res.status === 401 && path !== '/login') {
      signedOut(data.error === 'session_expired' ? t('login.expired') : undefined);
      throw new ApiFailure(401, data.error || 'no_session', data);
    }
    if (!res.ok) throw new ApiFailure(res.status, data.error || 'generic', data);
    return data;
  }
  async function act(fn, okMessage) {
    try {
      const r = await fn();
      if (okMessage) flash(okMessage);
      return r;
    } catch (err) {
      if (err.status !== 401) flash(errorText(err), true);
      throw err;
    }
  }

  // ---- texts, session, live events ---------------------------------------------------------
  async function loadTexts(lang) {
    if (!state.texts[lang]) state.texts[lang] = await api('GET', `/texts/${lang}`);
  }
  function chrome() {
    document.documentElement.lang = state.lang;
    showTitle();
    $('top').hidden = !state.me;
    $('brand').textContent = t('app.title');
    $('nav-queue').textContent = t('nav.queue');
    $('nav-new').textContent = t('nav.newTicket');
    $('nav-admin').textContent = t('nav.admin');
    $('nav-admin').hidden = !(state.me && state.me.role === 'admin');
    $('nav-reports').textContent = t('nav.reports');
    $('nav-reports').hidden = !(state.me && state.me.role === 'admin');
    $('nav-lang').textContent = t('app.language');
    $('nav-logout').textContent = t('nav.logout');
    workButtons();
    searchBox();
    $('who').textContent = state.me ? t('nav.signedInAs', { name: state.me.name, role: t(`role.${state.me.role}`) }) : '';
    showLive();
  }
  function unreadTotal() {
    return Object.values(state.unread).reduce((a, b) => a + b, 0);
  }
  /** "(3) Qpal CSKH": cases nobody has taken plus customer messages on my cases not yet seen. */
  function showTitle() {
    const n = state.me && state.summary ? state.summary.counts.waiting + unreadTotal() : 0;
    document.title = `${n ? `(${n}) ` : ''}${t('app.title')} · ${t('app.subtitle')}`;
  }
  function searchBox() {
    let form = $('search');
    if (!form) {
      const input = h('input', { id: 'search-q', type: 'search', name: 'q', maxlength: '100', autocomplete: 'off' });
      form = h('form', { id: 'search', class: 'search', role: 'search', onsubmit: (e) => {
        e.preventDefault();
        const q = input.value.trim();
        if (q) location.hash = `#/search/${encodeURIComponent(q)}`;
      } }, input, h('button', { type: 'submit', id: 'search-submit', class: 'secondary' }));
      $('top').insertBefore(form, $('who'));
    }
    $('search-q').placeholder = t('search.placeholder');
    $('search-q').setAttribute('aria-label', t('search.placeholder'));
    $('search-submit').textContent = t('search.submit');
  }
  /** A row of a ticket list (search results, the customer's other tickets). */
  function ticketRow(i) {
    return h('li', { 'data-code': i.code },
      h('a', { href: `#/case/${encodeURIComponent(i.code)}` },
        h('div', { class: 'row' }, h('span', { class: 'code' }, i.code), h('span', { class: `badge status-${i.status}` }, t(`status.${i.status}`)),
          i.channel ? h('span', { class: 'badge' }, channelName(i.channel)) : null),
        h('div', {}, i.resolution ? t(`resolution.${i.resolution}`) : i.situation ? t(`situation.${i.situation}`) : ''),
        h('div', { class: 'row small' },
          h('span', {}, dt(i.createdAt)),
          i.customerName ? h('span', {}, i.customerName) : null,
          i.phone ? h('span', {}, i.phone) : null,
          i.serial ? h('span', {}, t('search.serial', { serial: i.serial })) : null,
          i.by && i.by.length ? h('span', { class: 'muted' }, t('search.by', { fields: i.by.map((b) => t(`search.field.${b}`)).join(', ') })) : null)));
  }
  async function renderSearch(q) {
    if ($('search-q') && $('search-q').value !== q) $('search-q').value = q;
    let r;
    try {
      r = await api('GET', `/search?q=${encodeURIComponent(q)}`);
    } catch (err) {
      if (err.status === 401) throw err;
      mount(h('p', { class: 'muted', id: 'search-error' }, errorText(err)));
      return;
    }
    const list = h('ul', { class: 'queue', id: 'search-results' }, r.items.map(ticketRow));
    mount(h('h2', {}, t('search.title', { q })), r.items.length ? list : h('p', { class: 'muted', id: 'search-empty' }, t('search.none')));
  }
  function workButtons() {
    const nav = document.querySelector('.nav');
    let sound = $('nav-sound');
    if (!sound) {
      sound = h('button', { type: 'button', class: 'link', id: 'nav-sound', onclick: () => {
        work.setSound(!work.soundOn());
        workButtons();
      } });
      nav.insertBefore(sound, $('nav-lang'));
    }
    sound.textContent = work.soundOn() ? t('notify.soundOn') : t('notify.soundOff');
    sound.setAttribute('aria-pressed', work.soundOn() ? 'true' : 'false');
    let ask = $('nav-notify');
    if (!ask) {
      ask = h('button', { type: 'button', class: 'link', id: 'nav-notify', onclick: async () => {
        await work.askPermission();
        workButtons();
      } });
      nav.insertBefore(ask, $('nav-lang'));
    }
    ask.textContent = t('notify.enable');
    ask.hidden = !state.me || work.notifyState() !== 'default';
  }
  function newWork(kind, code) {
    work.chime();
    work.notify(t(`notify.${kind}Title`), t(`notify.${kind}Body`, { code }), `${kind}:${code}`, () => {
      location.hash = `#/case/${encodeURIComponent(code)}`;
    });
  }
  let summaryTimer;
  function summarySoon() {
    clearTimeout(summaryTimer);
    summaryTimer = setTimeout(() => void refreshSummary(), 150);
  }
  async function refreshSummary() {
    if (!state.me) return;
    let next;
    try {
      next = await api('GET', '/queue/summary');
    } catch {
      return;
    }
    const prev = state.summary;
    state.summary = next;
    if (prev) {
      const waiting = new Set(prev.waiting);
      const mine = new Set(prev.mine.map((m) => m.code));
      for (const code of next.waiting) if (!waiting.has(code)) newWork('handoff', code);
      for (const m of next.mine) if (!mine.has(m.code) && m.code !== state.tookCode) newWork('assigned', m.code);
    }
    const held = new Set(next.mine.map((m) => m.conversation).filter(Boolean));
    for (const key of Object.keys(state.unread)) if (!held.has(key)) delete state.unread[key];
    showTitle();
    showCounts();
  }
  function showCounts() {
    if (!state.summary) return;
    for (const v of ['waiting', 'mine', 'all']) {
      const el = document.querySelector(`[data-view="${v}"] .count`);
      if (el) el.textContent = String(state.summary.counts[v]);
    }
  }
  /** A customer wrote on a case this agent holds. */
  function onCustomerMessage(m) {
    if (!state.summary || m.entry.direction !== 'in') return;
    const mine = state.summary.mine.find((x) => x.conversation === m.conversation);
    if (!mine) return;
    const c = state.caseData;
    const looking = state.route.name === 'case' && c && c.conversation && c.conversation.key === m.conversation && !document.hidden;
    if (looking) return;
    state.unread[m.conversation] = (state.unread[m.conversation] || 0) + 1;
    showTitle();
    newWork('message', mine.code);
  }
  function showLive() {
    const live = $('live');
    live.textContent = state.online ? t('app.live') : t('app.offline');
    live.className = state.online ? 'live' : 'live off';
    live.hidden = state.online === undefined;
  }
  function signedOut(message) {
    state.me = null;
    state.csrf = null;
    if (state.events) state.events.close();
    state.events = null;
    state.online = undefined;
    state.summary = null;
    state.unread = {};
    chrome();
    renderLogin(message);
  }
  function connectEvents() {
    if (state.events) state.events.close();
    const es = new EventSource('/console/api/events');
    state.events = es;
    es.onopen = () => {
      state.online = true;
      showLive();
    };
    es.onerror = () => {
      state.online = false;
      showLive();
    };
    es.addEventListener('message', (e) => {
      const m = JSON.parse(e.data);
      onCustomerMessage(m);
      onLiveMessage(m);
    });
    es.addEventListener('owner', (e) => {
      summarySoon();
      onLiveChange(JSON.parse(e.data));
    });
    es.addEventListener('ticket', (e) => {
      summarySoon();
      onLiveChange(JSON.parse(e.data));
    });
    es.addEventListener('sla', (e) => {
      const a = JSON.parse(e.data);
      flash(window.QpalSla.alertText(a, t, dt), a.kind === 'breach');
      onLiveChange(a);
    });
    void refreshSummary();
  }
  let refreshTimer;
  function refreshSoon() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void render(), 250);
  }
  function onLiveMessage(m) {
    const c = state.caseData;
    if (state.route.name === 'case' && c && c.conversation && c.conversation.key === m.conversation) {
      // A render under way may have fetched the case before this message was stored and would
      // replace the list: fetch again after it instead of appending to the old one.
      if (state.rendering) {
        refreshSoon();
        return;
      }
      c.transcript.push(m.entry);
      const list = document.querySelector('.transcript');
      if (list) {
        list.append(messageItem(m.entry, c.agents));
        list.scrollTop = list.scrollHeight;
      }
    } else if (state.route.name === 'queue') {
      refreshSoon();
    }
  }
  function onLiveChange(e) {
    const c = state.caseData;
    if (state.route.name === 'queue') refreshSoon();
    else if (state.route.name === 'case' && c && ((e.code && e.code === c.ticket.code) || (c.conversation && e.conversation === c.conversation.key))) refreshSoon();
  }

  // ---- routing ------------------------------------------------------------------------------
  function parseRoute() {
    const [, name, arg] = (location.hash || '#/queue/waiting').split('/');
    if (name === 'case' && arg) return { name: 'case', arg: decodeURIComponent(arg) };
    if (name === 'new') return { name: 'new' };
    if (name === 'admin') return { name: 'admin' };
    if (name === 'search') return { name: 'search', arg: decodeURIComponent(arg || '') };
    return { name: 'queue', arg: ['waiting', 'mine', 'all'].includes(arg) ? arg : 'waiting' };
  }
  async function render() {
    if (!state.me) return;
    const route = parseRoute();
    if (route.name !== state.route.name || route.arg !== state.route.arg) state.panel = null;
    state.route = route;
    state.rendering = (state.rendering || 0) + 1;
    try {
      if (route.name === 'case') await renderCase(route.arg);
      else if (route.name === 'new') renderPhoneForm();
      else if (route.name === 'admin') await renderAdmin();
      else if (route.name === 'search') await renderSearch(route.arg);
      else await renderQueue(route.arg);
    } catch (err) {
      if (err.status !== 401) flash(errorText(err), true);
    } finally {
      state.rendering -= 1;
    }
  }
  function mount(...nodes) {
    const main = $('main');
    main.replaceChildren(...nodes);
  }

  // ---- login --------------------------------------------------------------------------------
  function renderLogin(message) {
    const name = h('input', { id: 'login-name', name: 'username', autocomplete: 'username', required: true });
    const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
    const error = h('p', { class: 'field-error', id: 'login-error', role: 'alert' }, message || '');
    const form = h('form', { class: 'card login', onsubmit: async (e) => {
      e.preventDefault();
      error.textContent = '';
      try {
        work.unlockAudio();
        const r = await api('POST', '/login', { name: name.value, password: password.value });
        state.me = r.agent;
        state.csrf = r.csrf;
        chrome();
        connectEvents();
        await render();
      } catch (err) {
        error.textContent = err.code === 'too_many_attempts' ? t('login.tooMany', { retryAfter: (err.data && err.data.retryAfter) || 1 }) : err.code === 'bad_credentials' ? t('login.failed') : errorText(err);
      }
    } },
    h('h2', {}, t('app.title'), ' · ', t('login.title')),
    h('label', { for: 'login-name' }, t('login.name')), name,
    h('label', { for: 'login-password' }, t('login.password')), password,
    error,
    h('button', { type: 'submit', id: 'login-submit' }, t('login.submit')));
    mount(form);
    name.focus();
  }

  // ---- queue --------------------------------------------------------------------------------
  async function renderQueue(view) {
    const r = await api('GET', `/queue?view=${view}`);
    state.serverNow = r.now;
    const tabs = h('div', { class: 'tabs', role: 'tablist' },
      ['waiting', 'mine', 'all'].map((v) => h('a', { href: `#/queue/${v}`, class: v === view ? 'on' : '', role: 'tab', 'aria-selected': v === view ? 'true' : 'false', 'data-view': v },
        t(`queue.${v}`), ' ', h('span', { class: 'count' }, state.summary ? String(state.summary.counts[v]) : ''))));
    const list = h('ul', { class: 'queue', id: 'queue' });
    for (const item of r.items) list.append(queueItem(item));
    mount(tabs, r.items.length ? list : h('p', { class: 'muted' }, t('queue.empty')));
    showCounts();
  }
  function queueItem(i) {
    const badges = [];
    if (i.overdue) badges.push(h('span', { class: 'badge overdue' }, t('queue.overdue')));
    else if (i.nearDeadline) badges.push(h('span', { class: 'badge near' }, t('queue.nearDeadline')));
    const holder = i.heldBy ? (i.heldBy.id === state.me.id ? t('queue.heldByYou') : t('queue.heldBy', { name: i.heldBy.name })) : t('queue.unclaimed');
    const reason = i.handoffReason ? t(`handoffReason.${i.handoffReason}`) : i.situation ? t(`situation.${i.situation}`) : '';
    return h('li', { class: i.overdue ? 'overdue' : i.nearDeadline ? 'near' : '', 'data-code': i.code },
      h('a', { href: `#/case/${encodeURIComponent(i.code)}` },
        h('div', { class: 'row' }, h('span', { class: 'code' }, i.code), ...badges, h('span', { class: 'badge held' }, holder), ...window.QpalSla.badges(i.sla, t, state.serverNow)),
        h('div', {}, reason),
        h('div', { class: 'row small' },
          h('span', {}, i.deadline ? t('queue.deadline', { deadline: dt(i.deadline) }) : t('queue.noDeadline')),
          i.channel ? h('span', { class: 'channel' }, channelName(i.channel)) : null,
          h('span', {}, i.channel === 'phone' ? '' : i.owner ? t(`owner.${i.owner}`) : ''),
          i.customerName ? h('span', {}, i.customerName) : null,
          i.phone ? h('span', {}, nationalPhone(i.phone)) : null,
          i.lastInboundAt ? h('span', {}, t('queue.lastMessage', { time: dt(i.lastInboundAt) })) : null)));
  }

  // ---- one case -----------------------------------------------------------------------------
  function channelName(id) {
    const key = `channel.${id}`;
    return lookup(state.texts[state.lang], key) || lookup(state.texts.vi, key) ? t(key) : t('channel.other');
  }
  function authorName(entry, agents) {
    if (entry.author === 'customer') return t('author.customer');
    if (entry.author.startsWith('agent:')) {
      const id = entry.author.slice(6);
      return t('author.agent', { name: (agents && agents[id]) || id });
    }
    return t('author.bot');
  }
  function messageItem(e, agents) {
    const isAgent = e.author.startsWith('agent:');
    return h('li', { class: `msg ${e.direction === 'in' ? 'in' : 'out'}${isAgent ? ' agent' : ''}`, 'data-author': e.author.split(':')[0] },
      h('span', { class: 'meta' }, `${authorName(e, agents)} · ${dt(e.at)}`),
      e.text ? h('span', { class: 'text' }, e.text) : null,
      e.files && e.files.length ? h('span', { class: 'files' }, e.files.map(fileItem)) : !e.text && e.attachments ? h('span', { class: 'muted' }, t('files.kinds', { kinds: e.attachments.map(kindName).join(', ') })) : null,
      e.choices && e.choices.length ? h('span', { class: 'choices' }, e.choices.map((c) => `[${c}]`).join(' ')) : null,
      e.direction === 'out' && e.delivery ? deliveryMark(e) : null);
  }
  /** Sent, failed with the reason (and, for the agent's own reply, a retry), or sent again later. */
  function deliveryMark(e) {
    if (e.delivery === 'sent') return h('span', { class: 'delivery sent', 'data-delivery': 'sent' }, t('delivery.sent'));
    if (e.delivery === 'retried') return h('span', { class: 'delivery retried', 'data-delivery': 'retried' }, t('delivery.retried'));
    const reason = lookup(state.texts[state.lang], `delivery.reason.${e.deliveryError}`) ? t(`delivery.reason.${e.deliveryError}`) : t('delivery.reason.other');
    const c = state.caseData;
    const canRetry = e.agentReply && e.id && c && c.can.reply && e.author === `agent:${state.me.id}`;
    return h('span', { class: 'delivery failed', 'data-delivery': 'failed', role: 'alert' }, t('delivery.failed', { reason }),
      canRetry ? h('button', { type: 'button', class: 'link', 'data-action': 'retry', onclick: async (ev) => {
        ev.target.disabled = true;
        await act(() => api('POST', `/cases/${c.ticket.code}/messages/${e.id}/retry`), t('delivery.retriedNow')).catch(() => {});
        await render();
      } }, t('delivery.retry')) : null);
  }
  function kindName(type) {
    const major = String(type || '').split('/')[0];
    return t(`files.kind.${['image', 'audio', 'video'].includes(major) ? major : 'file'}`);
  }
  /** A kept photo as a thumbnail (click: full size), a PDF as a link, a file not kept with why. */
  function fileItem(f) {
    if (!f.id) return h('span', { class: 'file missing', 'data-error': f.error }, t('files.notKept', { kind: kindName(f.contentType), reason: t(`files.error.${f.error || 'unreachable'}`) }));
    const href = `/console/api/files/${encodeURIComponent(f.id)}`;
    if (f.contentType.startsWith('image/')) {
      return h('a', { class: 'file', href, target: '_blank', rel: 'noopener' }, h('img', { class: 'thumb', src: href, alt: t('files.photo'), loading: 'lazy' }));
    }
    return h('a', { class: 'file', href, target: '_blank', rel: 'noopener' }, t('files.document', { size: Math.ceil((f.size || 0) / 1024) }));
  }
  function fields(pairs) {
    const dl = h('dl', { class: 'fields' });
    for (const [label, value] of pairs) {
      dl.append(h('dt', {}, label), h('dd', {}, value === undefined || value === null || value === '' ? t('field.empty') : value));
    }
    return dl;
  }
  function actorName(actor, agents) {
    if (actor === 'bot') return t('author.bot');
    if (actor === 'customer') return t('history.customer');
    if (actor === 'system') return t('history.system');
    if (actor.startsWith('agent:')) return t('author.agent', { name: agents[actor.slice(6)] || actor.slice(6) });
    return actor;
  }
  const has = (key) => typeof lookup(state.texts[state.lang], key) === 'string' || typeof lookup(state.texts.vi, key) === 'string';
  /** A stored value as people read it: codes through the locale, times local, phones national. */
  function valueText(field, v, agents) {
    if (v === null || v === undefined || v === '') return t('field.empty');
    if (Array.isArray(v)) return v.length ? v.map((x) => valueText(field, x, agents)).join(', ') : t('field.empty');
    if (typeof v === 'boolean') return v ? t('history.yes') : t('history.no');
    const str = String(v);
    const byField = {
      status: 'status', resolution: 'resolution', handoffReason: 'handoffReason', situation: 'situation',
      'conversation.owner': 'owner', 'confirmation.email': 'emailState', fraudSignals: 'fraudSignal', action: 'agentAction', channel: 'channel',
    }[field];
    if (byField && has(`${byField}.${str}`)) return t(`${byField}.${str}`);
    if (field === 'agent') return (agents && agents[str]) || str;
    if (field === 'phone') return nationalPhone(str);
    if (field === 'denomination' && typeof v === 'number') return vnd(v);
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(str)) return dt(str);
    return str;
  }
  function changeText(c, agents) {
    const name = has(`history.field.${c.field}`) ? t(`history.field.${c.field}`) : c.field;
    // Whole records (card findings, a phone call) are shown in their own cards: name them only.
    const isRecord = (v) => v && typeof v === 'object' && !Array.isArray(v);
    if (isRecord(c.from) || isRecord(c.to)) return name;
    const cut = (v) => (v.length > 160 ? `${v.slice(0, 160)}…` : v);
    if (c.from === null || c.from === undefined) return `${name}: ${cut(valueText(c.field, c.to, agents))}`;
    return `${name}: ${cut(valueText(c.field, c.from, agents))} → ${cut(valueText(c.field, c.to, agents))}`;
  }
  /** "+84900000003" → "0900 000 003"; a masked one keeps its stars. */
  function nationalPhone(p) {
    if (!p) return '';
    const s = String(p);
    if (!s.startsWith('+84')) return s;
    const digits = `0${s.slice(3).replace(/\s/g, '')}`;
    return digits.length === 10 ? `${digits.slice(0, 4)} ${digits.slice(4, 7)} ${digits.slice(7)}` : digits;
  }

  async function renderCase(code) {
    const c = await api('GET', `/cases/${encodeURIComponent(code)}`);
    state.caseData = c;
    const tk = c.ticket;
    if (c.conversation && state.unread[c.conversation.key]) {
      delete state.unread[c.conversation.key];
      showTitle();
    }
    const focused = document.activeElement && document.activeElement.id;

    const head = h('div', { class: 'case-head' },
      h('a', { href: '#/queue/waiting' }, `← ${t('case.back')}`),
      h('h1', { id: 'case-code' }, tk.code),
      h('span', { class: 'badge', id: 'case-status' }, t(`status.${tk.status}`)),
      // Who answers the chat, only when it says more than the status does.
      c.conversation
        ? (c.conversation.owner === 'queue' && tk.status === 'waiting_agent') || (c.conversation.owner === 'closed' && tk.status !== 'waiting_agent') ? null : h('span', { class: 'badge', id: 'case-owner' }, t(`owner.${c.conversation.owner}`))
        : h('span', { class: 'badge' }, t('queue.phoneTicket')),
      tk.deadline && tk.status === 'waiting_agent' && new Date(tk.deadline) < new Date(c.now) ? h('span', { class: 'badge overdue' }, t('queue.overdue')) : null,
      ...window.QpalSla.badges(c.sla, t, c.now));
    const holder = h('p', { class: 'small', id: 'case-holder' },
      c.heldBy
        ? t(tk.status === 'waiting_agent' ? 'case.heldBy' : 'case.handledBy', { name: c.heldBy.id === state.me.id ? state.me.name : c.heldBy.name, time: dt(c.heldBy.at) })
        : t('case.notHeld'));

    const actions = h('div', { class: 'actions' });
    if (c.can.take) actions.append(h('button', { type: 'button', 'data-action': 'take', onclick: () => {
      state.tookCode = tk.code;
      return act(() => api('POST', `/cases/${tk.code}/take`)).then(render, () => render());
    } }, t('case.takeOver')));
    if (c.can.resolve) actions.append(h('button', { type: 'button', 'data-action': 'resolve', onclick: () => togglePanel('resolve') }, t('case.resolve')));
    if (c.can.handBack) actions.append(h('button', { type: 'button', class: 'secondary', 'data-action': 'hand-back', onclick: async () => {
      if (!confirm(t('case.confirmHandBack'))) return;
      await act(() => api('POST', `/cases/${tk.code}/hand-back`)).catch(() => {});
      await render();
    } }, t('case.handBack')));
    if (c.can.call) actions.append(h('button', { type: 'button', class: 'secondary', 'data-action': 'call', onclick: () => togglePanel('call') }, t('callForm.title')));
    if (c.can.release) actions.append(h('button', { type: 'button', class: 'danger', 'data-action': 'release', onclick: async () => {
      if (!confirm(t('case.confirmRelease', { name: c.heldBy.name }))) return;
      await act(() => api('POST', `/cases/${tk.code}/release`)).catch(() => {});
      await render();
    } }, t('case.release')));

    if (state.me.role === 'admin' && tk.status === 'waiting_agent') actions.append(await assignControl(c));

    const panels = [];
    if (state.panel === 'resolve' && c.can.resolve) panels.push(resolvePanel(c));
    if (state.panel === 'call' && c.can.call) panels.push(callPanel(c));

    // Conversation and composer.
    const convCard = h('section', { class: 'card', 'aria-labelledby': 'h-transcript' }, h('h2', { id: 'h-transcript' }, t('case.transcript')));
    if (c.conversation) {
      const list = h('ul', { class: 'transcript', id: 'transcript' });
      // One chat can hold several complaints: a line where each finished one ends.
      const ends = (c.complaintEnds || []).map((x) => ({ ...x, time: new Date(x.at).getTime() })).sort((a, b) => a.time - b.time);
      let next = 0;
      for (const e of c.transcript) {
        const at = new Date(e.at).getTime();
        while (next < ends.length && ends[next].time < at && list.lastChild) {
          const end = ends[next++];
          list.append(h('li', { class: 'separator', 'data-code': end.code }, t('case.complaintEnded', { code: end.code, status: t(`status.${end.status}`) })));
        }
        list.append(messageItem(e, c.agents));
      }
      convCard.append(list);
      if (!c.conversation.live && tk.status === 'waiting_agent') convCard.append(h('p', { class: 'small' }, t('case.notLive')));
      if (c.can.reply) convCard.append(composer(c));
      requestAnimationFrame(() => (list.scrollTop = list.scrollHeight));
    } else {
      convCard.append(h('p', { class: 'muted' }, t('case.noTranscript')));
    }

    const ticketCard = h('section', { class: 'card' }, h('h2', {}, t('case.ticket')), fields([
      [t('field.customerName'), c.customerName],
      [t('field.title'), tk.title],
      [t('field.transactionType'), tk.transactionType],
      [t('field.situation'), tk.situation ? t(`situation.${tk.situation}`) : ''],
      [t('field.service'), tk.service ? tk.service.name + (tk.service.hotline ? ` (${tk.service.hotline})` : '') : ''],
      [t('field.denomination'), tk.denomination ? vnd(tk.denomination) : ''],
      [t('field.serial'), tk.serial],
      [t('field.purchasePlace'), tk.purchasePlace],
      [t('field.transactionAt'), dt(tk.transactionAt)],
      [t('field.statusText'), tk.statusText],
      [t('field.phone'), nationalPhone(tk.phone)],
      [t('field.email'), tk.email === null ? t('field.noEmail') : tk.email],
      [t('field.channel'), tk.channel ? channelName(tk.channel) : ''],
      [t('field.status'), t(`status.${tk.status}`)],
      [t('field.resolution'), tk.resolution ? t(`resolution.${tk.resolution}`) : ''],
      [t('field.handoffReason'), tk.handoffReason ? t(`handoffReason.${tk.handoffReason}`) : ''],
      [t('field.deadline'), dt(tk.deadline)],
      [t('field.createdAt'), dt(tk.createdAt)],
    ]));

    const findingsCard = h('section', { class: 'card', id: 'findings' }, h('h2', {}, t('case.findings')), findingsView(tk));
    const fraudCard = h('section', { class: 'card', id: 'fraud' }, h('h2', {}, t('case.fraud')),
      tk.fraudSignals && tk.fraudSignals.length
        ? h('ul', { class: 'plain' }, tk.fraudSignals.map((s) => h('li', {}, t(`fraudSignal.${s}`))))
        : h('p', { class: 'muted' }, t('case.noFraud')));

    const noteText = h('textarea', { id: 'note-text', placeholder: t('composer.notePlaceholder'), value: state.drafts.note, oninput: (e) => (state.drafts.note = e.target.value) });
    const notesCard = h('section', { class: 'card', id: 'notes' }, h('h2', {}, t('case.notes')),
      c.notes.length ? h('ul', { class: 'history' }, c.notes.map((n) => h('li', {}, h('div', { class: 'small' }, `${n.agentName} · ${dt(n.at)}`), h('div', {}, n.text)))) : h('p', { class: 'muted' }, t('case.noNotes')),
      h('div', { class: 'composer' }, noteText, h('div', { class: 'buttons' }, h('button', { type: 'button', class: 'secondary', 'data-action': 'note', onclick: async () => {
        await act(() => api('POST', `/cases/${tk.code}/notes`, { text: noteText.value }), t('composer.noteSaved'));
        state.drafts.note = '';
        await render();
      } }, t('composer.addNote')))));

    const calls = (tk.confirmation && tk.confirmation.phoneCalls) || [];
    const callsCard = h('section', { class: 'card', id: 'calls' }, h('h2', {}, t('case.calls')),
      calls.length ? h('ul', { class: 'history' }, calls.map((call) => {
        const [outcome, ...rest] = String(call.note || '').split(': ');
        return h('li', {}, h('div', { class: 'small' }, `${actorName(call.agent, c.agents)} · ${dt(call.at)}`), h('div', {}, t(`call.${outcome}`), rest.length ? ` — ${rest.join(': ')}` : ''));
      })) : h('p', { class: 'muted' }, t('case.noCalls')));

    const relatedCard = h('section', { class: 'card', id: 'related' }, h('h2', {}, t('case.related')),
      c.related && c.related.length ? h('ul', { class: 'queue' }, c.related.map(ticketRow)) : h('p', { class: 'muted' }, t('case.noRelated')));

    const historyCard = h('section', { class: 'card', id: 'history' }, h('h2', {}, t('case.history')),
      h('ul', { class: 'history' }, c.history.map((e) => h('li', { 'data-action': e.action },
        h('div', {}, h('strong', {}, lookup(state.texts[state.lang], `history.action.${e.action}`) ? t(`history.action.${e.action}`) : e.action)),
        h('div', { class: 'small' }, t('history.by', { actor: actorName(e.actor, c.agents), time: dt(e.at) })),
        e.changes && e.changes.length ? h('div', { class: 'changes' }, e.changes.map((x) => changeText(x, c.agents)).join(' · ')) : null))));

    mount(head, holder, actions, ...panels,
      h('div', { class: 'grid' },
        h('div', {}, convCard, notesCard),
        h('div', {}, ticketCard, relatedCard, findingsCard, fraudCard, callsCard, historyCard)));
    if (focused && $(focused)) $(focused).focus();
  }

  function composer(c) {
    const text = h('textarea', { id: 'reply-text', placeholder: t('composer.placeholder'), value: state.drafts.reply, oninput: (e) => (state.drafts.reply = e.target.value) });
    text.addEventListener('keydown', (e) => {
      // Ctrl+Enter (⌘+Enter) sends; "/" in an empty box opens the canned replies.
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        text.form.requestSubmit();
      } else if (e.key === '/' && !text.value) {
        e.preventDefault();
        canned.focus();
        if (typeof canned.showPicker === 'function') {
          try {
            canned.showPicker();
          } catch {
            // not allowed without a gesture in some browsers: focused is enough
          }
        }
      }
    });
    const canned = h('select', { id: 'canned', 'aria-label': t('composer.canned'), onchange: (e) => {
      const r = c.canned.find((x) => x.id === e.target.value);
      if (r) {
        text.value = r.text;
        state.drafts.reply = r.text;
        text.focus();
      }
      e.target.value = '';
    } }, h('option', { value: '' }, t('composer.canned')), c.canned.map((r) => h('option', { value: r.id }, r.title)));
    const send = h('button', { type: 'submit', id: 'reply-send' }, t('composer.send'));
    return h('form', { class: 'composer', onsubmit: async (e) => {
      e.preventDefault();
      send.disabled = true;
      try {
        await act(() => api('POST', `/cases/${c.ticket.code}/reply`, { text: text.value }), t('composer.sent'));
        state.drafts.reply = '';
        text.value = '';
      } catch {
        // kept in the box: the customer did not get it (flash says why)
      } finally {
        send.disabled = false;
      }
    } }, text, h('div', { class: 'buttons' }, canned, send));
  }

  /** Admins: give the case to an agent (or move it from its holder). */
  async function assignControl(c) {
    const r = await api('GET', '/admin/agents').catch(() => ({ agents: [] }));
    const sel = h('select', { id: 'assign-agent', 'aria-label': t('assign.label') },
      h('option', { value: '' }, t('assign.choose')),
      r.agents.filter((a) => a.active).map((a) => h('option', { value: a.id, selected: c.heldBy && c.heldBy.id === a.id }, t('assign.option', { name: a.name, holding: a.holding }))));
    return h('form', { class: 'assign', id: 'assign-form', onsubmit: async (e) => {
      e.preventDefault();
      if (!sel.value) return;
      const name = sel.selectedOptions[0] ? sel.selectedOptions[0].textContent : '';
      await act(() => api('POST', `/cases/${c.ticket.code}/assign`, { agent: sel.value }), t('assign.done', { name })).catch(() => {});
      await render();
    } }, sel, h('button', { type: 'submit', class: 'secondary', id: 'assign-submit' }, c.heldBy ? t('assign.reassign') : t('assign.assign')));
  }

  function togglePanel(name) {
    state.panel = state.panel === name ? null : name;
    void render();
  }

  function resolutionSelect(id, withEmpty) {
    return h('select', { id }, withEmpty ? h('option', { value: '' }, withEmpty) : null, RESOLUTIONS.map((r) => h('option', { value: r }, t(`resolution.${r}`))));
  }

  function resolvePanel(c) {
    const sel = resolutionSelect('resolve-resolution', t('resolveForm.choose'));
    sel.required = true;
    // Kept across live re-renders of this case (never carried to another case: nothing preselected).
    const chosen = state.drafts.resolveResolution;
    sel.value = chosen.code === c.ticket.code ? chosen.value : '';
    const msg = h('textarea', { id: 'resolve-message', value: state.drafts.resolveMessage, oninput: (e) => (state.drafts.resolveMessage = e.target.value) });
    // What the customer will read, as the bot will send it (Step 4), for the chosen resolution.
    const preview = h('div', { class: 'preview', id: 'resolve-preview', 'aria-live': 'polite' });
    const showPreview = () => {
      const texts = sel.value && c.step4 ? c.step4[sel.value] : null;
      preview.replaceChildren(...(texts ? [h('div', { class: 'small' }, t('resolveForm.preview')), ...texts.map((x) => h('p', { class: 'msg out' }, x))] : [h('p', { class: 'muted small' }, t('resolveForm.previewNone'))]));
    };
    sel.addEventListener('change', () => {
      state.drafts.resolveResolution = { code: c.ticket.code, value: sel.value };
      showPreview();
    });
    showPreview();
    return h('form', { class: 'panel', id: 'resolve-panel', onsubmit: async (e) => {
      e.preventDefault();
      await act(() => api('POST', `/cases/${c.ticket.code}/resolve`, { resolution: sel.value, message: msg.value }), t('resolveForm.done'))
        .then(() => {
          state.panel = null;
          state.drafts.resolveResolution = { code: '', value: '' };
          state.drafts.resolveMessage = '';
        }, () => {});
      await render();
    } },
    h('h2', {}, t('resolveForm.title')),
    h('label', { for: 'resolve-resolution' }, t('resolveForm.resolution')), sel,
    preview,
    h('label', { for: 'resolve-message' }, t('resolveForm.message')), msg,
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'resolve-submit' }, t('resolveForm.submit')), h('button', { type: 'button', class: 'secondary', onclick: () => togglePanel('resolve') }, t('resolveForm.cancel'))));
  }

  function callPanel(c) {
    const reached = h('input', { type: 'radio', name: 'reached', id: 'call-reached', value: 'yes', checked: true });
    const notReached = h('input', { type: 'radio', name: 'reached', id: 'call-not-reached', value: 'no' });
    const note = h('textarea', { id: 'call-note', value: state.drafts.callNote, oninput: (e) => (state.drafts.callNote = e.target.value) });
    const close = c.can.closeByPhone ? resolutionSelect('call-resolution', t('callForm.keepOpen')) : null;
    return h('form', { class: 'panel', id: 'call-panel', onsubmit: async (e) => {
      e.preventDefault();
      await act(() => api('POST', `/cases/${c.ticket.code}/calls`, { reached: reached.checked, note: note.value, resolution: close ? close.value || undefined : undefined }), t('callForm.done'))
        .then(() => {
          state.panel = null;
          state.drafts.callNote = '';
        }, () => {});
      await render();
    } },
    h('h2', {}, t('callForm.title')),
    h('div', { class: 'radio' }, h('label', {}, reached, t('callForm.reached')), h('label', {}, notReached, t('callForm.notReached'))),
    h('label', { for: 'call-note' }, t('callForm.note')), note,
    close ? h('label', { for: 'call-resolution' }, t('callForm.closeWith')) : null, close,
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'call-submit' }, t('callForm.submit')), h('button', { type: 'button', class: 'secondary', onclick: () => togglePanel('call') }, t('resolveForm.cancel'))));
  }

  function findingsView(tk) {
    const f = tk.findings;
    if (!f) return h('p', { class: 'muted' }, tk.cardSystemError ? t('findings.error', { error: tk.cardSystemError }) : t('findings.none'));
    const parts = [];
    if (!f.card) parts.push(h('p', {}, t('findings.cardUnknown')));
    else {
      const card = f.card;
      parts.push(fields([
        [t('findings.cardStatus'), t(`cardStatus.${card.status}`)],
        [t('findings.denomination'), card.denomination ? vnd(card.denomination) : ''],
        [t('findings.activatedAt'), dt(card.activatedAt)],
        [t('findings.soldAt'), dt(card.soldAt)],
        [t('findings.soldBy'), card.soldBy ? [card.soldBy.name, card.soldBy.address].filter(Boolean).join(', ') : ''],
        [t('findings.usedAt'), dt(card.usedAt)],
        [t('findings.usedBy'), card.usedBy ? `${card.usedBy.service} · ${card.usedBy.account}` : ''],
      ]));
    }
    parts.push(fields([
      [t('findings.otherComplaints'), String(f.otherComplaintsWithSerial ?? 0)],
      [t('findings.recentSerials'), String(f.recentSerialsByCustomer ?? 0)],
      [t('findings.checkedAt'), dt(f.checkedAt)],
    ]));
    if (f.topups && f.topups.length) {
      parts.push(h('h3', { class: 'small' }, t('findings.topups')), h('ul', { class: 'plain' }, f.topups.map((x) =>
        h('li', {}, t('findings.topup', { at: dt(x.at), service: x.service, account: x.account, result: t(`topupResult.${x.result}`) + (x.error ? ` (${has(`topupError.${x.error}`) ? t(`topupError.${x.error}`) : x.error})` : '') }),
          x.providerAck === undefined ? '' : ` · ${x.providerAck ? t('findings.providerAck') : t('findings.providerNoAck')}`))));
    }
    return h('div', {}, parts);
  }

  // ---- phone ticket -------------------------------------------------------------------------
  function renderPhoneForm() {
    const inputs = {};
    const errors = {};
    const rows = PHONE_FIELDS.map((f) => {
      let input;
      if (f === 'situation') input = h('select', { id: `pf-${f}`, name: f }, h('option', { value: '' }, t('phoneForm.choose')), SITUATIONS.map((s) => h('option', { value: s }, t(`situation.${s}`))));
      else if (f === 'statusText') input = h('textarea', { id: `pf-${f}`, name: f });
      else input = h('input', { id: `pf-${f}`, name: f, type: f === 'email' ? 'email' : f === 'phone' ? 'tel' : 'text', inputmode: f === 'denomination' ? 'numeric' : undefined });
      inputs[f] = input;
      errors[f] = h('div', { class: 'field-error', id: `pf-${f}-error` });
      const hint = f === 'transactionAt' ? t('phoneForm.transactionAtHint') : f === 'statusText' ? t('phoneForm.statusTextHint') : f === 'email' ? t('phoneForm.emailHint') : '';
      return h('div', {}, h('label', { for: `pf-${f}` }, t(`field.${f}`), hint ? h('span', { class: 'hint' }, ` · ${hint}`) : null), input, errors[f]);
    });
    const form = h('form', { class: 'card', id: 'phone-form', onsubmit: async (e) => {
      e.preventDefault();
      for (const f of PHONE_FIELDS) {
        errors[f].textContent = '';
        inputs[f].classList.remove('invalid');
      }
      const body = { ...Object.fromEntries(PHONE_FIELDS.map((f) => [f, inputs[f].value])), lang: state.lang };
      try {
        const r = await api('POST', '/tickets', body);
        // What the procedure decided (closed, handed off, a question to ask), in this language.
        flash(r.message || t('phoneForm.created', { code: r.code }), false, 15000);
        location.hash = `#/case/${encodeURIComponent(r.code)}`;
      } catch (err) {
        if (err.code === 'invalid_fields') {
          for (const [f, reason] of Object.entries(err.data.fields || {})) {
            if (!errors[f]) continue;
            errors[f].textContent = t(`fieldErrors.${reason}`);
            inputs[f].classList.add('invalid');
          }
        }
        if (err.status !== 401) flash(errorText(err), true);
      }
    } },
    h('h2', {}, t('phoneForm.title')),
    h('p', { class: 'small' }, t('phoneForm.hint')),
    h('div', { class: 'form-grid' }, rows),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'pf-submit' }, t('phoneForm.submit'))));
    mount(form);
  }

  // ---- admin --------------------------------------------------------------------------------
  async function renderAdmin() {
    const [agents, locales, assignment] = await Promise.all([api('GET', '/admin/agents'), api('GET', '/admin/locales'), api('GET', '/admin/assignment')]);
    const auto = h('input', { type: 'checkbox', id: 'auto-assign', checked: assignment.auto });
    const capacity = h('input', { type: 'number', id: 'auto-capacity', min: '1', max: String(assignment.maxCapacity), value: String(assignment.capacity), inputmode: 'numeric' });
    const assignCard = h('form', { class: 'card', id: 'assignment', onsubmit: async (e) => {
      e.preventDefault();
      await act(() => api('POST', '/admin/assignment', { auto: auto.checked, capacity: Number(capacity.value) }), t('admin.assignmentSaved')).catch(() => {});
    } },
    h('h2', {}, t('admin.assignment')),
    h('label', { class: 'inline' }, auto, ' ', t('admin.autoAssign')),
    h('p', { class: 'small' }, t('admin.autoAssignHint')),
    h('label', { for: 'auto-capacity' }, t('admin.capacity')), capacity,
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'assignment-save' }, t('admin.save'))));
    const table = h('table', { id: 'agents' },
      h('thead', {}, h('tr', {}, h('th', {}, t('admin.name')), h('th', {}, t('admin.login')), h('th', {}, t('admin.role')), h('th', {}, t('admin.lastLogin')), h('th', {}, t('admin.holding')))),
      h('tbody', {}, agents.agents.map((a) => h('tr', {},
        h('td', {}, a.name, a.active ? '' : ` (${t('admin.inactive')})`), h('td', {}, a.id), h('td', {}, t(`role.${a.role}`)), h('td', {}, dt(a.lastLoginAt)), h('td', {}, String(a.holding))))));
    let localeView;
    if (!locales.available) localeView = h('p', { class: 'muted', id: 'locale-status' }, t('admin.localesUnavailable'));
    else {
      const errs = (locales.status && locales.status.errors) || [];
      localeView = errs.length
        ? h('ul', { class: 'plain', id: 'locale-status' }, errs.map((p) => h('li', {}, t('admin.localeProblem', { file: p.file, key: p.key, reason: p.reason }))))
        : h('p', { id: 'locale-status' }, t('admin.localesOk'));
    }
    mount(
      assignCard,
      h('section', { class: 'card' }, h('h2', {}, t('admin.agents')), h('div', { class: 'scroll' }, table), h('p', { class: 'small' }, t('admin.addAgentHint'))),
      h('section', { class: 'card' }, h('h2', {}, t('admin.locales')), localeView),
    );
  }

  // ---- start --------------------------------------------------------------------------------
  async function start() {
    await loadTexts('vi');
    if (state.lang !== 'vi') await loadTexts(state.lang).catch(() => (state.lang = 'vi'));
    $('nav-logout').addEventListener('click', async () => {
      await api('POST', '/logout').catch(() => {});
      signedOut();
    });
    $('nav-lang').addEventListener('click', async () => {
      state.lang = state.lang === 'vi' ? 'en' : 'vi';
      localStorage.setItem('qpal.console.lang', state.lang);
      await loadTexts(state.lang);
      chrome();
      if (state.me) await render();
      else renderLogin();
    });
    window.addEventListener('hashchange', () => void render());
    // Lists by keyboard: ↓/j and ↑/k move between cases, Enter opens one (a link).
    document.addEventListener('keydown', (e) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const tag = e.target && e.target.tagName;
      if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return;
      const down = e.key === 'ArrowDown' || e.key === 'j';
      const up = e.key === 'ArrowUp' || e.key === 'k';
      if (!down && !up) return;
      const links = [...document.querySelectorAll('ul.queue > li > a')];
      if (!links.length) return;
      e.preventDefault();
      const i = links.indexOf(document.activeElement);
      const next = i < 0 ? (down ? 0 : links.length - 1) : Math.max(0, Math.min(links.length - 1, i + (down ? 1 : -1)));
      links[next].focus();
      links[next].scrollIntoView({ block: 'nearest' });
    });
    try {
      const me = await api('GET', '/me');
      state.me = me.agent;
      state.csrf = me.csrf;
      chrome();
      connectEvents();
      await render();
    } catch (err) {
      if (err.status !== 401) flash(errorText(err), true);
    }
  }
  void start();
})();
