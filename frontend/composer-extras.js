// What the composer adds to a message: the message it replies to (a bar above the box) and files, uploaded with
// tus while their progress shows, then sent as messages with an attachment. A broken upload can be retried: it
// goes on from where it stopped.
import { h } from './dom.js';
import { snippet } from './message-parts.js';
import { formatSize } from './files.js';

export class ComposerExtras {
  constructor({ chat, people, files, els, roomId, signal }) {
    Object.assign(this, { chat, people, files, els, roomId });
    this.reply = null; // {room, seq}
    const on = (el, type, fn) => el.addEventListener(type, fn, { signal });
    on(els.cancelReply, 'click', () => this.clearReply());
    on(els.attach, 'click', () => els.attachInput.click());
    on(els.attachInput, 'change', () => {
      [...els.attachInput.files].forEach((file) => this.upload(this.roomId(), file));
      els.attachInput.value = '';
    });
  }

  replyTo(message) {
    this.reply = { room: message.room, seq: message.seq };
    this.els.replyAuthor.textContent = `Replying to ${this.people.name(message.from)}`;
    this.els.replyText.textContent = snippet(message);
    this.els.replyBar.hidden = false;
  }

  /** The seq the next message in this room replies to, once; null if none. */
  takeReply(roomId) {
    const seq = this.reply?.room === roomId ? this.reply.seq : null;
    this.clearReply();
    return seq;
  }

  clearReply() {
    this.reply = null;
    this.els.replyBar.hidden = true;
  }

  /** Uploads shown are those of the open room. */
  showRoom(roomId) {
    this.clearReply();
    for (const item of this.els.uploads.children) item.hidden = item.dataset.room !== roomId;
  }

  upload(roomId, file) {
    if (!roomId) return;
    const progress = h('progress', { max: file.size || 1, value: 0 });
    const label = h('span', { class: 'upload-state' }, 'Starting…');
    const actions = h('span', { class: 'upload-actions' });
    const item = h('li', { class: 'upload', dataset: { room: roomId } },
      h('span', { class: 'upload-name', dir: 'auto' }, file.name), progress, label, actions);
    this.els.uploads.append(item);
    const replyTo = this.takeReply(roomId);
    const run = () => {
      const { promise, abort } = this.files.upload(file, (sent, total) => {
        progress.max = total || 1;
        progress.value = sent;
        label.textContent = `${formatSize(sent)} of ${formatSize(total)}`;
      });
      actions.replaceChildren(h('button', { type: 'button', class: 'link', onclick: () => {
        abort();
        item.remove();
      } }, 'Cancel'));
      item.classList.remove('failed');
      promise.then((attachment) => {
        item.remove();
        this.chat.send(roomId, '', { attachment, ...(replyTo ? { replyTo } : {}) });
      }, (error) => {
        item.classList.add('failed');
        label.textContent = error.message;
        actions.replaceChildren(
          h('button', { type: 'button', class: 'link', onclick: run }, 'Retry'), ' ',
          h('button', { type: 'button', class: 'link', onclick: () => item.remove() }, 'Dismiss'));
      });
    };
    run();
  }
}
