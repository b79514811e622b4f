// Streams read with fetch + ReadableStream, parsed by a small text/event-stream parser.
'use strict';

/**
 * An incremental text/event-stream parser following the WHATWG rules that matter here: lines end
 * in CRLF, LF or CR (also split across chunks), a blank line dispatches, ":" starts a comment, one
 * space after the colon is dropped, data lines are joined with "\n".
 */
class EventStreamParser {
  constructor(onEvent, onComment) {
    this.onEvent = onEvent;
    this.onComment = onComment || (() => {});
    this.pending = '';
    this.afterCR = false;
    this.data = [];
    this.type = '';
    this.lastId = '';
  }

  feed(text) {
    if (this.afterCR && text.startsWith('\n')) text = text.slice(1); // The LF of a CRLF split across chunks.
    this.afterCR = false;
    const buffer = this.pending + text;
    let start = 0;
    for (let i = 0; i < buffer.length; i++) {
      const c = buffer[i];
      if (c !== '\n' && c !== '\r') continue;
      this.line(buffer.slice(start, i));
      if (c === '\r') {
        if (i + 1 === buffer.length) this.afterCR = true;
        else if (buffer[i + 1] === '\n') i++;
      }
      start = i + 1;
    }
    this.pending = buffer.slice(start);
  }

  line(line) {
    if (line === '') return this.dispatch();
    if (line[0] === ':') return this.onComment(line.slice(1).replace(/^ /, ''));
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.type = value;
    else if (field === 'id' && !value.includes('\0')) this.lastId = value;
  }

  dispatch() {
    if (this.data.length > 0) {
      this.onEvent({ type: this.type || 'message', data: this.data.join('\n'), id: this.lastId });
    }
    this.data = [];
    this.type = '';
  }
}

/** POSTs or GETs and feeds the body to the handlers as it arrives; resolves when the body ends. */
async function readStream(url, init, handlers) {
  const controller = new AbortController();
  init.signal.addEventListener('abort', () => controller.abort());
  openControllers.add(controller);
  try {
    await readResponse(await fetch(url, { ...init, signal: controller.signal }), handlers);
  } finally {
    openControllers.delete(controller);
  }
}

async function readResponse(response, handlers) {
  if (!response.ok) {
    const body = await response.text();
    throw new Error(response.status + ' ' + body);
  }
  const parser = new EventStreamParser(handlers.onEvent || (() => {}), handlers.onComment);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    if (handlers.onText) handlers.onText(value);
    parser.feed(value);
  }
}

/** Every stream this page has open, so leaving the page can end them all at once. */
const openControllers = new Set();
window.addEventListener('pagehide', () => { for (const controller of openControllers) controller.abort(); });

function errorText(error) {
  return error.name === 'AbortError' ? 'aborted' : error.message;
}

// --- Manual SSE stream --------------------------------------------------------------------------
(() => {
  const badge = document.getElementById('manual-state');
  const output = document.getElementById('manual-output');
  const errorBox = document.getElementById('manual-error');
  const log = document.getElementById('manual-log');
  const send = document.getElementById('manual-send');
  const abort = document.getElementById('manual-abort');
  let controller = null;

  abort.addEventListener('click', () => controller && controller.abort());
  document.getElementById('manual-form').addEventListener('submit', async event => {
    event.preventDefault();
    controller = new AbortController();
    output.textContent = '';
    errorBox.textContent = '';
    log.replaceChildren();
    send.disabled = true;
    abort.disabled = false;
    Demo.setState(badge, 'streaming');
    try {
      await readStream('/api/manual-sse-stream', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ message: document.getElementById('manual-message').value }),
        signal: controller.signal,
      }, {
        onEvent: e => {
          Demo.log(log, e.data, '', e.type);
          if (e.type === 'chunk') output.textContent += JSON.parse(e.data).char;
          if (e.type === 'end') Demo.setState(badge, 'done');
        },
      });
      if (badge.dataset.state !== 'done') Demo.setState(badge, 'error', 'ended early');
    } catch (e) {
      errorBox.textContent = errorText(e);
      Demo.setState(badge, 'error');
    } finally {
      send.disabled = false;
      abort.disabled = true;
    }
  });
})();

