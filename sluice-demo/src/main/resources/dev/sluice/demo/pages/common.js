// Shared helpers for the Sluice demo pages. Plain browser JavaScript, no build step.
'use strict';

const Demo = (() => {
  const MAX_LOG_LINES = 300;

  function clock() {
    const now = new Date();
    return now.toTimeString().slice(0, 8) + '.' + String(now.getMilliseconds()).padStart(3, '0');
  }

  /** Appends a line to a <ul class="log">; keeps the last MAX_LOG_LINES and stays scrolled down. */
  function log(list, text, kind, label) {
    const stick = list.scrollTop + list.clientHeight >= list.scrollHeight - 4;
    const item = document.createElement('li');
    if (kind) item.className = kind;
    const time = document.createElement('span');
    time.className = 't';
    time.textContent = clock();
    item.append(time);
    if (label) {
      const tag = document.createElement('span');
      tag.className = 'k';
      tag.textContent = label;
      item.append(tag);
    }
    item.append(document.createTextNode(text));
    list.append(item);
    while (list.children.length > MAX_LOG_LINES) list.firstElementChild.remove();
    if (stick) list.scrollTop = list.scrollHeight;
  }

  /** Shows a connection state on a badge (and in its data-state, which the browser test reads). */
  function setState(badge, state, label) {
    badge.dataset.state = state;
    badge.textContent = label || state;
  }

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (name === 'text') node.textContent = value;
      else node.setAttribute(name, value);
    }
    node.append(...children);
    return node;
  }

  const PAGES = [['./', 'Scenarios'], ['chat.html', 'Chat room'], ['fetch.html', 'Fetch streams'], ['reconnect.html', 'Reconnect']];

  /** Adds the navigation to the page header, marking the current page. */
  function navigation() {
    const nav = el('nav');
    for (const [href, label] of PAGES) {
      const link = el('a', { href, text: label });
      if (link.pathname === location.pathname || (href === './' && location.pathname.endsWith('/index.html'))) {
        link.setAttribute('aria-current', 'page');
      }
      nav.append(link);
    }
    document.getElementById('site-header').append(nav);
  }

  document.addEventListener('DOMContentLoaded', navigation);
  return { log, setState, el, clock };
})();
