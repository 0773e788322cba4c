// The parts of a message beyond its text: the quote of the message it replies to, and its attachment.
import { h, icon } from './dom.js';
import { formatSize } from './files.js';

const QUOTE_CHARS = 120;

/** The quoted message (if this page holds it), as a button that jumps to it. */
export function quoteElement(message, room, nameOf) {
  const quoted = room?.messages.get(message.replyTo);
  const who = quoted ? nameOf(quoted.from) : 'Earlier message';
  const text = quoted ? snippet(quoted) : `Message #${message.replyTo}`;
  return h('button', { type: 'button', class: 'quote', dataset: { jump: message.replyTo }, title: 'Show the message' },
    h('span', { class: 'quote-author' }, who),
    h('span', { class: 'quote-text', dir: 'auto' }, text));
}

export function snippet(message) {
  const text = message.body || (message.attachment ? `📎 ${message.attachment.name}` : '');
  return text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS)}…` : text;
}

/** A file card with its name, size and a download button; an image shows its thumbnail above. */
export function attachmentElement(attachment, files) {
  const card = h('div', { class: 'attachment' });
  if (attachment.type?.startsWith('image/') && files) {
    const img = h('img', { class: 'attachment-thumb', alt: attachment.name, hidden: true });
    files.thumbnail(attachment).then((url) => {
      if (url) {
        img.src = url;
        img.hidden = false;
      }
    });
    card.append(img);
  }
  card.append(h('div', { class: 'attachment-file' },
    icon('i-file', 'attachment-icon'),
    h('span', { class: 'attachment-name', dir: 'auto' }, attachment.name),
    h('span', { class: 'attachment-size' }, formatSize(attachment.size)),
    files ? h('button', { type: 'button', class: 'link attachment-download', dataset: { download: attachment.id } },
      'Download') : null));
  return card;
}
