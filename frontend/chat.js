// What this browser knows of the user's rooms and messages, and how it stays complete: history pages over REST,
// live messages over MQTT, catch-up after a gap or a reconnect, and the outbox of messages not yet confirmed.
import { uuid } from './dom.js';
import { Outbox } from './storage.js';

const PAGE = 50;
const CATCH_UP_PAGE = 200;
const UNCONFIRMED_CHECK_MS = 10_000;
const DELIVERY_REPORT_MS = 500;
export const TYPING_EVERY_MS = 3_000;
export const TYPING_LASTS_MS = 5_000;

export const topics = {
  messages: (roomId) => `rooms/${roomId}/messages`,
  receipts: (roomId) => `rooms/${roomId}/receipts`,
  typing: (roomId, username) => `rooms/${roomId}/typing/${username}`,
  send: (roomId, username) => `rooms/${roomId}/in/${username}`,
  inbox: (username) => `users/${username}/inbox`,
  sync: (username) => `users/${username}/sync`,
  presence: (username) => `presence/${username}`,
};

/** What this browser listens to for a room: its messages, receipts and who is typing. */
const roomTopics = (roomId) => [topics.messages(roomId), topics.receipts(roomId), topics.typing(roomId, '+')];

export class Chat extends EventTarget {
  constructor({ api, me }) {
    super();
    this.api = api;
    this.me = me;
    this.outbox = new Outbox(me, () => this.changed('outbox'));
    this.live = null;
    this.rooms = new Map();
    this.inFlight = new Set(); // outbox ids published on the current connection
    this.presence = new Map(); // username -> {status, ts}, from the server's retained presence/{username}
    this.watched = new Set(); // usernames whose presence is subscribed on the current connection
    this.typedAt = new Map(); // roomId -> when this user's last typing notice went out
  }

  // --- rooms ---------------------------------------------------------------------------------------------------

  /** Rooms, the most recently active first; rooms without messages by when this browser learned of them. */
  roomList() {
    const activity = (r) => (r.lastMessage ? Date.parse(r.lastMessage.ts) : r.knownSince);
    return [...this.rooms.values()].sort((a, b) => activity(b) - activity(a));
  }

  unread(room) {
    return Math.max(0, room.lastSeq - room.readSeq);
  }

  /** Brings the room list in line with the server; rooms that appeared are subscribed, vanished ones dropped. */
  async refreshRooms() {
    const list = await this.api.get('/api/rooms');
    const seen = new Set(list.map((r) => r.id));
    for (const id of [...this.rooms.keys()]) if (!seen.has(id)) this.dropRoom(id);
    const added = list.filter((r) => !this.rooms.has(r.id)).map((r) => r.id);
    list.forEach((summary) => this.upsertRoom(summary, 0));
    this.live?.subscribe(added.flatMap(roomTopics));
    this.watchPresence();
    this.changed('rooms');
    return list;
  }

  upsertRoom(summary, knownSince = Date.now()) {
    let room = this.rooms.get(summary.id);
    if (!room) {
      room = {
        id: summary.id, name: '', direct: false, createdBy: null, manager: null, members: [], lastMessage: null,
        lastSeq: 0, readSeq: 0, knownSince, loaded: false, loading: null, messages: new Map(), keys: new Set(), low: 1, high: 0,
        nextBefore: null, catching: null, catchAgain: false, readSending: false,
        receipts: new Map(), typing: new Map(), notes: [],
      };
      this.rooms.set(summary.id, room);
    }
    for (const field of ['name', 'direct', 'createdBy', 'manager', 'members']) if (summary[field] !== undefined) room[field] = summary[field];
    if (summary.lastMessage && summary.lastMessage.seq > (room.lastMessage?.seq ?? 0)) room.lastMessage = summary.lastMessage;
    room.lastSeq = Math.max(room.lastSeq, summary.lastSeq ?? 0);
    room.readSeq = Math.max(room.readSeq, summary.readSeq ?? 0);
    (summary.changes || []).forEach((c) => this.noteChange(room, c));
    for (const [user, r] of Object.entries(summary.receipts || {})) {
      this.noteReceipt(room, { type: 'read', user, seq: r.read });
      this.noteReceipt(room, { type: 'delivered', user, seq: r.delivered });
    }
    if (room.loaded && room.lastSeq > room.high) this.fillGap(room.id);
    return room;
  }

