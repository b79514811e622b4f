// The chat room: one EventSource for incoming messages, fetch POST to send.
'use strict';

const messages = document.getElementById('messages');
const badge = document.getElementById('chat-state');
const userInput = document.getElementById('user');
const messageInput = document.getElementById('message');
const status = document.getElementById('send-status');
const seen = new Set();
let opens = 0;

userInput.value = sessionStorage.getItem('sluice-chat-user') || 'guest-' + Math.floor(100 + Math.random() * 900);

function show(chat) {
  if (seen.has(chat.id)) return; // A replay after reconnecting may overlap what is shown.
  seen.add(chat.id);
  const item = Demo.el('li', { 'data-id': String(chat.id) },
      Demo.el('span', { class: 'when', text: new Date(chat.timestamp).toLocaleTimeString() }),
      Demo.el('span', { class: 'who', text: chat.user }),
      Demo.el('span', { class: 'text', text: chat.content }));
  if (chat.user === userInput.value.trim()) item.classList.add('mine');
  messages.append(item);
  messages.dataset.count = String(seen.size);
  document.getElementById('message-count').textContent = String(seen.size);
  messages.scrollTop = messages.scrollHeight;
}

const source = new EventSource('/api/chat');
source.onopen = () => {
  opens++;
  document.getElementById('opens').textContent = String(opens);
  Demo.setState(badge, 'connecting', 'joining');
};
source.onerror = () => {
  Demo.setState(badge, source.readyState === EventSource.CLOSED ? 'error' : 'reconnecting',
      source.readyState === EventSource.CLOSED ? 'disconnected' : 'reconnecting');
};
source.addEventListener('joined', event => {
  const joined = JSON.parse(event.data);
  Demo.setState(badge, 'open', 'in the room (' + joined.members + (joined.members === 1 ? ' member)' : ' members)'));
});
source.addEventListener('chat-message', event => show(JSON.parse(event.data)));
// Leaving the page ends the stream at once, even if the browser keeps the page in its back-forward cache.
window.addEventListener('pagehide', () => source.close());
window.addEventListener('pageshow', event => { if (event.persisted) location.reload(); });

document.getElementById('send-form').addEventListener('submit', async event => {
  event.preventDefault();
  const message = messageInput.value.trim();
  if (!message) return;
  const user = userInput.value.trim();
  sessionStorage.setItem('sluice-chat-user', user);
  status.textContent = '';
  try {
    const response = await fetch('/api/send-message', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user, message }),
    });
    if (!response.ok) {
      status.textContent = 'Not sent: ' + response.status + ' ' + (await response.text());
      return;
    }
    messageInput.value = '';
  } catch (e) {
    status.textContent = 'Not sent: ' + e.message;
  }
});
