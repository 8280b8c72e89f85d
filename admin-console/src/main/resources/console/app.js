// Sluice console front end: plain JavaScript, no build step, no outside hosts.
// Every value from the broker is put into the page as text nodes (textContent), never as markup.
'use strict';

const state = { csrf: null, user: null, timer: null, rates: { in: [], out: [] }, last: null };
const main = () => document.getElementById('main');

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else if (k === 'style') e.style.cssText = v; // CSSOM: allowed by the page's Content-Security-Policy
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function flash(text, bad) {
  const box = el('div', { class: bad ? 'bad' : '' }, text);
  document.getElementById('flash').append(box);
  setTimeout(() => box.remove(), 5000);
}

async function api(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  if (res.status === 401 && path !== '/api/login') { state.csrf = null; location.hash = '#/login'; throw new Error('log in first'); }
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) { const err = new Error(data && data.error ? data.error : res.statusText); err.field = data && data.field; throw err; }
  return data;
}

const fmt = {
  n: v => v === null || v === undefined || v < 0 ? '–' : Number(v).toLocaleString('en-US'),
  bytes: v => { if (v === null || v < 0) return '–'; const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB']; let i = 0; let x = v; while (x >= 1024 && i < u.length - 1) { x /= 1024; i++; } return (i ? x.toFixed(1) : x) + ' ' + u[i]; },
  dur: ms => { if (ms < 0) return '–'; const s = Math.floor(ms / 1000); const d = Math.floor(s / 86400); const h = Math.floor(s % 86400 / 3600); const m = Math.floor(s % 3600 / 60); return (d ? d + 'd ' : '') + (d || h ? h + 'h ' : '') + m + 'm ' + (s % 60) + 's'; },
  time: ms => ms > 0 ? new Date(ms).toISOString().replace('T', ' ').replace('Z', '') : '–',
  rate: v => v.toFixed(v < 10 ? 1 : 0) + '/s',
};

function card(label, value, id) { return el('div', { class: 'card' }, el('div', { class: 'label' }, label), el('div', { class: 'value', id }, value)); }

function stop() { if (state.timer) { clearInterval(state.timer); state.timer = null; } }

// ---- routing ----

async function route() {
  stop();
  const hash = location.hash || '#/';
  const parts = hash.slice(2).split('/').map(decodeURIComponent);
  document.querySelectorAll('#nav a').forEach(a => a.classList.toggle('active', a.dataset.page === (parts[0] || 'overview') || (a.dataset.page === 'destinations' && parts[0] === 'destination')));
  if (parts[0] === 'login') return loginPage();
  if (!state.csrf) {
    try { const s = await api('GET', '/api/session'); state.csrf = s.csrfToken; state.user = s.username; } catch (e) { return; }
  }
  renderWho();
  try {
    if (!parts[0]) await overviewPage();
    else if (parts[0] === 'destinations') await destinationsPage();
    else if (parts[0] === 'destination') await destinationPage(parts[1], parts[2] || 'messages');
    else if (parts[0] === 'connections') await connectionsPage();
    else if (parts[0] === 'producers') await producersPage();
    else if (parts[0] === 'users') await usersPage();
    else if (parts[0] === 'permissions') await permissionsPage(parts[1], parts[2]);
    else main().replaceChildren(el('p', {}, 'Unknown page.'));
  } catch (e) { main().replaceChildren(el('p', { class: 'error' }, e.message)); }
}

function renderWho() {
  document.getElementById('who').replaceChildren(el('span', {}, state.user || ''), state.user ? el('button', { class: 'secondary', id: 'logout', onclick: async () => { await api('POST', '/api/logout', {}); state.csrf = null; state.user = null; location.hash = '#/login'; } }, 'Log out') : null);
}

function loginPage() {
  document.getElementById('who').replaceChildren();
  const error = el('p', { class: 'error', id: 'login-error' });
  const form = el('form', { id: 'login-form', onsubmit: async ev => {
    ev.preventDefault();
    try {
      const s = await api('POST', '/api/login', { username: form.username.value, password: form.password.value });
      state.csrf = s.csrfToken; state.user = s.username; location.hash = '#/';
    } catch (e) { error.textContent = e.message; }
  } },
  el('label', {}, 'Username', el('input', { name: 'username', id: 'username', autocomplete: 'username', required: true })),
  el('label', {}, 'Password', el('input', { name: 'password', id: 'password', type: 'password', autocomplete: 'current-password', required: true })),
  el('button', { type: 'submit', id: 'login' }, 'Log in'), error);
  main().replaceChildren(el('div', { class: 'login panel' }, el('h1', {}, 'Log in to Sluice'), form));
}

// ---- overview ----

async function overviewPage() {
  const canvas = el('canvas', { id: 'rates', width: 1200, height: 220 });
  const cards = el('div', { class: 'cards', id: 'overview-cards' });
  main().replaceChildren(el('h1', {}, 'Overview'), cards,
    el('div', { class: 'panel' }, el('h2', {}, 'Messages per second'),
      el('div', { class: 'legend' }, el('span', { style: 'color:#1f6feb' }, '■ in'), el('span', { style: 'color:#e8710a' }, '■ out')), canvas));
  const refresh = async () => {
    const o = await api('GET', '/api/overview');
    const b = o.broker;
    if (state.last) {
      const dt = Math.max(1, b.nowMs - state.last.nowMs) / 1000;
      push(state.rates.in, Math.max(0, (b.messagesIn - state.last.messagesIn) / dt));
      push(state.rates.out, Math.max(0, (b.messagesOut - state.last.messagesOut) / dt));
    }
    state.last = b;
    const inRate = state.rates.in.length ? state.rates.in[state.rates.in.length - 1] : 0;
    const outRate = state.rates.out.length ? state.rates.out[state.rates.out.length - 1] : 0;
    cards.replaceChildren(
      card('Uptime', fmt.dur(o.uptimeMs)), card('Connections', fmt.n(b.connections), 'connections-count'),
      card('Queues', fmt.n(o.queues)), card('Topics', fmt.n(o.topics)), card('Pending messages', fmt.n(o.pendingMessages)),
      card('Consumers', fmt.n(o.consumers)), card('Messages in', fmt.n(b.messagesIn)), card('Messages out', fmt.n(b.messagesOut)),
      card('In now', fmt.rate(inRate)), card('Out now', fmt.rate(outRate)),
      card('Disk used', fmt.bytes(b.diskUsedBytes)), card('Disk free', fmt.bytes(b.diskFreeBytes)),
      card('Heap used', fmt.bytes(b.heapUsedBytes)), card('Heap max', fmt.bytes(b.heapMaxBytes)),
      card('Version', b.serverVersion), card('Security', b.securityEnabled ? 'on' : 'OFF'));
    drawChart(canvas, state.rates);
  };
  await refresh();
  state.timer = setInterval(() => refresh().catch(() => {}), 2000);
}

function push(arr, v) { arr.push(v); if (arr.length > 150) arr.shift(); }

function drawChart(canvas, rates) {
  const ctx = canvas.getContext('2d');
  const w = canvas.width, h = canvas.height;
  ctx.clearRect(0, 0, w, h);
  const max = Math.max(1, ...rates.in, ...rates.out) * 1.1;
  ctx.strokeStyle = '#dde1e6'; ctx.fillStyle = '#6b7480'; ctx.font = '12px sans-serif';
  for (let i = 0; i <= 4; i++) { const y = h - 20 - (h - 30) * i / 4; ctx.beginPath(); ctx.moveTo(40, y); ctx.lineTo(w, y); ctx.stroke(); ctx.fillText((max * i / 4).toFixed(max < 10 ? 1 : 0), 2, y + 4); }
  const line = (data, color) => {
    ctx.strokeStyle = color; ctx.lineWidth = 2; ctx.beginPath();
    data.forEach((v, i) => { const x = 40 + (w - 40) * i / 149; const y = h - 20 - (h - 30) * v / max; if (i) ctx.lineTo(x, y); else ctx.moveTo(x, y); });
    ctx.stroke();
  };
  line(rates.in, '#1f6feb'); line(rates.out, '#e8710a');
}

// ---- destinations ----

const listState = { filter: '', type: '', sort: 'name', order: 'asc', offset: 0, limit: 100 };

async function destinationsPage() {
  const table = el('div', { class: 'scroll', id: 'destinations-table' });
  const pager = el('div', { class: 'toolbar' });
  const load = async () => {
    const q = new URLSearchParams(listState);
    const r = await api('GET', '/api/destinations?' + q);
    const cols = [['name', 'Name'], ['type', 'Type'], ['partitions', 'Partitions', 'num optional'], ['pending', 'Pending', 'num'], ['messages', 'Stored', 'num optional'], ['size', 'Size', 'num optional'], ['in', 'In', 'num optional'], ['out', 'Out', 'num optional'], ['consumers', 'Consumers', 'num']];
    const head = el('tr', {}, cols.map(([key, label, cls]) => el('th', { class: 'sortable ' + (cls || ''), onclick: () => { listState.order = listState.sort === key && listState.order === 'asc' ? 'desc' : 'asc'; listState.sort = key; load(); } }, label + (listState.sort === key ? (listState.order === 'asc' ? ' ▲' : ' ▼') : ''))));
    const rows = r.destinations.map(d => el('tr', { 'data-name': d.name },
      el('td', { class: 'name' }, el('a', { href: '#/destination/' + encodeURIComponent(d.name) }, d.name)), el('td', {}, d.type),
      el('td', { class: 'num optional' }, fmt.n(d.partitions)), el('td', { class: 'num' }, fmt.n(d.pendingMessages)), el('td', { class: 'num optional' }, fmt.n(d.storedMessages)),
      el('td', { class: 'num optional' }, fmt.bytes(d.sizeBytes)), el('td', { class: 'num optional' }, fmt.n(d.messagesIn)), el('td', { class: 'num optional' }, fmt.n(d.messagesOut)), el('td', { class: 'num' }, fmt.n(d.consumers))));
    table.replaceChildren(el('table', {}, el('thead', {}, head), el('tbody', {}, rows)));
    pager.replaceChildren(el('span', { class: 'muted' }, `${r.total ? r.offset + 1 : 0}–${r.offset + r.destinations.length} of ${r.total}`),
      el('button', { class: 'secondary', disabled: r.offset === 0, onclick: () => { listState.offset = Math.max(0, listState.offset - listState.limit); load(); } }, 'Previous'),
      el('button', { class: 'secondary', disabled: r.offset + r.destinations.length >= r.total, onclick: () => { listState.offset += listState.limit; load(); } }, 'Next'));
  };
  const filter = el('input', { id: 'filter', placeholder: 'Filter by name', value: listState.filter, oninput: () => { listState.filter = filter.value; listState.offset = 0; load(); } });
  const type = el('select', { id: 'type-filter', onchange: () => { listState.type = type.value; listState.offset = 0; load(); } }, el('option', { value: '' }, 'All types'), el('option', { value: 'queue' }, 'Queues'), el('option', { value: 'topic' }, 'Topics'));
  type.value = listState.type;
  main().replaceChildren(el('h1', {}, 'Destinations'), createForm(load), el('div', { class: 'toolbar' }, filter, type), table, pager);
  await load();
}

function createForm(reload) {
  const error = el('span', { class: 'error', id: 'create-error' });
  const f = el('form', { class: 'inline panel', id: 'create-form', onsubmit: async ev => {
    ev.preventDefault(); error.textContent = '';
    const num = v => v === '' ? undefined : Number(v);
    try {
      await api('POST', '/api/destinations', { name: f.name.value, type: f.type.value, partitions: num(f.partitions.value), retentionMs: num(f.retention.value), segmentBytes: num(f.segment.value), maxDeliveries: num(f.maxDeliveries.value), deadLetterQueue: f.dlq.value === '' ? undefined : f.dlq.value });
      flash('Created ' + f.name.value); f.reset(); reload();
    } catch (e) { error.textContent = e.message; }
  } },
  el('label', {}, 'Name', el('input', { name: 'name', id: 'new-name', required: true })),
  el('label', {}, 'Type', el('select', { name: 'type', id: 'new-type' }, el('option', { value: 'queue' }, 'queue'), el('option', { value: 'topic' }, 'topic'))),
  el('label', {}, 'Partitions', el('input', { name: 'partitions', id: 'new-partitions', type: 'number', value: '1', style: 'width:6em' })),
  el('label', {}, 'Retention ms', el('input', { name: 'retention', type: 'number', placeholder: 'default', style: 'width:9em' })),
  el('label', {}, 'Segment bytes', el('input', { name: 'segment', type: 'number', placeholder: 'default', style: 'width:9em' })),
  el('label', {}, 'Max deliveries', el('input', { name: 'maxDeliveries', id: 'new-max-deliveries', type: 'number', placeholder: 'default', style: 'width:7em' })),
  el('label', {}, 'Dead-letter queue', el('input', { name: 'dlq', placeholder: 'DLQ', style: 'width:9em' })),
  el('button', { type: 'submit', id: 'create' }, 'Create'), error);
  return f;
}

// ---- one destination ----

async function destinationPage(name, tab) {
  const d = await api('GET', '/api/destinations/' + encodeURIComponent(name));
  const isQueue = d.configs.type === 'queue';
  const tabs = ['messages', 'subscriptions', 'send', 'configuration'];
  const body = el('div', { id: 'tab-body' });
  const s = d.stats || {};
  main().replaceChildren(
    el('h1', {}, (isQueue ? 'Queue ' : 'Topic '), el('span', { id: 'destination-name' }, d.name)),
    el('div', { class: 'cards' }, card('Partitions', fmt.n(d.partitions.length)), card('Pending', fmt.n(s.pendingMessages), 'pending'), card('Stored', fmt.n(s.storedMessages)), card('Size', fmt.bytes(s.sizeBytes)), card('Consumers', fmt.n(s.consumers)), card('Subscriptions', fmt.n(s.subscriptions))),
    el('div', { class: 'toolbar' },
      isQueue ? el('button', { class: 'secondary', id: 'purge', onclick: async () => { if (!confirm('Remove every message of ' + name + ' that no consumer holds?')) return; try { const r = await api('POST', `/api/destinations/${encodeURIComponent(name)}/purge`, {}); flash('Purged ' + r.purged + ' messages'); route(); } catch (e) { flash(e.message, true); } } }, 'Purge') : null,
      el('button', { class: 'danger', id: 'delete-destination', onclick: async () => { const typed = prompt('Delete ' + name + ' with all its messages? Type its name to confirm.'); if (typed !== name) return; try { await api('DELETE', '/api/destinations/' + encodeURIComponent(name)); flash('Deleted ' + name); location.hash = '#/destinations'; } catch (e) { flash(e.message, true); } } }, 'Delete')),
    el('div', { class: 'tabs' }, tabs.map(t => el('a', { href: `#/destination/${encodeURIComponent(name)}/${t}`, id: 'tab-' + t, class: t === tab ? 'active' : '' }, t[0].toUpperCase() + t.slice(1)))),
    body);
  if (tab === 'messages') await messagesTab(body, d, isQueue);
  else if (tab === 'subscriptions') await subscriptionsTab(body, name);
  else if (tab === 'send') sendTab(body, name);
  else configTab(body, d);
}

async function messagesTab(body, d, isQueue) {
  const name = d.name;
  const subs = await api('GET', `/api/destinations/${encodeURIComponent(name)}/subscriptions`);
  const view = el('select', { id: 'view' }, isQueue ? el('option', { value: 'queue' }, 'Pending (queue cursor)') : null, el('option', { value: 'log' }, 'All stored (log)'),
    subs.filter(x => x.type !== 'QUEUE').map(x => el('option', { value: 'sub:' + x.subscriptionId }, `Subscription ${x.name || x.subscriptionId} (${x.type})`)));
  const partition = el('select', { id: 'partition' }, el('option', { value: '' }, 'all'), d.partitions.map(p => el('option', { value: p.partition }, String(p.partition))));
  const offset = el('input', { id: 'offset', type: 'number', min: 0, placeholder: 'start', style: 'width:8em' });
  const time = el('input', { id: 'time', type: 'datetime-local', step: 1 });
  const selector = el('input', { id: 'selector', placeholder: "selector, e.g. JMSPriority > 4 AND region = 'EU'", style: 'min-width:320px' });
  const selectorError = el('div', { class: 'error', id: 'selector-error' });
  const table = el('div', { class: 'scroll', id: 'messages' });
  const more = el('div', { class: 'toolbar' });
  const target = el('input', { id: 'target', placeholder: 'target destination', style: 'width:12em' });
  let loaded = [];
  const selected = () => loaded.filter(m => m.check.checked).map(m => ({ partition: m.data.partition, offset: m.data.offset }));
  const subscriptionOf = () => view.value.startsWith('sub:') ? Number(view.value.slice(4)) : null;
  const load = async append => {
    selectorError.textContent = '';
    const q = new URLSearchParams();
    const v = view.value;
    if (v.startsWith('sub:')) { q.set('view', 'subscription'); q.set('subscription', v.slice(4)); } else q.set('view', v);
    if (isQueue) q.set('kind', 'queue');
    if (partition.value !== '') q.set('partition', partition.value);
    if (offset.value !== '') q.set('offset', offset.value);
    if (time.value !== '') q.set('time', String(new Date(time.value).getTime()));
    if (selector.value.trim() !== '') q.set('selector', selector.value);
    q.set('limit', '50');
    if (append && append.next) q.set('after', append.next);
    let r;
    try { r = await api('GET', `/api/destinations/${encodeURIComponent(name)}/messages?` + q); }
    catch (e) { if (e.field === 'selector') { selectorError.textContent = e.message; return; } throw e; }
    if (!append) loaded = [];
    const rows = r.messages.map(m => { const check = el('input', { type: 'checkbox', 'data-offset': m.offset }); const entry = { data: m, check }; loaded.push(entry); return entry; });
    render();
    more.replaceChildren(r.end ? el('span', { class: 'muted' }, `${loaded.length} shown; end reached`) : el('button', { class: 'secondary', id: 'more', onclick: () => load({ next: r.next }) }, 'Next page'));
    return rows;
  };
  const render = () => {
    const head = el('tr', {}, el('th', {}, ''), el('th', { class: 'num' }, 'Part.'), el('th', { class: 'num' }, 'Offset'), el('th', {}, 'Time'), el('th', {}, 'State'), el('th', { class: 'num optional' }, 'Deliv.'), el('th', { class: 'optional' }, 'Message ID'), el('th', {}, 'Body'));
    const rows = [];
    loaded.forEach(m => {
      const x = m.data; const detail = el('tr', { class: 'detail', hidden: true }, el('td', { colspan: 8 }, messageDetail(x)));
      rows.push(el('tr', { class: 'message', 'data-offset': x.offset }, el('td', {}, m.check), el('td', { class: 'num' }, x.partition), el('td', { class: 'num' }, x.offset), el('td', {}, fmt.time(x.timestamp)), el('td', {}, el('span', { class: 'pill' }, x.state)), el('td', { class: 'num optional' }, x.deliveryCount),
        el('td', { class: 'optional name' }, x.headers ? x.headers.JMSMessageID : ''), el('td', { class: 'name' }, el('a', { href: '#', onclick: ev => { ev.preventDefault(); detail.hidden = !detail.hidden; } }, bodySummary(x)))), detail);
    });
    table.replaceChildren(el('table', {}, el('thead', {}, head), el('tbody', {}, rows)));
  };
  const act = async (path, payload, verb) => {
    const messages = selected();
    if (!messages.length) { flash('Select messages first', true); return; }
    try { const r = await api('POST', `/api/destinations/${encodeURIComponent(name)}/${path}`, Object.assign({ messages }, payload)); flash(`${verb} ${r.affected}` + (r.skipped ? `, skipped ${r.skipped}: ${r.detail}` : '')); await load(); }
    catch (e) { flash(e.message, true); }
  };
  body.replaceChildren(
    el('form', { class: 'inline', id: 'browse-form', onsubmit: ev => { ev.preventDefault(); load().catch(e => flash(e.message, true)); } },
      el('label', {}, 'View', view), el('label', {}, 'Partition', partition), el('label', {}, 'From offset', offset), el('label', {}, 'Or from time (UTC)', time), el('label', {}, 'Selector', selector), el('button', { type: 'submit', id: 'browse' }, 'Browse')),
    selectorError,
    el('div', { class: 'toolbar' },
      el('button', { class: 'danger', id: 'delete-selected', onclick: () => { if (confirm('Delete the selected messages?')) act('messages/delete', { subscription: subscriptionOf() }, 'Deleted'); } }, 'Delete selected'),
      target,
      el('button', { class: 'secondary', id: 'move-selected', onclick: () => act('messages/move', { subscription: subscriptionOf(), target: target.value, copy: false }, 'Moved') }, 'Move'),
      el('button', { class: 'secondary', id: 'copy-selected', onclick: () => act('messages/move', { subscription: subscriptionOf(), target: target.value, copy: true }, 'Copied') }, 'Copy'),
      isQueue ? el('button', { class: 'secondary', id: 'redrive-selected', onclick: () => act('redrive', {}, 'Redrove') }, 'Redrive selected') : null,
      isQueue ? el('button', { class: 'secondary', id: 'redrive-all', onclick: () => redriveAll(name).then(() => load()) }, 'Redrive all') : null),
    table, more);
  await load();
}

async function redriveAll(name) {
  if (!confirm('Send every message of ' + name + ' back to its original destination?')) return;
  let total = 0;
  for (let round = 0; round < 10000; round++) {
    const r = await api('POST', `/api/destinations/${encodeURIComponent(name)}/redrive`, { all: true, limit: 1000 });
    total += r.affected;
    if (!r.more || r.affected === 0) { flash(`Redrove ${total}` + (r.skipped ? `, skipped ${r.skipped}: ${r.detail}` : '')); return; }
  }
}

function bodySummary(m) {
  const b = m.body || {};
  if (m.error) return 'undecodable: ' + m.error;
  if (b.type === 'TEXT') return b.text === null ? '(null text)' : (b.text.length > 120 ? b.text.slice(0, 120) + '…' : b.text);
  if (b.type === 'BYTES' || b.type === 'OBJECT') return `${b.type} ${fmt.n(b.length)} bytes`;
  if (b.type === 'MAP') return `MAP ${b.entries.length} entries`;
  if (b.type === 'STREAM') return `STREAM ${b.values.length} values`;
  return b.type || '';
}

function messageDetail(m) {
  const kv = obj => el('div', { class: 'kv' }, Object.entries(obj || {}).flatMap(([k, v]) => [el('div', {}, k), el('div', {}, v === null ? '–' : String(v))]));
  const props = el('div', { class: 'kv' }, (m.properties || []).flatMap(p => [el('div', {}, p.name), el('div', {}, `${p.value} `, el('span', { class: 'pill' }, p.type))]));
  const b = m.body || {};
  let content;
  if (b.type === 'TEXT') content = el('pre', { class: 'body-text' }, b.text === null ? '(null)' : b.text + (b.truncated ? '\n… (truncated)' : ''));
  else if (b.hex !== undefined) content = el('pre', {}, (b.hex || '').replace(/(.{2})/g, '$1 ').replace(/((?:.. ){32})/g, '$1\n') + (b.truncated ? '\n… (truncated)' : ''));
  else if (b.type === 'MAP') content = el('div', { class: 'kv' }, b.entries.flatMap(e => [el('div', {}, e.name), el('div', {}, `${e.value} `, el('span', { class: 'pill' }, e.type))]));
  else if (b.type === 'STREAM') content = el('div', { class: 'kv' }, b.values.flatMap((e, i) => [el('div', {}, '#' + i), el('div', {}, `${e.value} `, el('span', { class: 'pill' }, e.type))]));
  else content = el('span', { class: 'muted' }, 'no body');
  return el('div', {}, m.error ? el('p', { class: 'error' }, m.error) : null, el('h2', {}, 'Headers'), kv(m.headers), el('h2', {}, 'Properties'), (m.properties || []).length ? props : el('span', { class: 'muted' }, 'none'), el('h2', {}, 'Body (' + (b.type || '') + ')'), content);
}

async function subscriptionsTab(body, name) {
  const subs = await api('GET', `/api/destinations/${encodeURIComponent(name)}/subscriptions`);
  const rows = subs.map(s => el('tr', {},
    el('td', {}, s.subscriptionId), el('td', {}, s.type), el('td', { class: 'name' }, s.name || '–'), el('td', { class: 'name optional' }, s.clientId || '–'), el('td', { class: 'name optional' }, s.selector || '–'),
    el('td', { class: 'num' }, fmt.n(s.backlog)), el('td', { class: 'num' }, fmt.n(s.inFlight)), el('td', {}, s.oldestUnackedTimestamp > 0 ? fmt.dur(Date.now() - s.oldestUnackedTimestamp) : '–'),
    el('td', {}, s.consumers.length ? s.consumers.map(c => el('div', {}, `connection ${c.connectionId} / consumer ${c.consumerId} (credit ${c.credit})`)) : '–'),
    el('td', {}, (s.type === 'DURABLE' || s.type === 'SHARED_DURABLE') && s.consumers.length === 0 ? el('button', { class: 'danger', onclick: async () => { if (!confirm('Delete subscription ' + (s.name || s.subscriptionId) + '?')) return; try { await api('DELETE', `/api/destinations/${encodeURIComponent(name)}/subscriptions/${s.subscriptionId}`); flash('Deleted'); route(); } catch (e) { flash(e.message, true); } } }, 'Delete') : '')));
  body.replaceChildren(subs.length ? el('div', { class: 'scroll' }, el('table', { id: 'subscriptions' }, el('thead', {}, el('tr', {}, ['Id', 'Type', 'Name', 'Client id', 'Selector', 'Backlog', 'In flight', 'Oldest unacked', 'Consumers', ''].map((h, i) => el('th', { class: i === 3 || i === 4 ? 'optional' : '' }, h)))), el('tbody', {}, rows)))
    : el('p', { class: 'muted' }, 'No subscriptions yet: a queue gets its cursor with its first consumer or browse, a topic one per subscriber.'));
}

function sendTab(body, name) {
  const error = el('div', { class: 'error', id: 'send-error' });
  const props = el('div', { id: 'send-properties' });
  const addProp = () => props.append(el('div', { class: 'toolbar prop' }, el('input', { placeholder: 'name', class: 'prop-name' }), el('select', { class: 'prop-type' }, ['string', 'boolean', 'byte', 'short', 'int', 'long', 'float', 'double'].map(t => el('option', { value: t }, t))), el('input', { placeholder: 'value', class: 'prop-value' })));
  const f = el('form', { class: 'panel', id: 'send-form', onsubmit: async ev => {
    ev.preventDefault(); error.textContent = '';
    const properties = [...props.querySelectorAll('.prop')].filter(p => p.querySelector('.prop-name').value).map(p => ({ name: p.querySelector('.prop-name').value, type: p.querySelector('.prop-type').value, value: p.querySelector('.prop-value').value }));
    const num = v => v === '' ? undefined : Number(v);
    try {
      const r = await api('POST', `/api/destinations/${encodeURIComponent(name)}/messages`, { type: f.type.value, body: f.body.value, correlationId: f.correlationId.value, jmsType: f.jmsType.value, priority: num(f.priority.value), persistent: f.persistent.checked, timeToLiveMs: num(f.ttl.value), properties });
      flash(`Sent to partition ${r.partition} at offset ${r.offset}`);
    } catch (e) { error.textContent = e.message; }
  } },
  el('div', { class: 'toolbar' },
    el('label', {}, 'Body type', el('select', { name: 'type', id: 'send-type' }, ['TEXT', 'BYTES', 'MESSAGE'].map(t => el('option', { value: t }, t)))),
    el('label', {}, 'JMSCorrelationID', el('input', { name: 'correlationId' })), el('label', {}, 'JMSType', el('input', { name: 'jmsType' })),
    el('label', {}, 'Priority', el('input', { name: 'priority', type: 'number', min: 0, max: 9, value: 4, style: 'width:5em' })),
    el('label', {}, 'Time to live ms', el('input', { name: 'ttl', type: 'number', min: 0, value: 0, style: 'width:8em' })),
    el('label', {}, 'Persistent', el('input', { name: 'persistent', type: 'checkbox', checked: true }))),
  el('label', {}, 'Body (text, or hex digits for BYTES)', el('textarea', { name: 'body', id: 'send-body' })),
  el('h2', {}, 'Properties'), props, el('button', { type: 'button', class: 'secondary', onclick: addProp }, 'Add property'), ' ',
  el('button', { type: 'submit', id: 'send' }, 'Send'), error);
  addProp();
  body.replaceChildren(f);
}

function configTab(body, d) {
  const error = el('div', { class: 'error', id: 'config-error' });
  const inputs = {};
  const rows = Object.entries(d.configs).sort().map(([k, v]) => { const i = el('input', { value: v, 'data-key': k, disabled: k === 'type', style: 'min-width:18em' }); inputs[k] = [i, v]; return el('tr', {}, el('td', {}, k), el('td', {}, i)); });
  const parts = d.partitions.map(p => el('tr', {}, el('td', { class: 'num' }, p.partition), el('td', { class: 'num' }, fmt.n(p.logStartOffset)), el('td', { class: 'num' }, fmt.n(p.highWatermark)), el('td', { class: 'num' }, fmt.bytes(p.sizeBytes))));
  body.replaceChildren(el('div', { class: 'panel' }, el('table', {}, el('tbody', {}, rows)),
    el('button', { id: 'save-config', onclick: async () => {
      const set = {}; for (const [k, [i, v]] of Object.entries(inputs)) if (i.value !== v) set[k] = i.value;
      try { await api('PUT', `/api/destinations/${encodeURIComponent(d.name)}/config`, { set, reset: [] }); flash('Saved'); route(); } catch (e) { error.textContent = e.message; }
    } }, 'Save'), error),
    el('h2', {}, 'Partitions'), el('table', {}, el('thead', {}, el('tr', {}, ['Partition', 'Log start', 'High watermark', 'Size'].map(h => el('th', { class: 'num' }, h)))), el('tbody', {}, parts)));
}

// ---- connections and producers ----

async function connectionsPage() {
  const list = await api('GET', '/api/connections');
  const rows = list.map(c => el('tr', {}, el('td', {}, c.connectionId), el('td', { class: 'name' }, c.clientId || '–'), el('td', {}, c.username || '–'), el('td', {}, c.address), el('td', { class: 'optional' }, c.clientSoftware), el('td', { class: 'optional' }, fmt.time(c.connectedSinceMs)), el('td', { class: 'num' }, c.consumers), el('td', { class: 'num' }, c.unsettled),
    el('td', {}, el('button', { class: 'danger', onclick: async () => { if (!confirm('Close connection ' + c.connectionId + '?')) return; try { await api('DELETE', '/api/connections/' + c.connectionId); flash('Closed'); route(); } catch (e) { flash(e.message, true); } } }, 'Close'))));
  main().replaceChildren(el('h1', {}, 'Connections'), el('div', { class: 'scroll' }, el('table', { id: 'connections' }, el('thead', {}, el('tr', {}, ['Id', 'Client id', 'User', 'Address', 'Software', 'Since', 'Consumers', 'Unsettled', ''].map((h, i) => el('th', { class: (i === 4 || i === 5 ? 'optional ' : '') + (i === 6 || i === 7 ? 'num' : '') }, h)))), el('tbody', {}, rows))));
}

async function producersPage() {
  const filter = el('input', { id: 'producer-destination', placeholder: 'destination (all if empty)' });
  const table = el('div', { class: 'scroll' });
  const load = async () => {
    const list = await api('GET', '/api/producers' + (filter.value ? '?destination=' + encodeURIComponent(filter.value) : ''));
    table.replaceChildren(el('table', { id: 'producers' }, el('thead', {}, el('tr', {}, ['Destination', 'Partition', 'Producer id', 'Name', 'Epoch', 'Last sequence', 'Last offset', 'Last append', 'Connection'].map(h => el('th', {}, h)))),
      el('tbody', {}, list.map(p => el('tr', {}, el('td', { class: 'name' }, p.topic), el('td', { class: 'num' }, p.partition), el('td', { class: 'num' }, p.producerId), el('td', {}, p.name || '–'), el('td', { class: 'num' }, p.epoch), el('td', { class: 'num' }, p.lastSequence), el('td', { class: 'num' }, p.lastOffset), el('td', {}, fmt.time(p.lastAppendTimeMs)), el('td', {}, p.connectionId >= 0 ? p.connectionId : '–'))))));
  };
  main().replaceChildren(el('h1', {}, 'Producers'), el('form', { class: 'inline', onsubmit: ev => { ev.preventDefault(); load().catch(e => flash(e.message, true)); } }, filter, el('button', { type: 'submit' }, 'Show')), table);
  await load();
}

window.addEventListener('hashchange', route);
window.addEventListener('DOMContentLoaded', route);