  dropRoom(id) {
    if (!this.rooms.delete(id)) return;
    this.live?.unsubscribe(roomTopics(id));
    this.changed('rooms');
    this.dispatchEvent(new CustomEvent('removed', { detail: id }));
  }

  /** A room this user just made, or was told about: shown at once, completed from the server. */
  async adopt(roomOrSummary) {
    const fresh = !this.rooms.has(roomOrSummary.id);
    this.upsertRoom(roomOrSummary);
    if (fresh) await this.live?.subscribe(roomTopics(roomOrSummary.id));
    this.watchPresence();
    this.changed('rooms');
    try {
      this.upsertRoom(await this.api.get(`/api/rooms/${roomOrSummary.id}`));
      this.watchPresence(); // the inbox's 'added' does not name the members
      this.changed('rooms');
    } catch {
      // the list refresh on the next connect fills in what is missing
    }
    return this.rooms.get(roomOrSummary.id);
  }

  // --- messages ------------------------------------------------------------------------------------------------

  /** The newest page of a room, fetched once; later pages come from scrolling up, live messages and catch-up. */
  load(roomId) {
    const room = this.rooms.get(roomId);
    if (!room || room.loaded) return Promise.resolve();
    if (!room.loading) this.refreshReceipts(roomId);
    room.loading ??= this.api.get(`/api/rooms/${roomId}/messages?limit=${PAGE}`).then((page) => {
      room.loaded = true;
      room.high = page.messages.length ? page.messages[page.messages.length - 1].seq : page.lastSeq;
      room.low = page.messages.length ? page.messages[0].seq : room.high + 1;
      room.nextBefore = page.nextBefore;
      page.messages.forEach((m) => this.keep(room, m));
      room.lastSeq = Math.max(room.lastSeq, page.lastSeq);
      this.changed('room', roomId);
      if (room.lastSeq > room.high) return this.catchUp(roomId);
    }).finally(() => {
      room.loading = null;
    });
    return room.loading;
  }

  /** Where each member has read to and what their devices hold, for the ticks; the receipts topic has the rest. */
  async refreshReceipts(roomId) {
    try {
      this.upsertRoom(await this.api.get(`/api/rooms/${roomId}`));
      this.changed('receipts', roomId);
    } catch {
      // the ticks show what the receipts topic tells from now on
    }
  }

  async loadOlder(roomId) {
    const room = this.rooms.get(roomId);
    if (!room?.loaded || room.nextBefore == null || room.older) return;
    room.older = this.api.get(`/api/rooms/${roomId}/messages?before=${room.low}&limit=${PAGE}`);
    this.changed('room', roomId);
    let page;
    try {
      page = await room.older;
    } finally {
      room.older = null;
    }
    page.messages.forEach((m) => this.keep(room, m));
    if (page.messages.length) room.low = page.messages[0].seq;
    room.nextBefore = page.nextBefore;
    this.changed('room', roomId, { older: true });
  }

  /** Fetches everything after the last seq held, following nextAfter; one run per room at a time. */
  catchUp(roomId) {
    const room = this.rooms.get(roomId);
    if (!room?.loaded) return Promise.resolve();
    if (room.catching) {
      room.catchAgain = true;
      return room.catching;
    }
    room.catching = (async () => {
      do {
        room.catchAgain = false;
        let after = room.high;
        while (after != null) {
          const page = await this.api.get(`/api/rooms/${roomId}/messages?after=${after}&limit=${CATCH_UP_PAGE}`);
          page.messages.forEach((m) => this.append(room, m));
          room.lastSeq = Math.max(room.lastSeq, page.lastSeq);
          after = page.nextAfter;
        }
      } while (room.catchAgain);
      this.changed('room', roomId);
    })().finally(() => {
      room.catching = null;
    });
    return room.catching;
  }

