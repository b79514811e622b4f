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

/**
 * Wires one panel: `trigger` (a form or a button) runs `run(signal)` with the start control disabled
 * and the stop control enabled, shows errors, and aborts on the stop control.
 */
function panel({ trigger, startButton, stopButton, badge, errorBox, reset, run }) {
  let controller = null;
  stopButton.addEventListener('click', () => controller && controller.abort());
  trigger.addEventListener(trigger.tagName === 'FORM' ? 'submit' : 'click', async event => {
    event.preventDefault();
    controller = new AbortController();
    if (errorBox) errorBox.textContent = '';
    reset();
    startButton.disabled = true;
    stopButton.disabled = false;
    try {
      await run(controller.signal);
    } catch (e) {
      if (e.name === 'AbortError') {
        Demo.setState(badge, 'stopped');
      } else {
        Demo.setState(badge, 'error');
        if (errorBox) errorBox.textContent = e.message;
      }
    } finally {
      startButton.disabled = false;
      stopButton.disabled = true;
    }
  });
}

const byId = id => document.getElementById(id);

// --- Manual SSE stream --------------------------------------------------------------------------
(() => {
  const badge = byId('manual-state');
  const output = byId('manual-output');
  const log = byId('manual-log');
  panel({
    trigger: byId('manual-form'), startButton: byId('manual-send'), stopButton: byId('manual-abort'),
    badge, errorBox: byId('manual-error'),
    reset() {
      output.textContent = '';
      log.replaceChildren();
      Demo.setState(badge, 'streaming');
    },
    async run(signal) {
      await readStream('/api/manual-sse-stream', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ message: byId('manual-message').value }),
        signal,
      }, {
        onEvent: e => {
          const parsed = JSON.parse(e.data); // Every event is a default message; its JSON says what it is.
          Demo.log(log, e.data, '', parsed.type);
          if (parsed.type === 'chunk') output.textContent += parsed.content;
          if (parsed.type === 'end') Demo.setState(badge, 'done');
        },
      });
      if (badge.dataset.state !== 'done') Demo.setState(badge, 'error', 'ended early');
    },
  });
})();

// --- Chat completions ---------------------------------------------------------------------------
(() => {
  const badge = byId('completion-state');
  const output = byId('completion-output');
  const log = byId('completion-log');
  const finish = byId('finish-reason');
  const chunks = byId('chunk-count');
  const usageLine = byId('usage-line');

  function showUsage(usage) {
    if (usage) usageLine.textContent = usage.prompt_tokens + ' + ' + usage.completion_tokens + ' = ' + usage.total_tokens + ' tokens';
  }

  function request() {
    const body = {
      model: byId('model').value,
      messages: [{ role: 'user', content: byId('prompt').value }],
      stream: byId('stream').checked,
    };
    if (body.stream && byId('usage').checked) body.stream_options = { include_usage: true };
    return body;
  }

  async function whole(init) {
    const response = await fetch('/v1/chat/completions', init);
    const body = await response.json();
    if (!response.ok) throw new Error(response.status + ' ' + body.error.message);
    Demo.log(log, JSON.stringify(body), '', 'chat.completion');
    output.textContent = body.choices[0].message.content;
    finish.textContent = body.choices[0].finish_reason;
    showUsage(body.usage);
    Demo.setState(badge, 'done');
  }

  async function streamed(init) {
    let count = 0;
    await readStream('/v1/chat/completions', init, {
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

  panel({
    trigger: byId('completion-form'), startButton: byId('completion-send'), stopButton: byId('completion-abort'),
    badge, errorBox: byId('completion-error'),
    reset() {
      output.textContent = '';
      finish.textContent = '—';
      chunks.textContent = '0';
      usageLine.textContent = '—';
      log.replaceChildren();
      Demo.setState(badge, 'streaming');
    },
    run(signal) {
      const body = request();
      const init = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal };
      return body.stream ? streamed(init) : whole(init);
    },
  });
})();

// --- Raw stream viewer --------------------------------------------------------------------------
(() => {
  const MAX_CHARS = 20000;
  const badge = byId('raw-state');
  const output = byId('raw-output');
  const counters = { events: byId('raw-events'), comments: byId('raw-comments'), bytes: byId('raw-bytes') };
  const counts = { events: 0, comments: 0, bytes: 0 };
  const add = (name, n) => { counts[name] += n; counters[name].textContent = String(counts[name]); };
  const start = byId('raw-start');
  panel({
    trigger: start, startButton: start, stopButton: byId('raw-stop'), badge,
    reset() {
      output.textContent = '';
      for (const name of Object.keys(counts)) add(name, -counts[name]);
      Demo.setState(badge, 'open');
    },
    async run(signal) {
      try {
        await readStream(byId('raw-path').value, { signal, headers: { Accept: 'text/event-stream' } }, {
          onText: text => {
            add('bytes', new TextEncoder().encode(text).length);
            output.textContent = (output.textContent + text).slice(-MAX_CHARS);
            output.scrollTop = output.scrollHeight;
          },
          onEvent: () => add('events', 1),
          onComment: () => add('comments', 1),
        });
      } catch (e) {
        if (e.name !== 'AbortError') output.textContent += '\n[' + e.message + ']';
        throw e;
      }
      Demo.setState(badge, 'ended', 'ended by server');
    },
  });
})();
