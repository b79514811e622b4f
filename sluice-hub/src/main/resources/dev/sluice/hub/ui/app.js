// The hub's web UI: no build step, no dependencies. The dashboard itself updates over SSE.
'use strict';

const $ = (id) => document.getElementById(id);
const hubUrl = new URL('/.well-known/mercure', location.href);

// ---- Dashboard: one EventSource on /ui/stats, a JSON snapshot per second. ----
const rates = [];
function drawRates() {
  const canvas = $('rates');
  const ctx = canvas.getContext('2d');
  const w = canvas.width, h = canvas.height;
  ctx.clearRect(0, 0, w, h);
  const max = Math.max(10, ...rates.map((r) => r.delivery));
  ctx.strokeStyle = '#1f6feb';
  ctx.lineWidth = 2;
  ctx.beginPath();
  rates.forEach((r, i) => {
    const x = (i / 119) * w;
    const y = h - 4 - (r.delivery / max) * (h - 20);
    if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
  });
  ctx.stroke();
  ctx.fillStyle = '#667085';
  ctx.font = '12px system-ui';
  ctx.fillText('deliveries/s, max ' + Math.round(max), 6, 14);
}

function startDashboard() {
  const stats = new EventSource('/ui/stats');
  stats.onopen = () => { $('live-state').textContent = 'live'; };
  stats.onerror = () => { $('live-state').textContent = 'reconnecting…'; };
  stats.addEventListener('stats', (e) => {
    const s = JSON.parse(e.data);
    $('m-subscribers').textContent = s.subscribers;
    $('m-subscriptions').textContent = s.subscriptions;
    $('m-topics').textContent = s.topics;
    $('m-publish-rate').textContent = Math.round(s.publishRate);
    $('m-delivery-rate').textContent = Math.round(s.deliveryRate);
    $('m-history').textContent = s.history;
    rates.push({ delivery: s.deliveryRate });
    if (rates.length > 120) rates.shift();
    drawRates();
  });
}

// ---- Publish console: fetch POST, form-encoded, as any publisher would. ----
$('publish-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = e.target;
  const body = new URLSearchParams();
  body.append('topic', f.topic.value);
  body.append('data', f.data.value);
  if (f.type.value) body.append('type', f.type.value);
  if (f.id.value) body.append('id', f.id.value);
  if (f.private.checked) body.append('private', 'on');
  const headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (f.token.value) headers.Authorization = 'Bearer ' + f.token.value.trim();
  const out = $('publish-result');
  try {
    const response = await fetch(hubUrl, { method: 'POST', headers, body });
    const text = await response.text();
    out.className = response.ok ? '' : 'error';
    out.textContent = response.status + ' ' + text;
  } catch (err) {
    out.className = 'error';
    out.textContent = String(err);
  }
});

// ---- Subscriber console: fetch() reading the stream, so the token travels in the Authorization
// header (Mercure 1.0 never accepts a token in the URL, and EventSource cannot set headers). ----
let subscription = null; // { abort: AbortController }
const showEvent = (type, id, data) => {
  const li = document.createElement('li');
  const meta = document.createElement('span');
  meta.className = 'meta';
  meta.textContent = new Date().toLocaleTimeString() + '  ' + type + '  ' + id + '\n';
  li.append(meta, document.createTextNode(data));
  $('events').prepend(li);
  while ($('events').children.length > 200) $('events').lastChild.remove();
};
// Dispatches the blocks of a text/event-stream as the EventSource parser would (event, data, id).
const readEvents = async (body, state) => {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let ev = { type: '', data: [], id: null };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let nl;
    while ((nl = buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + (buffer.startsWith('\r\n', nl) ? 2 : 1));
      if (line === '') {
        if (ev.id !== null) state.lastId = ev.id;
        if (ev.data.length) showEvent(ev.type || 'message', state.lastId, ev.data.join('\n'));
        ev = { type: '', data: [], id: null };
        continue;
      }
      const colon = line.indexOf(':');
      if (colon === 0) continue; // A comment (heartbeat).
      const field = colon < 0 ? line : line.slice(0, colon);
      const val = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') ev.data.push(val);
      else if (field === 'event') ev.type = val;
      else if (field === 'id' && !val.includes('\0')) ev.id = val;
    }
  }
};
$('subscribe-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const f = e.target;
  if (subscription) subscription.abort.abort();
  const url = new URL(hubUrl);
  f.match.value.split(/\s+/).filter(Boolean).forEach((m) => url.searchParams.append('match', m));
  const token = f.token.value.trim();
  const state = { lastId: f.lastEventID.value.trim() };
  const abort = new AbortController();
  subscription = { abort };
  $('unsubscribe').disabled = false;
  const connect = async () => {
    $('subscribe-state').textContent = 'connecting…';
    const headers = {};
    if (token) headers.Authorization = 'Bearer ' + token;
    if (state.lastId) headers['Last-Event-ID'] = state.lastId;
    try {
      const response = await fetch(url, { headers, signal: abort.signal, cache: 'no-store' });
      if (!response.ok) {
        $('subscribe-state').textContent = response.status + ' ' + (await response.text());
        return; // A refusal (bad token, bad matcher) does not get better by retrying.
      }
      $('subscribe-state').textContent = 'subscribed';
      await readEvents(response.body, state);
    } catch (err) {
      if (abort.signal.aborted) return;
    }
    if (!abort.signal.aborted) {
      $('subscribe-state').textContent = 'reconnecting…';
      setTimeout(connect, 3000);
    }
  };
  connect();
});
$('unsubscribe').addEventListener('click', () => {
  if (subscription) subscription.abort.abort();
  subscription = null;
  $('unsubscribe').disabled = true;
  $('subscribe-state').textContent = 'stopped';
});

// ---- Development tokens, offered only by a hub running with a generated development key. ----
fetch('/ui/config').then((r) => r.ok ? r.json() : {}).then((c) => {
  if (c.publisherToken) $('publisher-token').value = c.publisherToken;
  if (c.subscriberToken) $('subscriber-token').value = c.subscriberToken;
}).catch(() => {});

startDashboard();