  /** Catches up in the background; if the server cannot be reached, the next message or connect tries again. */
  fillGap(roomId) {
    this.catchUp(roomId).catch(() => {});
  }

  /** A message that came over MQTT. A seq beyond the next one means something was missed: catch up. */
  receive(message) {
    const room = this.rooms.get(message.room);
    if (!room) return;
    const fresh = message.seq > room.lastSeq;
    this.noteLatest(room, message);
    room.typing.delete(message.from);
    if (fresh && message.from !== this.me) this.dispatchEvent(new CustomEvent('message', { detail: message }));
    if (message.from === this.me) this.outbox.remove(message.id);
    else this.reportDelivery();
    if (room.loaded) {
      if (message.seq === room.high + 1) this.append(room, message);
      else if (message.seq > room.high + 1) this.fillGap(room.id);
    }
    this.changed('room', room.id);
    this.changed('rooms');
  }

  append(room, message) {
    if (message.seq !== room.high + 1) return;
    room.high = message.seq;
    this.keep(room, message);
    this.noteLatest(room, message);
  }

  keep(room, message) {
    const key = `${message.from}/${message.id}`;
    if (room.messages.has(message.seq) || room.keys.has(key)) return;
    room.messages.set(message.seq, message);
    room.keys.add(key);
    if (message.from === this.me) this.outbox.remove(message.id);
  }

  noteLatest(room, message) {
    room.lastSeq = Math.max(room.lastSeq, message.seq);
    if (message.seq > (room.lastMessage?.seq ?? 0)) room.lastMessage = message;
  }

  /** Held messages in seq order, then this user's unconfirmed ones in the order they were typed. */
  timeline(roomId) {
    const room = this.rooms.get(roomId);
    if (!room) return [];
    const held = [...room.messages.values()].sort((a, b) => a.seq - b.seq);
    const waiting = this.outbox.forRoom(roomId).filter((e) => !room.keys.has(`${this.me}/${e.id}`)).map((e) => ({
      id: e.id, room: e.room, from: this.me, body: e.body, ts: e.createdAt, pending: true, failed: e.failed,
      replyTo: e.replyTo, attachment: e.attachment,
    }));
    return held.concat(waiting);
  }

  // --- sending -------------------------------------------------------------------------------------------------

  /** {@code extra}: {replyTo: seq} and/or {attachment: {id, name, type, size}}. */
  send(roomId, body, extra = {}) {
    this.typedAt.delete(roomId); // the message ends the typing: what is typed next is news again
    this.outbox.add({ id: uuid(), room: roomId, body, createdAt: new Date().toISOString(), ...extra });
    this.changed('room', roomId);
    this.flush();
  }

  dismiss(id) {
    const entry = this.outbox.all().find((e) => e.id === id);
    if (entry && this.outbox.remove(id)) this.changed('room', entry.room);
  }

  /**
   * Publishes what waits in the outbox. A room is caught up first, so that a message the server already stored
   * (the connection dropped before its copy came back) is recognised instead of sent again; sending again would be
   * harmless, as the server keeps one copy per id, but the copy would never come back to confirm it.
   */
  async flush() {
    if (!this.live?.connected) return;
    const rooms = new Set(this.outbox.waiting().filter((e) => !this.inFlight.has(e.id)).map((e) => e.room));
    for (const roomId of rooms) {
      try {
        // A room this user is no longer in is not caught up: the server answers the send with a rejection.
        if (this.rooms.has(roomId)) {
          await this.load(roomId);
          await this.catchUp(roomId);
        }
      } catch {
        continue; // the next connect tries again
      }
      for (const entry of this.outbox.forRoom(roomId)) {
        if (entry.failed || this.inFlight.has(entry.id) || !this.live.connected) continue;
        this.inFlight.add(entry.id);
        this.live.publish(topics.send(roomId, this.me), sendPayload(entry)).catch(() => {
          this.inFlight.delete(entry.id);
        });
      }
    }
    clearTimeout(this.unconfirmedTimer);
    this.unconfirmedTimer = setTimeout(() => this.recheckUnconfirmed(), UNCONFIRMED_CHECK_MS);
  }

