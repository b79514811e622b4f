// The hub's web UI: no build step, no dependencies. The dashboard itself updates over SSE.
'use strict';

const $ = (id) => document.getElementById(id);
const hubUrl = new URL('/.well-known/mercure', location.href);

// ---- Dashboard: one EventSource on /ui/stats, a JSON snapshot per second. ----
const rates = []; // {t: Date, delivery, publish}: one a second, the last two minutes.
const WINDOW_SECONDS = 120;

// The smallest 1, 2 or 5 × 10^n at or above v: a y-axis top that reads well.
function niceCeiling(v) {
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  return [1, 2, 5, 10].map((m) => m * p).find((c) => c >= v);
}

const number = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
const clock = (t) => t.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

// Deliveries and publishes per second against wall-clock time: y axis in events/s, x axis with
// the time every 30 s, so a spike can be matched with a log line.
function drawRates() {
  const canvas = $('rates');
  const ratio = window.devicePixelRatio || 1;
  const w = canvas.clientWidth || canvas.width, h = canvas.clientHeight || canvas.height;
  if (canvas.width !== Math.round(w * ratio)) {
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(h * ratio);
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, w, h);
  ctx.font = '11px system-ui, sans-serif';
  const left = 48, right = 8, top = 20, bottom = 20;
  const plotW = w - left - right, plotH = h - top - bottom;
  const max = niceCeiling(Math.max(10, ...rates.map((r) => Math.max(r.delivery, r.publish))));
  const now = rates.length ? rates[rates.length - 1].t.getTime() : Date.now();
  const x = (t) => left + plotW * (1 - (now - t) / (WINDOW_SECONDS * 1000));
  const y = (v) => top + plotH * (1 - v / max);

  // Y axis: 0, half, top; grid lines across.
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  [0, max / 2, max].forEach((v) => {
    ctx.strokeStyle = '#e6e9ef';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(left, Math.round(y(v)) + 0.5);
    ctx.lineTo(w - right, Math.round(y(v)) + 0.5);
    ctx.stroke();
    ctx.fillStyle = '#667085';
    ctx.fillText(number.format(v), left - 6, y(v));
  });
  // X axis: a tick with the time every 30 s, on whole half-minutes.
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const step = 30000;
  for (let t = Math.ceil((now - WINDOW_SECONDS * 1000) / step) * step; t <= now; t += step) {
    const tx = Math.round(x(t)) + 0.5;
    ctx.strokeStyle = '#c3cad6';
    ctx.beginPath();
    ctx.moveTo(tx, top + plotH);
    ctx.lineTo(tx, top + plotH + 4);
    ctx.stroke();
    ctx.fillText(clock(new Date(t)), Math.min(Math.max(tx, left + 24), w - right - 24), top + plotH + 6);
  }

  const line = (key, colour) => {
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2;
    ctx.beginPath();
    rates.forEach((r, i) => {
      if (i === 0) ctx.moveTo(x(r.t.getTime()), y(r[key])); else ctx.lineTo(x(r.t.getTime()), y(r[key]));
    });
    ctx.stroke();
  };
  line('publish', '#f79009');
  line('delivery', '#1f6feb');

  // Legend, with the latest values.
  const last = rates[rates.length - 1] || { delivery: 0, publish: 0 };
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = '#1f6feb';
  ctx.fillText('deliveries/s ' + number.format(last.delivery), left, 13);
  ctx.fillStyle = '#f79009';
  ctx.fillText('publishes/s ' + number.format(last.publish), left + 130, 13);
}

function startDashboard() {
  drawRates(); // The axes from the start, before the first sample.
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
    rates.push({ t: new Date(), delivery: s.deliveryRate, publish: s.publishRate });
    if (rates.length > WINDOW_SECONDS) rates.shift();
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
