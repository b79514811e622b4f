// The scenario cards: one EventSource per card, started and stopped by hand.
'use strict';

const SCENARIOS = [
  { key: 'basic', path: '/sse/basic', title: 'Basic messages', finite: true, types: ['message'],
    text: 'Ten data: messages (Message 0 .. Message 9), half a second apart, then the server ends the response.' },
  { key: 'json', path: '/sse/json', title: 'JSON data', finite: true, types: ['message'], json: true,
    text: 'Five JSON objects {id, message, timestamp}, half a second apart, each parsed with JSON.parse.' },
  { key: 'events', path: '/sse/events', title: 'Named events', finite: true, types: ['start', 'progress', 'complete'],
    text: 'start (text), five progress events with JSON {progress, step}, complete (text): each caught by addEventListener(type).' },
  { key: 'multifield', path: '/sse/multifield', title: 'Multi-line events', finite: true, types: ['update'],
    text: 'Five events with id, event: update and three data: lines, which the browser joins with newlines.' },
  { key: 'clock', path: '/sse/clock', title: 'Clock', finite: false, types: ['message'],
    text: 'The server time every second, forever; stopping closes the connection and the server stops its timer.' },
  { key: 'heartbeat', path: '/sse/heartbeat', title: 'Heartbeat', finite: false, types: ['message'],
    text: 'Ten messages five seconds apart, then only ": heartbeat" comment lines every 15 s to keep the connection alive.',
    note: 'Comments never reach EventSource listeners: see them in the raw view on the fetch page, or with curl.' },
  { key: 'stream', path: '/stream', title: 'Random values', finite: false, types: ['message'],
    text: '"Random value: N", N from 1 to 100, each second (the Flask tutorial).' },
  { key: 'typed', path: '/stream_with_type_and_id', title: 'Types and ids', finite: false, types: ['time_update', 'special_message'],
    text: 'time_update events with ids each second, and after every fifth a special_message with the same id.' },
  { key: 'jsonstream', path: '/json_stream', title: 'JSON stream', finite: false, types: ['message'], json: true,
    text: 'JSON {counter, timestamp, message} each second.' },
  { key: 'apievents', path: '/api/events', title: 'Messages and updates', finite: false, types: ['message', 'update'],
    text: 'A message each second for onmessage, and after every fifth an update event with JSON {count, timestamp}.' },
  { key: 'express', path: '/events', title: 'Express events', finite: false, types: ['message', 'customEvent'], json: true,
    text: 'A customEvent {type: "welcome"} at once, then JSON {time} each second (the Express tutorial).' },
  { key: 'api', path: '/api/sse-stream', title: 'API stream', finite: true, types: ['message', 'custom-event', 'chat-message'], json: true,
    text: 'Ten JSON {message, timestamp} a second apart, a custom-event, then a last message {message, type: "end"}: the page closes the EventSource on it. Chat messages show up here too.' },
];

/** What each card received, for the browser test: {type, id, data} per event. */
window.demoReceived = {};

function card(scenario) {
  const badge = Demo.el('span', { class: 'state', 'data-state': 'idle', text: 'idle' });
  const count = Demo.el('b', { text: '0' });
  const latest = Demo.el('div', { class: 'latest', text: '—' });
  const log = Demo.el('ul', { class: 'log' });
  const start = Demo.el('button', { type: 'button', text: 'Start' });
  const stop = Demo.el('button', { type: 'button', class: 'secondary', text: 'Stop' });
  stop.disabled = true;
  const section = Demo.el('section', { class: 'card', id: 'scenario-' + scenario.key, 'data-count': '0' },
      Demo.el('h2', {}, Demo.el('span', { text: scenario.title }), badge),
      Demo.el('p', {}, Demo.el('code', { text: 'GET ' + scenario.path }), ' ' + scenario.text));
  if (scenario.note) section.append(Demo.el('p', { class: 'note', text: scenario.note }));
  const progress = scenario.key === 'events' ? Demo.el('progress', { max: '100', value: '0' }) : null;
  section.append(Demo.el('div', { class: 'row' }, start, stop,
      Demo.el('span', { class: 'meta' }, 'events: ', count)), latest);
  if (progress) section.append(progress);
  section.append(log);

  let source = null;
  let received = 0;

  function finish(state, label) {
    if (source) source.close();
    source = null;
    Demo.setState(badge, state, label);
    start.disabled = false;
    stop.disabled = true;
  }

  function onEvent(event) {
    let ended = false;
    received++;
    count.textContent = String(received);
    section.dataset.count = String(received);
    window.demoReceived[scenario.key].push({ type: event.type, id: event.lastEventId, data: event.data });
    let shown = event.data;
    if (scenario.json) {
      try {
        const value = JSON.parse(event.data);
        shown = JSON.stringify(value);
        if (value && value.type === 'end') ended = true;
      } catch (e) {
        Demo.log(log, 'not JSON: ' + e.message, 'err');
      }
    }
    latest.textContent = event.type === 'message' ? event.data.split('\n')[0] : event.type + ': ' + event.data.split('\n')[0];
    Demo.log(log, shown, '', event.type + (event.lastEventId ? ' #' + event.lastEventId : ''));
    if (progress && event.type === 'progress') progress.value = JSON.parse(event.data).progress;
    if (progress && event.type === 'complete') progress.value = 100;
    if (ended) finish('ended', 'ended: end message');
  }

  start.addEventListener('click', () => {
    if (source) source.close();
    received = 0;
    count.textContent = '0';
    section.dataset.count = '0';
    window.demoReceived[scenario.key] = [];
    log.replaceChildren();
    latest.textContent = '—';
    if (progress) progress.value = 0;
    Demo.setState(badge, 'connecting');
    start.disabled = true;
    stop.disabled = false;
    source = new EventSource(scenario.path);
    source.onopen = () => {
      Demo.setState(badge, 'open');
      Demo.log(log, 'connection open', 'sys');
    };
    source.onerror = () => {
      if (!source) return;
      if (source.readyState === EventSource.CONNECTING && scenario.finite && received > 0) {
        // The server ended a finite stream; EventSource would start it again, so stop here.
        Demo.log(log, 'the server ended the stream', 'sys');
        finish('ended', 'ended by server');
      } else if (source.readyState === EventSource.CONNECTING) {
        Demo.log(log, 'connection lost; the browser reconnects', 'err');
        Demo.setState(badge, 'reconnecting');
      } else {
        Demo.log(log, 'connection failed', 'err');
        finish('error');
      }
    };
    for (const type of scenario.types) source.addEventListener(type, onEvent);
  });

  // Leaving the page ends the stream at once, even if the browser keeps the page in its back-forward cache.
  window.addEventListener('pagehide', () => { if (source) finish('stopped'); });

  stop.addEventListener('click', () => {
    Demo.log(log, 'stopped by the page (EventSource.close())', 'sys');
    finish('stopped');
  });
  window.demoReceived[scenario.key] = [];
  return section;
}

const grid = document.getElementById('scenarios');
for (const scenario of SCENARIOS) grid.append(card(scenario));

// The LLM page is the relay's (sluice-llm), mounted by `sluice serve` but not by the standalone
// demo: offer the card only where the page is there.
fetch('../llm/', { method: 'HEAD' })
  .then((response) => { if (response.ok) document.getElementById('llm-card').hidden = false; })
  .catch(() => { /* No relay here: the card stays hidden. */ });