  /** A send whose copy has not come back for a while: look for it in history, and send it again if absent. */
  async recheckUnconfirmed() {
    const stale = this.outbox.waiting().filter((e) => this.inFlight.has(e.id));
    if (stale.length === 0 || !this.live?.connected) return;
    stale.forEach((e) => this.inFlight.delete(e.id));
    this.flush();
  }

  // --- MQTT ----------------------------------------------------------------------------------------------------

  /** After every connect: subscribe, learn what changed while away, fill each loaded room's gap, send the outbox. */
  async connected() {
    this.inFlight.clear();
    this.watched.clear();
    await this.live.subscribe([topics.inbox(this.me), ...[...this.rooms.keys()].flatMap(roomTopics)]);
    try {
      await this.refreshRooms();
    } catch {
      return; // a REST failure right after connecting: the next connect does this again
    }
    await Promise.allSettled([...this.rooms.values()].filter((r) => r.loaded).map((r) => this.catchUp(r.id)));
    this.flush();
    this.reportDelivery();
  }

  onMessage(topic, data) {
    const level = topic.split('/');
    if (level[0] === 'rooms' && level[2] === 'messages') this.receive(data);
    else if (level[0] === 'rooms' && level[2] === 'receipts') this.receipt(level[1], data);
    else if (level[0] === 'rooms' && level[2] === 'typing') this.typing(level[1], level[3]);
    else if (level[0] === 'users' && level[2] === 'inbox') this.inbox(data);
    else if (level[0] === 'presence' && data?.status) {
      this.presence.set(level[1], data);
      this.changed('presence');
    }
  }

  // --- receipts, presence, typing ------------------------------------------------------------------------------

  /** Someone's read or delivery marker moved; one of this user's own devices reading clears the unread count here. */
  receipt(roomId, event) {
    const room = this.rooms.get(roomId);
    if (!room || !event?.user) return;
    this.noteReceipt(room, event);
    if (event.user === this.me && event.type === 'read' && event.seq > room.readSeq) {
      room.readSeq = event.seq;
      this.changed('rooms');
    }
    this.changed('receipts', roomId);
  }

  noteReceipt(room, { type, user, seq }) {
    const r = room.receipts.get(user) || { read: 0, delivered: 0 };
    if (type === 'read') r.read = Math.max(r.read, seq);
    if (type === 'delivered' || type === 'read') r.delivered = Math.max(r.delivered, seq);
    room.receipts.set(user, r);
  }

  /** The others in a room who have read up to seq, and whether all of them hold it and have read it. */
  seenBy(room, seq) {
    const others = room.members.filter((m) => m !== this.me);
    const of = (m) => room.receipts.get(m) || { read: 0, delivered: 0 };
    const readers = others.filter((m) => of(m).read >= seq);
    return {
      readers,
      read: others.length > 0 && readers.length === others.length,
      delivered: others.length > 0 && others.every((m) => of(m).delivered >= seq),
    };
  }

  /** Tells the server what this browser holds, so senders see their messages delivered (a catch-up request). */
  reportDelivery() {
    clearTimeout(this.deliveryTimer);
    this.deliveryTimer = setTimeout(() => {
      if (!this.live?.connected || this.rooms.size === 0) return;
      const held = Object.fromEntries([...this.rooms.values()].map((r) => [r.id, r.loaded ? r.high : r.lastSeq]));
      this.live.publish(topics.sync(this.me), { rooms: held }).catch(() => {});
    }, DELIVERY_REPORT_MS);
  }

  watchPresence() {
    if (!this.live?.connected) return;
    const everyone = new Set([...this.rooms.values()].flatMap((r) => r.members));
    everyone.delete(this.me);
    const fresh = [...everyone].filter((u) => !this.watched.has(u));
    fresh.forEach((u) => this.watched.add(u));
    this.live.subscribe(fresh.map(topics.presence));
  }

