// Lowband in the browser: signs in, then wires the chat state, the MQTT connection and the views together.
import { $, fillAvatar } from './dom.js';
import { createApi } from './api.js';
import { session, clientIdFor, Drafts } from './storage.js';
import { Chat } from './chat.js';
import { Live, websocketUrl, claimClientId } from './live.js';
import { People } from './people.js';
import { RoomsView } from './rooms-view.js';
import { RoomView } from './room-view.js';
import { createFiles } from './files.js';
import { newChatDialog, detailsDialog } from './dialogs.js';
import { authScreen } from './auth.js';
import { connectionBanner } from './banner.js';
import { notifier } from './notify.js';

const SESSION_ENDED = 'Your session has ended. Please sign in again.';
const MAX_TIMER_MS = 2 ** 31 - 1;

let current = null; // the signed-in app: {token, chat, live, signal, teardown}

const showAuth = authScreen({
  form: $('#auth-form'),
  api: createApi({ getToken: () => null, onUnauthorized: () => {} }),
  onSignedIn: (issued) => {
    session.save(issued);
    start(issued);
  },
});

function signedOut(message) {
  current?.teardown();
  current = null;
  session.clear();
  $('#chat-screen').hidden = true;
  $('#auth-screen').hidden = false;
  document.title = 'Lowband';
  if (location.hash) history.replaceState(null, '', location.pathname);
  showAuth(message);
}

async function start(signedIn) {
  const me = signedIn.user.username;
  const api = createApi({ getToken: () => signedIn.token, onUnauthorized: () => signedOut(SESSION_ENDED) });
  const people = new People(api);
  people.remember(signedIn.user);
  const chat = new Chat({ api, me });
  const drafts = new Drafts(me);
  // Every listener and timer of this sign-in ends with it, so a later sign-in starts clean.
  const lifetime = new AbortController();
  const { signal } = lifetime;
  const app = { token: signedIn.token, chat, drafts, live: null, signal, teardown: () => lifetime.abort() };
  current = app;
  const listen = (target, type, fn) => target.addEventListener(type, fn, { signal });

  $('#auth-screen').hidden = true;
  $('#chat-screen').hidden = false;
  $('#me-name').textContent = signedIn.user.displayName || me;
  $('#me-username').textContent = `@${me}`;
  fillAvatar($('#me-avatar'), signedIn.user.displayName || me);

  const rooms = new RoomsView({
    chat, people, list: $('#room-list'), empty: $('#rooms-empty'), filter: $('#room-filter'), noMatch: $('#rooms-no-match'),
    signal,
  });
  const room = new RoomView({
    chat, people, drafts, signal, files: createFiles({ getToken: () => signedIn.token }),
    els: {
      messages: $('#messages'), list: $('#message-list'), status: $('#history-status'), jump: $('#jump-latest'),
      jumpUnread: $('#jump-unread'), input: $('#composer-input'), composer: $('#composer'), send: $('#send'),
      count: $('#composer-count'), name: $('#room-name'), sub: $('#room-sub'), avatar: $('#room-avatar'),
      replyBar: $('#composer-reply'), replyAuthor: $('#composer-reply-author'), replyText: $('#composer-reply-text'),
      cancelReply: $('#cancel-reply'), uploads: $('#composer-uploads'), attach: $('#attach'), attachInput: $('#attach-input'),
    },
  });
  const banner = connectionBanner({
    chat, el: $('#connection'), dot: $('#me-dot'), onRetry: () => app.live?.retryNow(), signal,
  });
  const openRoom = (id) => { location.hash = `#/rooms/${id}`; };
  const openNewChat = newChatDialog({ dialog: $('#new-chat-dialog'), chat, people, api, openRoom, signal });
  const openDetails = detailsDialog({
    dialog: $('#details-dialog'), chat, people, api, signal,
    onLeft: (r) => toast(`You left “${r.name || 'the group'}”.`),
  });

  function route() {
    const id = /^#\/rooms\/([a-z0-9]+)$/.exec(location.hash)?.[1] || null;
    const known = id && chat.rooms.has(id) ? id : null;
    $('#chat-screen').dataset.view = known ? 'room' : 'list';
    $('#room').hidden = !known;
    $('#no-room').hidden = !!known;
    rooms.activeId = known;
    rooms.render();
    room.show(known).then(markRead);
    if (known && matchMedia('(hover: hover)').matches) $('#composer-input').focus();
  }

  /** The open room is read while the page is on screen. */
  function markRead() {
    const id = rooms.activeId;
    const onScreen = () => rooms.activeId === id && document.visibilityState === 'visible';
    if (id && onScreen()) chat.markRead(id, onScreen);
  }

  const notify = notifier({ chat, people, button: $('#enable-notifications'), openRoom, signal });

  /** Unread messages in the title and on the favicon; the open room counts too while the page is hidden. */
  function updateTitle() {
    const seen = (r) => r.id === rooms.activeId && document.visibilityState === 'visible';
    const total = chat.roomList().reduce((n, r) => n + (seen(r) ? 0 : chat.unread(r)), 0);
    document.title = total ? `(${total}) Lowband` : 'Lowband';
    notify.badge(total);
  }

  listen(chat, 'rooms', () => {
    rooms.render();
    room.renderHeader();
    updateTitle();
  });
  listen(chat, 'room', (e) => {
    if (e.detail.roomId !== rooms.activeId) return;
    room.render({ older: e.detail.older });
    markRead();
  });
  listen(chat, 'outbox', () => rooms.render());
  listen(chat, 'receipts', (e) => e.detail.roomId === rooms.activeId && room.render());
  listen(chat, 'typing', (e) => {
    rooms.render();
    if (e.detail.roomId === rooms.activeId) room.renderHeader();
  });
  listen(chat, 'presence', () => {
    rooms.render();
    room.renderHeader();
  });
  listen(chat, 'message', (e) => {
    const m = e.detail;
    if (document.visibilityState === 'hidden') notify.show(m);
  });
  listen(chat, 'removed', (e) => {
    if (e.detail === rooms.activeId) {
      toast('You are no longer a member of that chat.');
      location.hash = '#/';
    }
  });
  listen(chat, 'notice', (e) => toast(e.detail));
  listen(people, 'change', () => {
    rooms.render();
    room.renderHeader();
    room.render();
  });
  listen(window, 'hashchange', route);
  listen(document, 'visibilitychange', () => {
    markRead();
    updateTitle();
  });
  listen($('#new-chat'), 'click', openNewChat);
  listen($('#rooms-empty-new'), 'click', openNewChat);
  listen($('#room-details'), 'click', () => openDetails(rooms.activeId));
  listen($('#sign-out'), 'click', () => signOut(app));
  signal.addEventListener('abort', () => {
    app.live?.stop();
    room.show(null);
    $('#room-list').replaceChildren();
    $('#room-filter').value = '';
  });

  const expiry = Date.parse(signedIn.expiresAt) - Date.now();
  if (expiry > 0) {
    const timer = setTimeout(() => signedOut(SESSION_ENDED), Math.min(expiry, MAX_TIMER_MS));
    signal.addEventListener('abort', () => clearTimeout(timer));
  }

  route();
  try {
    await chat.refreshRooms();
    route();
  } catch (error) {
    if (current === app) toast(error.message);
  }
  connectLive(app, api, signedIn, banner);
}

