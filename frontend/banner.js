// The connection banner: connecting, connected, reconnecting (with the backoff countdown) or offline.
export function connectionBanner({ chat, el, dot, onRetry, signal }) {
  const text = el.querySelector('#connection-text');
  const retry = el.querySelector('#retry-now');
  let state = { state: 'connecting' };
  let ticker = null;
  let settle = null;

  retry.addEventListener('click', onRetry, { signal });
  chat.addEventListener('outbox', () => render(), { signal });
  signal.addEventListener('abort', () => {
    clearInterval(ticker);
    clearTimeout(settle);
  });

  function waitingNote(s) {
    const n = chat.outbox.waiting().length;
    if (!n) return '';
    const messages = `${n} message${n === 1 ? '' : 's'}`;
    return s === 'offline' ? ` ${messages} will be sent when you are back online.` : ` ${messages} will be sent once connected.`;
  }

  function render() {
    const { state: s, retryAt } = state;
    const seconds = retryAt ? Math.max(0, Math.ceil((retryAt - Date.now()) / 1000)) : 0;
    text.textContent = {
      connecting: 'Connecting…',
      connected: 'Connected',
      reconnecting: seconds > 0 ? `Connection lost. Reconnecting in ${seconds} s…` : 'Reconnecting…',
      offline: 'You are offline.',
    }[s] + (s === 'connected' || s === 'connecting' ? '' : waitingNote(s));
    retry.hidden = s !== 'reconnecting';
    el.dataset.state = s;
    dot.dataset.state = s;
    // The dot by your own name is your connection, not your presence: it says so.
    const label = `Your connection: ${s === 'connected' ? 'connected' : text.textContent}`;
    dot.title = label;
    dot.setAttribute('aria-label', label);
  }

  function update(next) {
    const recovered = next.state === 'connected' && state.state !== 'connecting';
    state = next;
    clearInterval(ticker);
    clearTimeout(settle);
    el.classList.remove('settled', 'instant');
    if (next.state === 'reconnecting' && next.retryAt) ticker = setInterval(render, 1000);
    // After the first connect the bar folds away at once; after a reconnect, "Connected" shows for a moment.
    if (next.state === 'connected') {
      if (recovered) settle = setTimeout(() => el.classList.add('settled'), 2000);
      else el.classList.add('settled', 'instant');
    }
    render();
  }

  return {
    update,
    /** The server could not be reached before the first connect (no broker address yet). */
    waiting: (ms) => update({ state: navigator.onLine ? 'reconnecting' : 'offline', retryAt: Date.now() + ms }),
  };
}
