// The MQTT connection: MQTT.js over WebSocket, signed in with the username and the access token, on a persistent
// session (clean=false) so the broker queues what arrives while this browser is away. Reconnects with backoff.
import mqtt from './vendor/mqtt.esm.js';

const MAX_BACKOFF_MS = 30_000;

export class Live {
  /**
   * @param onState ({state, retryAt?}) with state one of connecting, connected, reconnecting, offline
   * @param onConnect (sessionPresent) after every successful connect
   * @param onMessage (topic, payload as parsed JSON)
   * @param onAuthRefused the broker refused the token; the app decides whether the session is over
   */
  constructor({ url, username, token, clientId, onState, onConnect, onMessage, onAuthRefused }) {
    Object.assign(this, { url, username, token, clientId, onState, onConnect, onMessage, onAuthRefused });
    this.client = null;
    this.attempts = 0;
    this.timer = null;
    this.stopped = false;
    this.state = null;
    this.onOnline = () => this.retryNow();
    this.onOffline = () => this.dropForOffline();
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
  }

  get connected() {
    return this.state === 'connected';
  }

  start() {
    this.connect();
  }

  stop() {
    this.stopped = true;
    this.state = 'stopped';
    clearTimeout(this.timer);
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    this.discard();
  }

  /** Skips the rest of the backoff wait. */
  retryNow() {
    if (this.stopped || this.connected) return;
    clearTimeout(this.timer);
    this.discard();
    this.connect();
  }

  connect() {
    if (!navigator.onLine) {
      this.setState('offline');
      return;
    }
    this.setState(this.attempts === 0 ? 'connecting' : 'reconnecting');
    const client = mqtt.connect(this.url, {
      clientId: this.clientId,
      username: this.username,
      password: this.token,
      clean: false,
      protocolVersion: 4,
      keepalive: 20,
      connectTimeout: 10_000,
      reconnectPeriod: 0, // the backoff below decides when to try again
      resubscribe: false, // the app subscribes to everything it needs on each connect
    });
    this.client = client;
    let refused = false;
    client.on('connect', (connack) => {
      this.attempts = 0;
      this.setState('connected');
      this.onConnect(connack.sessionPresent);
    });
    client.on('message', (topic, payload) => {
      let data;
      try {
        data = JSON.parse(new TextDecoder().decode(payload));
      } catch {
        return; // not for us: every chat payload is JSON
      }
      this.onMessage(topic, data);
    });
    client.on('error', (error) => {
      // CONNACK 4 (bad username or password) or 5 (not authorised): the token is no longer accepted.
      if (error?.code === 4 || error?.code === 5) refused = true;
    });
    client.on('close', () => {
      if (client !== this.client) return;
      this.discard();
      if (refused) this.onAuthRefused();
      this.scheduleReconnect();
    });
  }

  /** The browser says there is no network: the socket cannot carry anything, so stop pretending it can. */
  dropForOffline() {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.discard();
    this.setState('offline');
  }

  scheduleReconnect() {
    if (this.stopped) return;
    if (!navigator.onLine) {
      this.setState('offline');
      return;
    }
    this.attempts += 1;
    // The first retry is quick (the server closes connections on purpose, for example after leaving a room);
    // then 1 s, 2 s, 4 s… up to 30 s, with some jitter so that many clients do not return at the same moment.
    const base = this.attempts === 1 ? 300 : Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (this.attempts - 2));
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.setState('reconnecting', Date.now() + delay);
    this.timer = setTimeout(() => this.connect(), delay);
  }

  discard() {
    const client = this.client;
    this.client = null;
    if (client) {
      client.removeAllListeners('close');
      client.on('error', () => {});
      client.end(true);
    }
  }

  setState(state, retryAt) {
    this.state = state;
    this.onState({ state, retryAt });
  }

  /** Subscribes at QoS 1; resolves with the topics the broker refused. */
  subscribe(topics) {
    const client = this.client;
    if (!client || !this.connected || topics.length === 0) return Promise.resolve([]);
    return new Promise((resolve) => {
      client.subscribe(topics, { qos: 1 }, (error, granted) => {
        if (error) resolve([]);
        else resolve((granted || []).filter((g) => g.qos === 128).map((g) => g.topic));
      });
    });
  }

  unsubscribe(topics) {
    if (this.client && this.connected) this.client.unsubscribe(topics);
  }

  /** Publishes (at QoS 1 unless told); resolves on PUBACK, rejects if the connection goes first. */
  publish(topic, payload, qos = 1) {
    const client = this.client;
    if (!client || !this.connected) return Promise.reject(new Error('not connected'));
    return new Promise((resolve, reject) => {
      client.publish(topic, JSON.stringify(payload), { qos }, (error) => (error ? reject(error) : resolve()));
    });
  }
}

/** ws(s)://<this page's host name>:<broker port><path>, unless the server names a full URL. */
export function websocketUrl(config) {
  if (config.mqttWebsocketUrl) return config.mqttWebsocketUrl;
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.hostname}:${config.mqttWebsocketPort}${config.mqttWebsocketPath}`;
}

/**
 * Two tabs of one browser must not share a client id (each would push the other off the broker), so each tab
 * holds a numbered slot while it is signed in: the first tab uses the browser's id, the second id-1, and so on.
 */
export async function claimClientId(baseId, signal) {
  if (!navigator.locks) return baseId;
  for (let slot = 0; slot < 16; slot++) {
    const claimed = await new Promise((resolve) => {
      navigator.locks.request(`lowband-mqtt:${baseId}:${slot}`, { ifAvailable: true }, (lock) => {
        resolve(lock !== null);
        // Held until sign-out or until the tab closes.
        return lock ? new Promise((release) => signal.addEventListener('abort', release)) : undefined;
      });
    });
    if (claimed) return slot === 0 ? baseId : `${baseId}-${slot}`;
  }
  return `${baseId}-${Date.now().toString(36)}`;
}
