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

// ---- Subscriber console: a plain EventSource, events listed as they arrive. ----
let source = null;
$('subscribe-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const f = e.target;
  if (source) source.close();
  const url = new URL(hubUrl);
  f.match.value.split(/\s+/).filter(Boolean).forEach((m) => url.searchParams.append('match', m));
  if (f.token.value) url.searchParams.append('authorization', f.token.value.trim());
  if (f.lastEventID.value) url.searchParams.append('last_event_id', f.lastEventID.value.trim());
  source = new EventSource(url);
  $('unsubscribe').disabled = false;
  $('subscribe-state').textContent = 'connecting…';
  source.onopen = () => { $('subscribe-state').textContent = 'subscribed'; };
  source.onerror = () => { $('subscribe-state').textContent = 'reconnecting…'; };
  const show = (ev) => {
    const li = document.createElement('li');
    const meta = document.createElement('span');
    meta.className = 'meta';
    meta.textContent = new Date().toLocaleTimeString() + '  ' + ev.type + '  ' + ev.lastEventId + '\n';
    li.append(meta, document.createTextNode(ev.data));
    $('events').prepend(li);
    while ($('events').children.length > 200) $('events').lastChild.remove();
  };
  source.onmessage = show;
  // Typed updates arrive as their own event type; listen to the ones typed in the publish form too.
  const typed = document.querySelector('#publish-form [name=type]');
  const listened = new Set();
  const listenTyped = () => {
    const t = typed.value.trim();
    if (t && !listened.has(t)) { listened.add(t); source.addEventListener(t, show); }
  };
  typed.addEventListener('change', listenTyped);
  listenTyped();
});
$('unsubscribe').addEventListener('click', () => {
  if (source) source.close();
  source = null;
  $('unsubscribe').disabled = true;
  $('subscribe-state').textContent = 'stopped';
});

// ---- Development tokens, offered only by a hub running with a generated development key. ----
fetch('/ui/config').then((r) => r.ok ? r.json() : {}).then((c) => {
  if (c.publisherToken) $('publisher-token').value = c.publisherToken;
  if (c.subscriberToken) $('subscriber-token').value = c.subscriberToken;
}).catch(() => {});

startDashboard();
