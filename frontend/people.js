// Display names, looked up once per username and remembered for the page's lifetime; and the sentences about
// people: who is online or typing, who joined or left.
import { formatTime, formatDay } from './dom.js';

export class People extends EventTarget {
  constructor(api) {
    super();
    this.api = api;
    this.names = new Map();
    this.asked = new Set();
  }

  remember(user) {
    if (user?.username) this.names.set(user.username, user.displayName || user.username);
  }

  /** The display name if known (asking the server for it otherwise), else the username. */
  name(username) {
    if (!username) return '';
    if (!this.names.has(username) && !this.asked.has(username)) this.lookUp(username);
    return this.names.get(username) || username;
  }

  async lookUp(username) {
    this.asked.add(username);
    try {
      const found = await this.search(username);
      const exact = found.find((u) => u.username === username);
      if (exact) this.dispatchEvent(new Event('change'));
    } catch {
      this.asked.delete(username);
    }
  }

  async search(query) {
    const found = await this.api.get(`/api/users?query=${encodeURIComponent(query)}`);
    found.forEach((u) => this.remember(u));
    return found;
  }
}

/** A direct room is called after the other person; a group by its name. */
export function roomTitle(room, me, people) {
  if (room.direct) return people.name(room.members.find((m) => m !== me) || me);
  return room.name || 'Untitled group';
}

/** "online", "last seen today at 14:05", or nothing if the server has not said. */
export function presenceText(presence) {
  if (!presence) return '';
  if (presence.status === 'online') return 'online';
  const at = new Date(presence.ts);
  if (Number.isNaN(at.getTime())) return 'offline';
  return `last seen ${formatDay(at).toLowerCase()} at ${formatTime(at)}`;
}

/** "Alice is typing…", "Alice and Bob are typing…", "3 people are typing…". */
export function typingText(usernames, people) {
  const names = usernames.map((u) => people.name(u));
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return `${names.length} people are typing…`;
}

/** What the header says under a room's name: who is typing, else presence (direct) or the member count (group). */
export function roomStatus(room, chat, people) {
  const typing = typingText(chat.typists(room.id), people);
  if (typing) return { text: typing, typing: true, online: false };
  if (room.direct) {
    const other = room.members.find((m) => m !== chat.me);
    const presence = chat.presence.get(other);
    return { text: presenceText(presence) || (other ? `@${other}` : ''), typing: false, online: presence?.status === 'online' };
  }
  const n = room.members.length;
  const online = room.members.filter((m) => m !== chat.me && chat.presence.get(m)?.status === 'online').length;
  return { text: `${n} member${n === 1 ? '' : 's'}${online ? `, ${online} online` : ''}`, typing: false, online: false };
}

/** "Carol was added by Alice", "Bob left", "Carol was removed by you". */
export function memberNote(note, me, people) {
  const who = (u) => (u === me ? 'You' : people.name(u));
  const by = note.by === me ? 'you' : people.name(note.by);
  if (note.change === 'left') return `${who(note.user)} left`;
  if (note.change === 'added') return `${who(note.user)} ${note.user === me ? 'were' : 'was'} added by ${by}`;
  return `${who(note.user)} ${note.user === me ? 'were' : 'was'} removed by ${by}`;
}
