// The scenario cards: one EventSource per card, started and stopped by hand.
'use strict';

const SCENARIOS = [
  { key: 'basic', path: '/sse/basic', title: 'Basic messages', finite: true, types: ['message'],
    text: 'Ten data: messages, half a second apart, then the server ends the response.' },
  { key: 'json', path: '/sse/json', title: 'JSON data', finite: true, types: ['message'], json: true,
    text: 'Five JSON objects {id, message, timestamp}, each parsed with JSON.parse.' },
  { key: 'events', path: '/sse/events', title: 'Named events', finite: true, types: ['start', 'progress', 'complete'], json: true,
    text: 'start, five progress events {progress, step}, complete: each caught by addEventListener(type).' },
  { key: 'multifield', path: '/sse/multifield', title: 'Multi-line events', finite: true, types: ['update'],
    text: 'Events with id, event: update and three data: lines, which the browser joins with newlines.' },
  { key: 'clock', path: '/sse/clock', title: 'Clock', finite: false, types: ['message'],
    text: 'The server time every second, forever; stopping closes the connection and the server stops its timer.' },
  { key: 'heartbeat', path: '/sse/heartbeat', title: 'Heartbeat', finite: false, types: ['message'],
    text: 'Three messages, then only ": heartbeat" comment lines to keep the connection alive.',
    note: 'Comments never reach EventSource listeners: see them in the raw view on the fetch page, or with curl.' },
  { key: 'stream', path: '/stream', title: 'Random values', finite: false, types: ['message'],
    text: 'A random number from 1 to 100 each second.' },
  { key: 'typed', path: '/stream_with_type_and_id', title: 'Types and ids', finite: false, types: ['time_update', 'special_message'],
    text: 'time_update events with ids, and a special_message every fifth event.' },
  { key: 'jsonstream', path: '/json_stream', title: 'JSON stream', finite: false, types: ['message'], json: true,
    text: 'JSON {counter, timestamp, message} each second.' },
  { key: 'api', path: '/api/sse-stream', title: 'API stream', finite: true, types: ['message', 'custom-event', 'end'], json: true,
    text: 'Ten JSON messages, a custom-event, then an end event, on which the page closes the EventSource.' },
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
    received++;
    count.textContent = String(received);
    section.dataset.count = String(received);
    window.demoReceived[scenario.key].push({ type: event.type, id: event.lastEventId, data: event.data });
    let shown = event.data;
    if (scenario.json) {
      try {
        const value = JSON.parse(event.data);
        shown = JSON.stringify(value);
        if (progress && event.type === 'progress') progress.value = value.progress;
        if (progress && event.type === 'complete') progress.value = 100;
      } catch (e) {
        Demo.log(log, 'not JSON: ' + e.message, 'err');
      }
    }
    latest.textContent = event.type === 'message' ? event.data.split('\n')[0] : event.type + ': ' + event.data.split('\n')[0];
    Demo.log(log, shown, '', event.type + (event.lastEventId ? ' #' + event.lastEventId : ''));
    if (event.type === 'end') finish('ended', 'ended: end event');
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
