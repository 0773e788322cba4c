// Display names, looked up once per username and remembered for the page's lifetime.

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
