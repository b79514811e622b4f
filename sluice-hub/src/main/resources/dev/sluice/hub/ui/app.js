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

// ---- Subscriber console: a plain EventSource, events listed as they arrive. ----
let source = null;
$('subscribe-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const f = e.target;
  if (source) source.close();
  const url = new URL(hubUrl);
  f.match.value.split(/\s+/).filter(Boolean).forEach((m) => url.searchParams.append('match', m));
  if (f.token.value) url.searchParams.append('authorization', f.token.value.trim());
  if (f.lastEventID.value) url.searchParams.append('lastEventID', f.lastEventID.value.trim());
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
