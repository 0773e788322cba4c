// The list of rooms in the sidebar: newest activity first, each with its last message and unread badge.
import { h, avatar, icon, formatShort, formatFull } from './dom.js';
import { roomTitle, typingText } from './people.js';

export class RoomsView {
  constructor({ chat, people, list, empty, filter, noMatch, signal }) {
    Object.assign(this, { chat, people, list, empty, filter, noMatch });
    this.items = new Map();
    this.activeId = null;
    filter.addEventListener('input', () => this.render(), { signal });
  }

  render() {
    const all = this.chat.roomList();
    const query = this.filter.value.trim().toLowerCase();
    const rooms = query ? all.filter((r) => roomTitle(r, this.chat.me, this.people).toLowerCase().includes(query)) : all;
    this.empty.hidden = all.length > 0;
    this.noMatch.hidden = rooms.length > 0 || all.length === 0;
    this.noMatch.textContent = `No chats match “${this.filter.value.trim()}”.`;
    const wanted = new Set(rooms.map((r) => r.id));
    for (const [id, el] of this.items) {
      if (!wanted.has(id)) {
        el.remove();
        this.items.delete(id);
      }
    }
    rooms.forEach((room, index) => {
      let el = this.items.get(room.id);
      if (!el) {
        el = h('a', { class: 'room-item', href: `#/rooms/${room.id}`, dataset: { roomId: room.id } });
        this.items.set(room.id, el);
      }
      this.fill(el, room);
      if (this.list.children[index] !== el) this.list.insertBefore(el, this.list.children[index] || null);
    });
  }

  fill(el, room) {
    const me = this.chat.me;
    const title = roomTitle(room, me, this.people);
    const unread = room.id === this.activeId ? 0 : this.chat.unread(room);
    const waiting = this.chat.outbox.forRoom(room.id).at(-1);
    const last = room.lastMessage;
    let preview;
    const typing = typingText(this.chat.typists(room.id), this.people);
    if (typing) {
      preview = [h('span', { class: 'preview-typing' }, typing)];
    } else if (waiting) {
      preview = [icon(waiting.failed ? 'i-alert' : 'i-clock', waiting.failed ? 'inline-icon failed' : 'inline-icon'), waiting.body];
    } else if (last) {
      const who = last.from === me ? 'You' : room.direct ? null : this.people.name(last.from);
      preview = [who ? h('span', { class: 'preview-from' }, `${who}: `) : null, last.body];
    } else {
      preview = [room.direct ? 'Say hello' : 'No messages yet'];
    }
    const when = waiting ? new Date(waiting.createdAt) : last ? new Date(last.ts) : null;
    const pic = avatar(title);
    if (room.direct) pic.classList.add('round');
    const other = room.direct && room.members.find((m) => m !== me);
    const online = other && this.chat.presence.get(other)?.status === 'online';
    el.classList.toggle('active', room.id === this.activeId);
    el.classList.toggle('unread', unread > 0);
    if (room.id === this.activeId) el.setAttribute('aria-current', 'page');
    else el.removeAttribute('aria-current');
    el.setAttribute('aria-label', `${title}${online ? ', online' : ''}${unread ? `, ${unread} unread` : ''}`);
    el.replaceChildren(
      h('span', { class: 'room-pic' }, pic, online ? h('span', { class: 'presence-dot', title: 'online' }) : null),
      h('span', { class: 'room-main' },
        h('span', { class: 'room-top' },
          h('span', { class: 'room-name', dir: 'auto' }, title),
          when ? h('time', { datetime: when.toISOString(), title: formatFull(when) }, formatShort(when)) : null),
        h('span', { class: 'room-bottom' },
          h('span', { class: 'preview', dir: 'auto' }, preview),
          unread > 0 ? h('span', { class: 'badge', 'aria-hidden': 'true' }, unread > 999 ? '999+' : String(unread)) : null)));
  }
}