/** Asks for the broker's address (again later if the server cannot be reached) and connects. */
async function connectLive(app, api, signedIn, banner) {
  let config;
  for (let wait = 1000; !config; wait = Math.min(wait * 2, 30_000)) {
    try {
      config = await api.get('/api/config');
    } catch {
      banner.waiting(wait);
      await new Promise((resolve) => setTimeout(resolve, wait));
      if (current !== app) return;
    }
  }
  const clientId = await claimClientId(clientIdFor(signedIn.user.username), app.signal);
  if (current !== app) return;
  const { chat } = app;
  app.live = new Live({
    url: websocketUrl(config),
    username: signedIn.user.username,
    token: signedIn.token,
    clientId,
    onState: (s) => banner.update(s),
    onConnect: () => chat.connected().catch(() => {}), // what failed is tried again on the next connect
    onMessage: (topic, data) => chat.onMessage(topic, data),
    // The broker refused the token: ask the REST API, whose 401 signs out; otherwise keep trying.
    onAuthRefused: () => api.get('/api/users/me').catch(() => {}),
  });
  chat.live = app.live;
  app.live.start();
}

async function signOut(app) {
  const waiting = app.chat.outbox.waiting().length;
  if (waiting && !confirm(`${waiting} message${waiting === 1 ? ' has' : 's have'} not been sent yet. Sign out and discard ${waiting === 1 ? 'it' : 'them'}?`)) return;
  app.live?.stop();
  try {
    await fetch('/api/tokens/current', { method: 'DELETE', headers: { Authorization: `Bearer ${app.token}` } });
  } catch {
    // the token still expires on its own
  }
  app.chat.outbox.clear();
  app.drafts.clear();
  signedOut(null);
}

let toastTimer;
function toast(message) {
  const el = $('#toast');
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.hidden = true; }, 5000);
}

const stored = session.load();
if (stored) start(stored);
else signedOut(null);
