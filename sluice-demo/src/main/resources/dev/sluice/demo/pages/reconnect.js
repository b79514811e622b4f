// Watches /sse/reconnect resume across server-ended responses and checks every id arrives once.
'use strict';

const LAST_ID = 99;
const card = document.getElementById('reconnect');
const badge = document.getElementById('reconnect-state');
const log = document.getElementById('reconnect-log');
const grid = document.getElementById('ids');
const startButton = document.getElementById('reconnect-start');
const stopButton = document.getElementById('reconnect-stop');
const cells = [];
for (let id = 0; id <= LAST_ID; id++) {
  const cell = Demo.el('span', { text: String(id), title: 'id ' + id });
  if (id % 10 === 9 && id < LAST_ID) cell.classList.add('boundary');
  cells.push(cell);
  grid.append(cell);
}

/** What arrived, for the page and the browser test. */
window.reconnectDemo = { ids: [], opens: 0, gaps: 0, duplicates: 0, state: 'idle' };

let source = null;
let expected = 0;
let times = new Map();

function update(state, label) {
  const demo = window.reconnectDemo;
  if (state) {
    demo.state = state;
    Demo.setState(badge, state, label);
    card.dataset.state = state;
  }
  card.dataset.received = String(times.size);
  card.dataset.gaps = String(demo.gaps);
  card.dataset.duplicates = String(demo.duplicates);
  card.dataset.opens = String(demo.opens);
  document.getElementById('stat-received').textContent = String(times.size);
  document.getElementById('stat-opens').textContent = String(demo.opens);
  document.getElementById('stat-last').textContent = demo.ids.length ? String(demo.ids[demo.ids.length - 1]) : '—';
  document.getElementById('stat-gaps').textContent = String(demo.gaps);
  document.getElementById('stat-dups').textContent = String(demo.duplicates);
  document.getElementById('stat-gaps-box').classList.toggle('bad', demo.gaps > 0);
  document.getElementById('stat-dups-box').classList.toggle('bad', demo.duplicates > 0);
}

function onMessage(event) {
  const demo = window.reconnectDemo;
  const id = Number(event.lastEventId);
  demo.ids.push(id);
  const seen = times.get(id) || 0;
  times.set(id, seen + 1);
  if (seen > 0) {
    demo.duplicates++;
    cells[id].className = 'dup';
    Demo.log(log, 'id ' + id + ' arrived again', 'err');
  } else {
    if (id > expected) {
      demo.gaps += id - expected;
      for (let missing = expected; missing < id; missing++) cells[missing].className = 'gap';
      Demo.log(log, 'ids ' + expected + '..' + (id - 1) + ' never arrived', 'err');
    }
    cells[id].classList.add('got');
  }
  expected = Math.max(expected, id + 1);
  Demo.log(log, event.data, '', '#' + event.lastEventId);
  update();
}

function start() {
  if (source) source.close();
  const demo = window.reconnectDemo;
  demo.ids = [];
  demo.opens = 0;
  demo.gaps = 0;
  demo.duplicates = 0;
  times = new Map();
  expected = 0;
  for (let id = 0; id <= LAST_ID; id++) cells[id].className = id % 10 === 9 && id < LAST_ID ? 'boundary' : '';
  log.replaceChildren();
  startButton.disabled = true;
  stopButton.disabled = false;
  update('connecting');
  source = new EventSource('/sse/reconnect?break_every=10');
  source.onopen = () => {
    demo.opens++;
    const last = demo.ids.length ? demo.ids[demo.ids.length - 1] : null;
    Demo.log(log, demo.opens === 1
        ? 'connection 1 open'
        : 'connection ' + demo.opens + ' open: the browser sent Last-Event-ID: ' + last + ', the server resumes at ' + (last + 1), 'sys');
    update('open', 'open (connection ' + demo.opens + ')');
  };
  source.onerror = () => {
    if (source.readyState === EventSource.CONNECTING) {
      Demo.log(log, 'the server ended the response; the browser reconnects after retry: 3000 ms', 'sys');
      update('reconnecting', 'reconnecting in 3 s');
      return;
    }
    const complete = times.size === LAST_ID + 1;
    Demo.log(log, complete
        ? 'all ' + (LAST_ID + 1) + ' ids received; the server answered 204, so the browser stopped'
        : 'the connection failed', complete ? 'sys' : 'err');
    finish(complete ? 'done' : 'error', complete ? 'complete' : 'failed');
  };
  source.addEventListener('message', onMessage);
}

function finish(state, label) {
  if (source) source.close();
  source = null;
  startButton.disabled = false;
  stopButton.disabled = true;
  update(state, label);
  const demo = window.reconnectDemo;
  document.getElementById('reconnect-summary').textContent = times.size + ' ids over ' + demo.opens
      + ' connections, ' + demo.gaps + ' missed, ' + demo.duplicates + ' repeated';
}

startButton.addEventListener('click', start);
// Leaving the page ends the stream at once, even if the browser keeps the page in its back-forward cache.
window.addEventListener('pagehide', () => { if (source) finish('stopped'); });
stopButton.addEventListener('click', () => {
  Demo.log(log, 'stopped by the page', 'sys');
  finish('stopped');
});
