// The open room: header, the message timeline (newest at the bottom, older pages on scrolling up) and the composer.
import { h, icon, fillAvatar, formatTime, formatDay, formatFull, dayKey } from './dom.js';
import { roomTitle, roomStatus, memberNote } from './people.js';
import { quoteElement, attachmentElement } from './message-parts.js';
import { ComposerExtras } from './composer-extras.js';

const GROUP_GAP_MS = 5 * 60_000;
const NEAR_TOP_PX = 300;
const NEAR_BOTTOM_PX = 80;
const MAX_UNREAD_PAGES = 10;
/** The server's default lowband.chat.max-body-bytes; a server set lower refuses the send, which stays editable. */
export const MAX_BODY_BYTES = 4000;
const COUNT_FROM_BYTES = MAX_BODY_BYTES * 0.8;
const STATUS_LABEL = { pending: 'Waiting to send', sent: 'Sent', delivered: 'Delivered', read: 'Read', failed: 'Not sent' };
const STATUS_ICON = { pending: 'i-clock', sent: 'i-check', delivered: 'i-checks', read: 'i-checks', failed: 'i-alert' };
const utf8 = new TextEncoder();

export class RoomView {
  constructor({ chat, people, drafts, files, els, signal }) {
    Object.assign(this, { chat, people, drafts, files, els });
    this.extras = new ComposerExtras({ chat, people, files, els, roomId: () => this.roomId, signal });
    this.roomId = null;
    this.items = new Map();
    this.unreadFrom = null; // the first seq that was unread when the room was opened: the "New messages" divider
    const on = (el, type, fn) => el.addEventListener(type, fn, { signal, passive: type === 'scroll' });
    on(els.messages, 'scroll', () => this.onScroll());
    on(els.jump, 'click', () => this.scrollToBottom(true));
    on(els.jumpUnread, 'click', () => this.revealDivider(true));
    on(els.input, 'keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submit();
      }
    });
    on(els.input, 'input', () => {
      this.fitInput();
      if (els.input.value.trim() && this.roomId) this.chat.userTyped(this.roomId);
    });
    on(els.composer, 'submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    on(els.list, 'click', (e) => {
      const dismiss = e.target.closest('[data-dismiss]');
      if (dismiss) this.chat.dismiss(dismiss.dataset.dismiss);
      const edit = e.target.closest('[data-edit]');
      if (edit) this.editFailed(edit.dataset.edit);
      this.onMessageAction(e);
      const seen = e.target.closest('.seen-toggle');
      if (seen) {
        const open = seen.getAttribute('aria-expanded') !== 'true';
        seen.setAttribute('aria-expanded', String(open));
        seen.nextElementSibling.hidden = !open;
      }
    });
  }

  /** Shows a room (or none). Its newest page is loaded the first time. */
  async show(roomId) {
    if (this.roomId === roomId) return;
    this.roomId = roomId;
    this.items.clear();
    this.els.list.replaceChildren();
    this.els.status.textContent = '';
    this.extras.showRoom(roomId);
    this.stickToBottom = true;
    this.problem = null;
    const opened = this.chat.rooms.get(roomId);
    this.unreadFrom = opened && opened.lastSeq > opened.readSeq ? opened.readSeq + 1 : null;
    this.els.input.value = roomId ? this.drafts.get(roomId) : '';
    this.fitInput();
    if (!roomId) return;
    this.renderHeader();
    this.render();
    try {
      await this.chat.load(roomId);
      if (this.unreadFrom) await this.loadBackTo(opened);
    } catch (error) {
      if (this.roomId === roomId) this.problem = error.message;
    }
    if (this.roomId === roomId) {
      this.render();
      if (!this.revealDivider()) this.fillViewport();
    }
  }

  /** Fetches older pages until the first unread message is held, so the divider can be shown (within reason). */
  async loadBackTo(room) {
    for (let i = 0; i < MAX_UNREAD_PAGES && this.skipOwn(room) && room.low > this.unreadFrom && room.nextBefore != null; i++) {
      await this.chat.loadOlder(room.id);
    }
  }

  /** What this user sent themself (from another device, say) they have read: the divider goes after it. */
  skipOwn(room) {
    let mine = 0;
    for (const m of room.messages.values()) if (m.from === this.chat.me && m.seq > mine) mine = m.seq;
    if (this.unreadFrom && mine >= this.unreadFrom) this.unreadFrom = mine + 1;
    if (this.unreadFrom > room.lastSeq) this.unreadFrom = null;
    return this.unreadFrom != null;
  }

  /** Scrolls the "New messages" divider to the top; false if there is none. */
  revealDivider(smooth = false) {
    const divider = this.items.get('unread');
    if (!divider) return false;
    divider.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'instant' });
    this.updateJump();
    return true;
  }

  renderHeader() {
    const room = this.chat.rooms.get(this.roomId);
    if (!room) return;
    const title = roomTitle(room, this.chat.me, this.people);
    this.els.name.textContent = title;
    fillAvatar(this.els.avatar, title);
    const other = room.direct ? room.members.find((m) => m !== this.chat.me) : null;
    if (other) this.els.name.title = `@${other}`;
    else this.els.name.removeAttribute('title');
    const status = roomStatus(room, this.chat, this.people);
    this.els.sub.textContent = status.text;
    this.els.sub.classList.toggle('typing', status.typing);
    this.els.sub.classList.toggle('online', status.online);
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
        const fresh = entry.message ? this.messageElement(entry) : this.dayElement(entry);
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
    const timeline = this.chat.timeline(room.id);
    const mine = timeline.filter((m) => m.from === this.chat.me && m.seq);
    const lastMine = mine.at(-1);
    const notes = [...room.notes];
    const firstUnread = this.unreadFrom && timeline.find((m) => m.seq >= this.unreadFrom && m.from !== this.chat.me);
    for (const m of timeline) {
      const date = new Date(m.ts);
      if (!previous || dayKey(new Date(previous.ts)) !== dayKey(date)) {
        // Unconfirmed messages come last even if typed earlier, so a day can come round again: one label each.
        if (!days.has(dayKey(date))) out.push({ key: `day:${dayKey(date)}`, day: formatDay(date), sig: formatDay(date) });
        days.add(dayKey(date));
        previous = null;
      }
      while (notes.length && Date.parse(notes[0].ts) <= date.getTime()) {
        out.push(this.noteEntry(notes.shift()));
        previous = null;
      }
      if (m === firstUnread) {
        out.push({ key: 'unread', divider: true, sig: 'unread' });
        previous = null; // the author's name shows again below the divider
      }
      const run = previous && previous.from === m.from && date - new Date(previous.ts) < GROUP_GAP_MS;
      let status = m.failed ? 'failed' : m.pending ? 'pending' : 'sent';
      let seen = [];
      if (status === 'sent' && m.from === this.chat.me) {
        const receipt = this.chat.seenBy(room, m.seq);
        status = receipt.read ? 'read' : receipt.delivered ? 'delivered' : 'sent';
        if (!room.direct && m === lastMine) seen = receipt.readers.map((u) => this.people.name(u));
      }
      const author = m.from !== this.chat.me && !room.direct && !run ? this.people.name(m.from) : '';
      out.push({
        key: `${m.from}/${m.id}`, message: m, date, run, status, author, seen,
        sig: `${status}|${run}|${m.seq ?? ''}|${author}|${seen.join(',')}|${m.failed ?? ''}`,
      });
      previous = m;
    }
    notes.forEach((n) => out.push(this.noteEntry(n)));
    return out;
  }

  noteEntry(note) {
    const text = memberNote(note, this.chat.me, this.people);
    return { key: note.key, note: text, sig: text };
  }

  dayElement(entry) {
    if (entry.divider) return h('li', { class: 'unread-divider', id: 'unread-divider' }, h('span', {}, 'New messages'));
    if (entry.note) return h('li', { class: 'note' }, h('span', { dir: 'auto' }, entry.note));
    return h('li', { class: 'day' }, h('span', {}, entry.day));
  }

  messageElement({ message: m, date, run, status, author, seen }) {
    const mine = m.from === this.chat.me;
    const statusLabel = STATUS_LABEL[status];
    return h('li', {
      class: `msg ${mine ? 'mine' : 'theirs'}${run ? ' run' : ''}`,
      dataset: { status, seq: m.seq ?? '', id: m.id },
    },
    author ? h('span', { class: 'author' }, author) : null,
    h('div', { class: 'bubble' },
      m.replyTo ? quoteElement(m, this.chat.rooms.get(m.room), (u) => this.people.name(u)) : null,
      m.attachment ? attachmentElement(m.attachment, m.seq ? this.files : null) : null,
      m.body ? h('span', { class: 'body', dir: 'auto' }, m.body) : null,
      m.seq ? h('button', { type: 'button', class: 'reply-button', dataset: { reply: m.seq }, title: 'Reply',
        'aria-label': 'Reply' }, icon('i-reply')) : null,
      h('span', { class: 'meta' },
        h('time', { datetime: date.toISOString(), title: formatFull(date) }, formatTime(date)),
        mine ? h('span', { class: 'state', title: statusLabel, role: 'img', 'aria-label': statusLabel },
          icon(STATUS_ICON[status], 'state-icon')) : null)),
    seen.length ? h('div', { class: 'seen' },
      h('button', { type: 'button', class: 'seen-toggle', title: seen.join(', '), 'aria-expanded': 'false' },
        `Seen by ${seen.length}`),
      h('span', { class: 'seen-names', hidden: true }, seen.join(', '))) : null,
    m.failed ? h('p', { class: 'msg-error' }, m.failed, ' ',
      h('button', { type: 'button', class: 'link', dataset: { edit: m.id } }, 'Edit'), ' ',
      h('button', { type: 'button', class: 'link', dataset: { dismiss: m.id } }, 'Dismiss')) : null);
  }

  /** A send the server refused goes back into the composer, to be changed and sent again. */
  editFailed(id) {
    const entry = this.chat.outbox.all().find((e) => e.id === id);
    if (!entry) return;
    this.chat.dismiss(id);
    this.els.input.value = entry.body;
    this.fitInput();
    this.els.input.focus();
  }

  submit() {
    const body = this.els.input.value.trim();
    if (!body || !this.roomId || utf8.encode(body).length > MAX_BODY_BYTES) return;
    this.els.input.value = '';
    this.fitInput();
    this.stickToBottom = true;
    this.unreadFrom = null;
    const replyTo = this.extras.takeReply(this.roomId);
    this.chat.send(this.roomId, body, replyTo ? { replyTo } : {});
  }

  /** Reply, jump to a quoted message, download an attachment. */
  onMessageAction(e) {
    const room = this.chat.rooms.get(this.roomId);
    const reply = e.target.closest('[data-reply]');
    if (reply && room?.messages.has(Number(reply.dataset.reply))) {
      this.extras.replyTo(room.messages.get(Number(reply.dataset.reply)));
      this.els.input.focus();
    }
    const jump = e.target.closest('[data-jump]');
    const target = jump && this.els.list.querySelector(`.msg[data-seq="${Number(jump.dataset.jump)}"]`);
    if (target) {
      target.scrollIntoView({ block: 'center', behavior: 'smooth' });
      target.classList.remove('flash');
      requestAnimationFrame(() => target.classList.add('flash'));
    }
    const download = e.target.closest('[data-download]');
    const file = download && this.chat.timeline(this.roomId).find((m) => m.attachment?.id === download.dataset.download);
    if (file) this.files.download(file.attachment).catch((error) => { this.problem = error.message; this.render(); });
  }

  /** Keeps the draft, sizes the box to its text, and counts bytes near the limit; over it, nothing is sent. */
  fitInput() {
    const input = this.els.input;
    if (this.roomId) this.drafts.set(this.roomId, input.value);
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
    const bytes = utf8.encode(input.value.trim()).length;
    const over = bytes > MAX_BODY_BYTES;
    this.els.count.hidden = bytes < COUNT_FROM_BYTES;
    const n = Math.abs(MAX_BODY_BYTES - bytes);
    const unit = n === 1 ? 'byte' : 'bytes';
    this.els.count.textContent = over ? `${n} ${unit} over the limit of ${MAX_BODY_BYTES}` : `${n} ${unit} left`;
    this.els.count.classList.toggle('over', over);
    this.els.send.disabled = over;
    if (over) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
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
    const divider = this.items.get('unread');
    this.els.jumpUnread.hidden = !divider || divider.getBoundingClientRect().bottom > box.getBoundingClientRect().top;
  }
}
