// Telling the user about new messages while they look elsewhere: desktop notifications (asked for on a click, as
// browsers require), and the unread count on the favicon.
import { roomTitle } from './people.js';

const ICON = 'favicon.svg';
const LOGO = '<rect width="32" height="32" rx="9" fill="#3a76f0"/><path d="M9 10.5h14a2 2 0 0 1 2 2v7a2 2 0 0 1-2 2h-8'
  + 'l-4.5 3.5v-3.5H9a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2z" fill="#fff"/>';

export function notifier({ chat, people, button, openRoom, signal }) {
  const supported = 'Notification' in window;
  const link = document.querySelector('link[rel=icon]');
  const shown = new Set();

  function updateButton() {
    button.hidden = !supported || Notification.permission !== 'default';
  }

  button.addEventListener('click', async () => {
    await Notification.requestPermission();
    updateButton();
  }, { signal });
  signal.addEventListener('abort', () => {
    shown.forEach((n) => n.close());
    link.href = ICON;
  });
  updateButton();

  return {
    /** A notification for a message from someone else, one per room at a time (a newer one replaces it). */
    show(message) {
      const room = chat.rooms.get(message.room);
      if (!supported || Notification.permission !== 'granted' || !room || message.from === chat.me) return;
      const title = roomTitle(room, chat.me, people);
      const body = room.direct ? message.body : `${people.name(message.from)}: ${message.body}`;
      const n = new Notification(title, { body, tag: room.id, icon: ICON });
      shown.add(n);
      n.addEventListener('close', () => shown.delete(n));
      n.addEventListener('click', () => {
        window.focus();
        openRoom(room.id);
        n.close();
      });
    },

    /** The favicon with a red count on it, or the plain one when nothing is unread. */
    badge(total) {
      if (!total) {
        link.href = ICON;
        return;
      }
      const text = total > 99 ? '99+' : String(total);
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">${LOGO}`
        + '<circle cx="23" cy="9" r="9" fill="#d6383f"/>'
        + `<text x="23" y="13" font-family="Arial,sans-serif" font-size="${text.length > 2 ? 8 : 12}" font-weight="700" `
        + `fill="#fff" text-anchor="middle">${text}</text></svg>`;
      link.href = `data:image/svg+xml,${encodeURIComponent(svg)}`;
    },
  };
}
