// The two dialogs: starting a chat (a direct message or a group) and a room's details (members, add, leave).
import { h, avatar, debounce } from './dom.js';
import { presenceText } from './people.js';

/** A search box whose results are people; choosing one calls onPick(user). */
function peopleSearch({ input, results, people, exclude, onPick, onError, signal }) {
  const run = debounce(async () => {
    const query = input.value.trim();
    if (!query) {
      results.replaceChildren();
      return;
    }
    try {
      const found = (await people.search(query)).filter((u) => !exclude().has(u.username));
      if (input.value.trim() !== query) return;
      results.replaceChildren(...(found.length ? found.map((u) => personRow(u, onPick))
        : [h('li', { class: 'people-empty' }, `Nobody found for “${query}”.`)]));
    } catch (error) {
      onError(error.message);
    }
  }, 200);
  input.addEventListener('input', run, { signal });
  return { clear: () => { input.value = ''; results.replaceChildren(); } };
}

function personRow(user, onPick, extra = null, status = '') {
  const name = user.displayName || user.username;
  const content = [avatar(name, 'small'), h('span', { class: 'person-text' },
    h('strong', { dir: 'auto' }, name), h('span', {}, `@${user.username}`,
      status ? h('span', { class: `presence${status === 'online' ? ' online' : ''}` }, ` · ${status}`) : null)), extra];
  return h('li', {}, onPick
    ? h('button', { type: 'button', class: 'person', onclick: () => onPick(user) }, content)
    : h('div', { class: 'person' }, content));
}

function showError(el, message) {
  el.textContent = message || '';
  el.hidden = !message;
}

export function newChatDialog({ dialog, chat, people, api, openRoom, signal }) {
  const $ = (s) => dialog.querySelector(s);
  const error = $('#new-chat-error');
  const chosen = new Map();
  const kind = () => dialog.querySelector('input[name=kind]:checked').value;
  const search = peopleSearch({
    input: $('#people-query'), results: $('#people-results'), people, signal,
    exclude: () => new Set([chat.me, ...chosen.keys()]),
    onError: (m) => showError(error, m),
    onPick: async (user) => {
      showError(error, null);
      if (kind() === 'group') {
        chosen.set(user.username, user);
        search.clear();
        renderChosen();
        $('#people-query').focus();
        return;
      }
      try {
        const room = await chat.adopt(await api.post('/api/dms', { username: user.username }));
        dialog.close();
        openRoom(room.id);
      } catch (e) {
        showError(error, e.message);
      }
    },
  });

  function renderChosen() {
    $('#group-chosen').replaceChildren(...[...chosen.values()].map((u) => h('button', {
      type: 'button', class: 'chip', title: `Remove ${u.username}`,
      onclick: () => { chosen.delete(u.username); renderChosen(); },
    }, u.displayName || u.username, h('span', { 'aria-hidden': 'true' }, ' ×'))));
  }

  function applyKind() {
    const group = kind() === 'group';
    dialog.querySelectorAll('[data-group]').forEach((el) => { el.hidden = !group; });
    $('#people-label').textContent = group ? 'Add people' : 'Find people';
  }

  dialog.querySelectorAll('input[name=kind]').forEach((r) => r.addEventListener('change', applyKind, { signal }));
  $('#create-group').addEventListener('click', async () => {
    try {
      const room = await api.post('/api/rooms', { name: $('#group-name').value.trim(), members: [...chosen.keys()] });
      await chat.adopt(room);
      dialog.close();
      openRoom(room.id);
    } catch (e) {
      showError(error, e.message);
    }
  }, { signal });

  return () => {
    chosen.clear();
    renderChosen();
    search.clear();
    $('#group-name').value = '';
    dialog.querySelector('input[value=direct]').checked = true;
    applyKind();
    showError(error, null);
    dialog.showModal();
    $('#people-query').focus();
  };
}

export function detailsDialog({ dialog, chat, people, api, onLeft, signal }) {
  const $ = (s) => dialog.querySelector(s);
  const error = $('#details-error');
  let roomId = null;
  const room = () => chat.rooms.get(roomId);

  function renderMembers() {
    const r = room();
    if (!r) return;
    const manages = r.manager === chat.me;
    $('#members').replaceChildren(...r.members.map((username) => {
      const tags = [username === r.manager ? h('span', { class: 'tag' }, 'manager') : null,
        username === chat.me ? h('span', { class: 'tag' }, 'you') : null];
      if (manages && username !== chat.me) {
        tags.push(h('button', {
          type: 'button', class: 'button small danger', 'aria-label': `Remove ${people.name(username)}`,
          onclick: () => remove(username),
        }, 'Remove'));
      }
      const status = username === chat.me ? '' : presenceText(chat.presence.get(username));
      return personRow({ username, displayName: people.name(username) }, null, tags, status);
    }));
  }

  /** The manager takes someone out of the group. */
  async function remove(username) {
    const r = room();
    if (!r || !confirm(`Remove ${people.name(username)} from “${r.name || 'this group'}”?`)) return;
    try {
      await api.delete(`/api/rooms/${roomId}/members/${encodeURIComponent(username)}`);
      chat.upsertRoom({ id: roomId, members: r.members.filter((m) => m !== username) });
      chat.changed('rooms');
      renderMembers();
      showError(error, null);
    } catch (e) {
      showError(error, e.message);
    }
  }

  const search = peopleSearch({
    input: $('#add-query'), results: $('#add-results'), people, signal,
    exclude: () => new Set(room()?.members || []),
    onError: (m) => showError(error, m),
    onPick: async (user) => {
      try {
        chat.upsertRoom(await api.post(`/api/rooms/${roomId}/members`, { username: user.username }));
        chat.changed('rooms');
        search.clear();
        renderMembers();
        showError(error, null);
      } catch (e) {
        showError(error, e.message);
      }
    },
  });

  people.addEventListener('change', () => dialog.open && renderMembers(), { signal });
  for (const type of ['presence', 'rooms']) chat.addEventListener(type, () => dialog.open && renderMembers(), { signal });
  $('#leave-room').addEventListener('click', async () => {
    const r = room();
    if (!r || !confirm(`Leave “${r.name || 'this group'}”? You will stop receiving its messages.`)) return;
    try {
      await api.delete(`/api/rooms/${roomId}/members/${encodeURIComponent(chat.me)}`);
      dialog.close();
      chat.dropRoom(roomId);
      onLeft(r);
    } catch (e) {
      showError(error, e.message);
    }
  }, { signal });

  return async (id) => {
    roomId = id;
    const r = room();
    if (!r) return;
    $('#details-title').textContent = r.direct ? 'Conversation' : r.name || 'Group';
    dialog.querySelectorAll('[data-group-only]').forEach((el) => { el.hidden = r.direct; });
    search.clear();
    showError(error, null);
    renderMembers();
    dialog.showModal();
    try {
      chat.upsertRoom(await api.get(`/api/rooms/${id}`)); // someone else may have added people meanwhile
      renderMembers();
    } catch (e) {
      showError(error, e.message);
    }
  };
}
