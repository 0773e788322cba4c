// The open room: header, the message timeline (newest at the bottom, older pages on scrolling up) and the composer.
import { h, icon, fillAvatar, formatTime, formatDay, dayKey } from './dom.js';
import { roomTitle } from './people.js';

const GROUP_GAP_MS = 5 * 60_000;
const NEAR_TOP_PX = 300;
const NEAR_BOTTOM_PX = 80;

export class RoomView {
  constructor({ chat, people, els, signal }) {
    Object.assign(this, { chat, people, els });
    this.roomId = null;
    this.items = new Map();
    this.drafts = new Map(); // what was typed but not sent, per room
    const on = (el, type, fn) => el.addEventListener(type, fn, { signal, passive: type === 'scroll' });
    on(els.messages, 'scroll', () => this.onScroll());
    on(els.jump, 'click', () => this.scrollToBottom(true));
    on(els.input, 'keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submit();
      }
    });
    on(els.input, 'input', () => this.fitInput());
    on(els.composer, 'submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    on(els.list, 'click', (e) => {
      const dismiss = e.target.closest('[data-dismiss]');
      if (dismiss) this.chat.dismiss(dismiss.dataset.dismiss);
    });
  }

  /** Shows a room (or none). Its newest page is loaded the first time. */
  async show(roomId) {
    if (this.roomId === roomId) return;
    this.roomId = roomId;
    this.items.clear();
    this.els.list.replaceChildren();
    this.els.status.textContent = '';
    this.stickToBottom = true;
    this.problem = null;
    if (!roomId) return;
    this.renderHeader();
    this.render();
    this.els.input.value = this.drafts.get(roomId) || '';
    this.fitInput();
    try {
      await this.chat.load(roomId);
    } catch (error) {
      if (this.roomId === roomId) this.problem = error.message;
    }
    if (this.roomId === roomId) {
      this.render();
      this.fillViewport();
    }
  }

  renderHeader() {
    const room = this.chat.rooms.get(this.roomId);
    if (!room) return;
    const title = roomTitle(room, this.chat.me, this.people);
    this.els.name.textContent = title;
    fillAvatar(this.els.avatar, title);
    const others = room.members.filter((m) => m !== this.chat.me);
    this.els.sub.textContent = room.direct ? (others[0] ? `@${others[0]}` : '')
      : `${room.members.length} member${room.members.length === 1 ? '' : 's'}`;
  }

  /** Brings the timeline in line with what the chat holds, reusing the elements of messages already shown. */
  render({ older = false } = {}) {
    const room = this.chat.rooms.get(this.roomId);
    if (!room) return;
    const box = this.els.messages;
    const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < NEAR_BOTTOM_PX;
    const fromBottom = box.scrollHeight - box.scrollTop;
    const wanted = this.entries(room);
    const keys = new Set(wanted.map((w) => w.key));
    for (const [key, el] of this.items) {
      if (!keys.has(key)) {
        el.remove();
        this.items.delete(key);
      }
    }
    const list = this.els.list;
    wanted.forEach((entry, index) => {
      let el = this.items.get(entry.key);
      if (!el || el.dataset.sig !== entry.sig) {
        const fresh = entry.day ? this.dayElement(entry) : this.messageElement(entry);
        fresh.dataset.sig = entry.sig;
        if (el) el.replaceWith(fresh);
        el = fresh;
        this.items.set(entry.key, el);
      }
      if (list.children[index] !== el) list.insertBefore(el, list.children[index] || null);
    });
    this.els.status.textContent = this.statusText(room, wanted.length);
    if (this.stickToBottom || atBottom) this.scrollToBottom();
    else if (older) box.scrollTop = box.scrollHeight - fromBottom; // older messages went in above: keep still
    this.stickToBottom = false;
    this.updateJump();
  }

  statusText(room, shown) {
    if (this.problem) return this.problem;
    if (!room.loaded) return 'Loading…';
    if (room.older) return 'Loading earlier messages…';
    if (room.nextBefore != null) return '';
    return shown ? 'This is the beginning of the conversation.' : 'No messages here yet. Say hello!';
  }

  /** Day separators and messages, each with a key and a signature that changes when its look must change. */
  entries(room) {
    const out = [];
    const days = new Set();
    let previous = null;
    for (const m of this.chat.timeline(room.id)) {
      const date = new Date(m.ts);
      if (!previous || dayKey(new Date(previous.ts)) !== dayKey(date)) {
        // Unconfirmed messages come last even if typed earlier, so a day can come round again: one label each.
        if (!days.has(dayKey(date))) out.push({ key: `day:${dayKey(date)}`, day: formatDay(date), sig: formatDay(date) });
        days.add(dayKey(date));
        previous = null;
      }
      const run = previous && previous.from === m.from && date - new Date(previous.ts) < GROUP_GAP_MS;
      const status = m.failed ? 'failed' : m.pending ? 'pending' : 'sent';
      const author = m.from !== this.chat.me && !room.direct && !run ? this.people.name(m.from) : '';
      out.push({ key: `${m.from}/${m.id}`, message: m, date, run, status, author, sig: `${status}|${run}|${m.seq ?? ''}|${author}` });
      previous = m;
    }
    return out;
  }

  dayElement(entry) {
    return h('li', { class: 'day' }, h('span', {}, entry.day));
  }

  messageElement({ message: m, date, run, status, author }) {
    const mine = m.from === this.chat.me;
    const statusLabel = { pending: 'Waiting to send', sent: 'Sent', failed: 'Not sent' }[status];
    return h('li', {
      class: `msg ${mine ? 'mine' : 'theirs'}${run ? ' run' : ''}`,
      dataset: { status, seq: m.seq ?? '', id: m.id },
    },
    author ? h('span', { class: 'author' }, author) : null,
    h('div', { class: 'bubble' },
      h('span', { class: 'body' }, m.body),
      h('span', { class: 'meta' },
        h('time', { datetime: date.toISOString() }, formatTime(date)),
        mine ? h('span', { class: 'state', title: statusLabel, role: 'img', 'aria-label': statusLabel },
          icon(status === 'sent' ? 'i-check' : status === 'pending' ? 'i-clock' : 'i-alert', 'state-icon')) : null)),
    m.failed ? h('p', { class: 'msg-error' }, m.failed, ' ',
      h('button', { type: 'button', class: 'link', dataset: { dismiss: m.id } }, 'Dismiss')) : null);
  }

  submit() {
    const body = this.els.input.value.trim();
    if (!body || !this.roomId) return;
    this.els.input.value = '';
    this.drafts.delete(this.roomId);
    this.fitInput();
    this.stickToBottom = true;
    this.chat.send(this.roomId, body);
  }

  fitInput() {
    const input = this.els.input;
    if (this.roomId) this.drafts.set(this.roomId, input.value);
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
  }

  onScroll() {
    const box = this.els.messages;
    if (box.scrollTop < NEAR_TOP_PX) this.loadOlder();
    this.updateJump();
  }

  async loadOlder() {
    const roomId = this.roomId;
    try {
      await this.chat.loadOlder(roomId);
      this.problem = null;
    } catch (error) {
      if (roomId === this.roomId) {
        this.problem = error.message;
        this.render();
      }
    }
  }

  /** A short first page leaves no room to scroll: fetch older pages until the view is full or history ends. */
  async fillViewport() {
    const box = this.els.messages;
    const room = this.chat.rooms.get(this.roomId);
    while (room && room.nextBefore != null && box.scrollHeight <= box.clientHeight + NEAR_TOP_PX && room.id === this.roomId) {
      const before = room.low;
      await this.loadOlder();
      if (room.low === before) break;
    }
  }

  scrollToBottom(smooth = false) {
    const box = this.els.messages;
    box.scrollTo({ top: box.scrollHeight, behavior: smooth ? 'smooth' : 'instant' });
  }

  updateJump() {
    const box = this.els.messages;
    this.els.jump.hidden = box.scrollHeight - box.scrollTop - box.clientHeight < NEAR_BOTTOM_PX * 3;
  }
}