  /** Someone is typing in a room: shown until TYPING_LASTS_MS pass without another notice or their message comes. */
  typing(roomId, username) {
    const room = this.rooms.get(roomId);
    if (!room || username === this.me) return;
    room.typing.set(username, Date.now() + TYPING_LASTS_MS);
    clearTimeout(room.typingTimer);
    room.typingTimer = setTimeout(() => this.expireTyping(room), TYPING_LASTS_MS);
    this.changed('typing', roomId);
  }

  expireTyping(room) {
    const now = Date.now();
    for (const [user, until] of room.typing) if (until <= now) room.typing.delete(user);
    if (room.typing.size) room.typingTimer = setTimeout(() => this.expireTyping(room), Math.min(...room.typing.values()) - now);
    this.changed('typing', room.id);
  }

  /** Who is typing in a room now. */
  typists(roomId) {
    const room = this.rooms.get(roomId);
    const now = Date.now();
    return room ? [...room.typing].filter(([, until]) => until > now).map(([user]) => user) : [];
  }

  /** This user is typing: the room hears it at most once every TYPING_EVERY_MS, never stored. */
  userTyped(roomId) {
    const now = Date.now();
    if (!this.live?.connected || now - (this.typedAt.get(roomId) ?? 0) < TYPING_EVERY_MS) return;
    this.typedAt.set(roomId, now);
    this.live.publish(topics.typing(roomId, this.me), {}, 0).catch(() => {});
  }

  inbox(event) {
    if (event.type === 'added' && event.room?.id) {
      this.adopt(event.room);
    } else if (event.type === 'removed') {
      this.dropRoom(event.room);
    } else if (event.type === 'members') {
      this.membersChanged(event);
    } else if (event.type === 'messages') {
      (event.messages || []).forEach((m) => this.receive(m));
    } else if (event.type === 'rejected') {
      const entry = event.id && this.outbox.fail(event.id, event.detail);
      if (entry) this.changed('room', entry.room);
      else this.dispatchEvent(new CustomEvent('notice', { detail: event.detail }));
    }
  }

  /** Someone was added, left or was removed: a note in the timeline, and the member list as it is now. */
  membersChanged(event) {
    const room = this.rooms.get(event.room);
    if (!room) return;
    room.members = event.members;
    room.manager = event.manager;
    this.noteChange(room, event);
    this.watchPresence();
    this.changed('rooms');
    this.changed('room', room.id);
  }

  /** A member change for the timeline, once (it comes live on the inbox and again with the room), in time order. */
  noteChange(room, { change, user, by, ts }) {
    const key = `note:${Date.parse(ts)}:${change}:${user}`;
    if (room.notes.some((n) => n.key === key)) return;
    room.notes.push({ key, change, user, by, ts });
    room.notes.sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts));
  }

  // --- read markers --------------------------------------------------------------------------------------------

  /** Moves the read marker to the newest message held; called while the room is on screen. */
  async markRead(roomId, onScreen = () => true) {
    const room = this.rooms.get(roomId);
    if (!room?.loaded || room.high <= room.readSeq || room.readSending) return;
    room.readSending = true;
    try {
      const state = await this.api.put(`/api/rooms/${roomId}/read`, { seq: room.high });
      room.readSeq = Math.max(room.readSeq, state.readSeq);
      this.changed('rooms');
    } catch {
      return; // tried again the next time the room is looked at
    } finally {
      room.readSending = false;
    }
    // More arrived while the marker was on its way: read too, if the room is still on screen.
    if (room.high > room.readSeq && onScreen()) this.markRead(roomId, onScreen);
  }

  changed(what, roomId, extra = {}) {
    this.dispatchEvent(new CustomEvent(what, { detail: { roomId, ...extra } }));
  }
}

/** What a send carries: id and body, and what it replies to and attaches when it does. */
function sendPayload(entry) {
  const payload = { id: entry.id, body: entry.body };
  if (entry.replyTo) payload.replyTo = entry.replyTo;
  if (entry.attachment) payload.attachment = entry.attachment;
  return payload;
}