// --- Chat completions ---------------------------------------------------------------------------
(() => {
  const badge = document.getElementById('completion-state');
  const output = document.getElementById('completion-output');
  const errorBox = document.getElementById('completion-error');
  const log = document.getElementById('completion-log');
  const send = document.getElementById('completion-send');
  const abort = document.getElementById('completion-abort');
  const finish = document.getElementById('finish-reason');
  const chunks = document.getElementById('chunk-count');
  const usageLine = document.getElementById('usage-line');
  let controller = null;

  function showUsage(usage) {
    if (usage) usageLine.textContent = usage.prompt_tokens + ' + ' + usage.completion_tokens + ' = ' + usage.total_tokens + ' tokens';
  }

  async function complete(request) {
    const stream = request.stream;
    if (!stream) {
      const response = await fetch('/v1/chat/completions', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request), signal: controller.signal,
      });
      const body = await response.json();
      if (!response.ok) throw new Error(response.status + ' ' + body.error.message);
      Demo.log(log, JSON.stringify(body), '', 'chat.completion');
      output.textContent = body.choices[0].message.content;
      finish.textContent = body.choices[0].finish_reason;
      showUsage(body.usage);
      Demo.setState(badge, 'done');
      return;
    }
    let count = 0;
    await readStream('/v1/chat/completions', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request), signal: controller.signal,
    }, {
      onEvent: e => {
        Demo.log(log, e.data, '', 'data');
        if (e.data === '[DONE]') {
          Demo.setState(badge, 'done');
          return;
        }
        const chunk = JSON.parse(e.data);
        chunks.textContent = String(++count);
        showUsage(chunk.usage);
        const choice = chunk.choices[0];
        if (!choice) return;
        if (choice.delta.content) output.textContent += choice.delta.content;
        if (choice.finish_reason) finish.textContent = choice.finish_reason;
      },
    });
    if (badge.dataset.state !== 'done') Demo.setState(badge, 'error', 'no [DONE]');
  }

  abort.addEventListener('click', () => controller && controller.abort());
  document.getElementById('completion-form').addEventListener('submit', async event => {
    event.preventDefault();
    controller = new AbortController();
    output.textContent = '';
    errorBox.textContent = '';
    finish.textContent = '—';
    chunks.textContent = '0';
    usageLine.textContent = '—';
    log.replaceChildren();
    send.disabled = true;
    abort.disabled = false;
    Demo.setState(badge, 'streaming');
    const request = {
      model: document.getElementById('model').value,
      messages: [{ role: 'user', content: document.getElementById('prompt').value }],
      stream: document.getElementById('stream').checked,
    };
    if (request.stream && document.getElementById('usage').checked) request.stream_options = { include_usage: true };
    try {
      await complete(request);
    } catch (e) {
      errorBox.textContent = errorText(e);
      Demo.setState(badge, 'error');
    } finally {
      send.disabled = false;
      abort.disabled = true;
    }
  });
})();

// --- Raw stream viewer --------------------------------------------------------------------------
(() => {
  const badge = document.getElementById('raw-state');
  const output = document.getElementById('raw-output');
  const start = document.getElementById('raw-start');
  const stop = document.getElementById('raw-stop');
  const MAX_CHARS = 20000;
  let controller = null;
  let events = 0;
  let comments = 0;
  let bytes = 0;

  stop.addEventListener('click', () => controller && controller.abort());
  start.addEventListener('click', async () => {
    controller = new AbortController();
    output.textContent = '';
    events = comments = bytes = 0;
    for (const id of ['raw-events', 'raw-comments', 'raw-bytes']) document.getElementById(id).textContent = '0';
    start.disabled = true;
    stop.disabled = false;
    Demo.setState(badge, 'open');
    try {
      await readStream(document.getElementById('raw-path').value, { signal: controller.signal, headers: { Accept: 'text/event-stream' } }, {
        onText: text => {
          bytes += new TextEncoder().encode(text).length;
          document.getElementById('raw-bytes').textContent = String(bytes);
          output.textContent = (output.textContent + text).slice(-MAX_CHARS);
          output.scrollTop = output.scrollHeight;
        },
        onEvent: () => { document.getElementById('raw-events').textContent = String(++events); },
        onComment: () => { document.getElementById('raw-comments').textContent = String(++comments); },
      });
      Demo.setState(badge, 'ended', 'ended by server');
    } catch (e) {
      Demo.setState(badge, e.name === 'AbortError' ? 'stopped' : 'error');
      if (e.name !== 'AbortError') output.textContent += '\n[' + e.message + ']';
    } finally {
      start.disabled = false;
      stop.disabled = true;
    }
  });
})();
