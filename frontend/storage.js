// What the browser keeps across reloads: the session, the outbox of unsent messages, the MQTT client id.

const SESSION_KEY = 'lowband.session';

export const session = {
  /** The stored session if its token has not expired yet. */
  load() {
    const stored = read(SESSION_KEY);
    if (!stored?.token || !stored.user?.username) return null;
    if (stored.expiresAt && Date.parse(stored.expiresAt) <= Date.now()) {
      localStorage.removeItem(SESSION_KEY);
      return null;
    }
    return stored;
  },
  save(issued) {
    write(SESSION_KEY, { token: issued.token, expiresAt: issued.expiresAt, user: issued.user });
  },
  clear() {
    localStorage.removeItem(SESSION_KEY);
  },
};

/**
 * Messages typed but not yet confirmed by the server, oldest first: {id, room, body, createdAt, failed?}. They
 * survive a reload and are sent again, with the same id, until the server's copy comes back.
 */
export class Outbox {
  constructor(username, onChange = () => {}) {
    this.key = `lowband.outbox.${username}`;
    this.entries = read(this.key) || [];
    this.onChange = onChange;
  }

  all() {
    return this.entries;
  }

  forRoom(roomId) {
    return this.entries.filter((e) => e.room === roomId);
  }

  has(id) {
    return this.entries.some((e) => e.id === id);
  }

  add(entry) {
    this.entries.push(entry);
    this.save();
  }

  remove(id) {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.id !== id);
    if (this.entries.length !== before) this.save();
    return this.entries.length !== before;
  }

  /** A send the server refused for good: kept, with the reason, until the user dismisses it. */
  fail(id, detail) {
    const entry = this.entries.find((e) => e.id === id);
    if (entry) {
      entry.failed = detail;
      this.save();
    }
    return entry;
  }

  waiting() {
    return this.entries.filter((e) => !e.failed);
  }

  clear() {
    this.entries = [];
    localStorage.removeItem(this.key);
    this.onChange();
  }

  save() {
    write(this.key, this.entries);
    this.onChange();
  }
}

/** What was typed in each room but not sent, per user; kept across reloads, dropped at sign-out. */
export class Drafts {
  constructor(username) {
    this.key = `lowband.drafts.${username}`;
    this.texts = read(this.key) || {};
  }

  get(roomId) {
    return this.texts[roomId] || '';
  }

  set(roomId, text) {
    if (text === this.get(roomId)) return;
    if (text) this.texts[roomId] = text;
    else delete this.texts[roomId];
    write(this.key, this.texts);
  }

  clear() {
    this.texts = {};
    localStorage.removeItem(this.key);
  }
}

/** One MQTT client id per browser and user, so the broker keeps this browser's session while it is away. */
export function clientIdFor(username) {
  const key = `lowband.clientId.${username}`;
  let id = localStorage.getItem(key);
  if (!id) {
    id = `web-${username}-${Math.random().toString(36).slice(2, 10)}`;
    localStorage.setItem(key, id);
  }
  return id;
}

function read(key) {
  try {
    return JSON.parse(localStorage.getItem(key));
  } catch {
    return null;
  }
}

function write(key, value) {
  localStorage.setItem(key, JSON.stringify(value));
}
