// <thingstead-mqtt>: the browser's own MQTT connection to the gateway (MQTT 5 over wss://.../mqtt), authenticated
// with the signed-in user's access token, which the server hands over ($server.token()). The token is fetched again
// before it expires and the connection re-made with it (the gateway checks tokens at CONNECT), subscriptions restored.
// Messages go to the server component ($server.onMessage) and to listeners in the page (event "mqtt-message").
import mqtt from 'mqtt';

const REFRESH_MARGIN_MS = 60_000;

class ThingsteadMqtt extends HTMLElement {
  constructor() {
    super();
    this.subscriptions = new Set();
    this.client = null;
    this.refreshTimer = null;
    this.state = 'idle';
    this.connects = 0;
    this.received = [];
  }

  connectedCallback() {
    this.style.display = 'none';
    if (this.getAttribute('autoconnect') !== null) {
      this.start();
    }
  }

  disconnectedCallback() {
    this.stop();
  }

  async start() {
    if (this.starting) {
      return;
    }
    this.starting = true;
    try {
      await this.connectWithFreshToken();
    } finally {
      this.starting = false;
    }
  }

  stop() {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
    if (this.client) {
      this.client.end(true);
      this.client = null;
    }
    this.setState('stopped', '');
  }

  async connectWithFreshToken() {
    let grant;
    try {
      grant = await this.$server.token();
    } catch (e) {
      this.setState('error', 'could not get an access token: ' + e);
      this.scheduleRetry();
      return;
    }
    if (!grant || !grant.token) {
      this.setState('error', 'no access token in this session');
      return;
    }
    const previous = this.client;
    const clientId = this.getAttribute('client-id-prefix') + Math.random().toString(16).slice(2, 10);
    const client = mqtt.connect(this.getAttribute('url'), {
      protocolVersion: 5,
      clientId,
      username: 'token',
      password: grant.token,
      clean: true,
      keepalive: 60,
      reconnectPeriod: 0,
      connectTimeout: 15_000,
    });
    this.client = client;
    this.tokenExpiresAt = grant.expiresAt;
    client.on('connect', () => {
      if (this.client !== client) {
        return;
      }
      this.connects++;
      if (previous) {
        previous.end(true);
      }
      if (this.subscriptions.size > 0) {
        client.subscribe([...this.subscriptions], { qos: 1 }, (err, granted) => this.reportGrants(err, granted));
      }
      this.setState('connected', clientId);
      this.scheduleRefresh(grant.expiresAt);
    });
    client.on('message', (topic, payload) => {
      const text = new TextDecoder().decode(payload);
      const receivedAt = Date.now();
      this.received.push({ topic, receivedAt });
      if (this.received.length > 1000) {
        this.received.shift();
      }
      this.dispatchEvent(new CustomEvent('mqtt-message', { detail: { topic, payload: text, receivedAt } }));
      this.$server.onMessage(topic, text);
    });
    client.on('error', (err) => {
      if (this.client === client) {
        this.setState('error', String(err && err.message ? err.message : err));
      }
    });
    client.on('close', () => {
      if (this.client === client) {
        this.setState('disconnected', '');
        this.scheduleRetry();
      }
    });
  }

  scheduleRefresh(expiresAt) {
    clearTimeout(this.refreshTimer);
    // a new token, and a new connection with it, a minute before this one expires (or halfway for short tokens)
    const left = expiresAt - Date.now();
    const wait = Math.max(5_000, Math.min(left - REFRESH_MARGIN_MS, left / 2));
    this.refreshTimer = setTimeout(() => this.connectWithFreshToken(), wait);
  }

  scheduleRetry() {
    clearTimeout(this.refreshTimer);
    if (this.state === 'stopped') {
      return;
    }
    this.refreshTimer = setTimeout(() => this.connectWithFreshToken(), 3_000 + Math.random() * 2_000);
  }

  /** Reconnect now with a fresh token (what the timer does before expiry). */
  refreshNow() {
    return this.connectWithFreshToken();
  }

  reportGrants(err, granted) {
    if (err) {
      this.$server.onSubscribeResult('', 128, String(err.message || err));
      return;
    }
    for (const grant of granted || []) {
      this.$server.onSubscribeResult(grant.topic, grant.qos, '');
    }
  }

  subscribe(filter) {
    this.subscriptions.add(filter);
    if (this.client && this.client.connected) {
      this.client.subscribe(filter, { qos: 1 }, (err, granted) => this.reportGrants(err, granted));
    }
  }

  unsubscribe(filter) {
    this.subscriptions.delete(filter);
    if (this.client && this.client.connected) {
      this.client.unsubscribe(filter);
    }
  }

  publish(topic, payload) {
    return new Promise((resolve) => {
      if (!this.client || !this.client.connected) {
        resolve({ ok: false, reason: 'not connected' });
        return;
      }
      this.client.publish(topic, payload, { qos: 1 }, (err, packet) => {
        const code = packet && packet.reasonCode ? packet.reasonCode : 0;
        resolve({ ok: !err && code < 128, reason: err ? String(err.message || err) : code });
      });
    });
  }

  setState(state, detail) {
    this.state = state;
    this.setAttribute('state', state);
    this.dispatchEvent(new CustomEvent('mqtt-state', { detail: { state, detail } }));
    if (this.$server) {
      this.$server.onState(state, detail || '');
    }
  }
}

customElements.define('thingstead-mqtt', ThingsteadMqtt);
