// Small DOM helpers. Text always goes in through textContent, never innerHTML, so nothing a user types is markup.

/** h('div', {class: 'x', onclick: fn}, 'text', child) builds an element. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value == null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child != null && child !== false) el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';

/** One of the symbols defined at the top of index.html. */
export function icon(id, cls = 'icon') {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', cls);
  svg.setAttribute('aria-hidden', 'true');
  const use = document.createElementNS(SVG, 'use');
  use.setAttribute('href', `#${id}`);
  svg.append(use);
  return svg;
}

export const $ = (selector, root = document) => root.querySelector(selector);

// Each at least 4.5:1 against the white initials (WCAG AA).
const AVATAR_COLOURS = ['#c0392b', '#2e7d32', '#1f6fb2', '#6a4fc9', '#b0306e', '#0f7c80', '#b2521a', '#2a62d6'];

/** A round avatar with initials, its colour fixed by the name so a person always looks the same. */
export function avatar(name, size = '') {
  const el = h('span', { class: `avatar ${size}`.trim(), 'aria-hidden': 'true' });
  fillAvatar(el, name);
  return el;
}

export function fillAvatar(el, name) {
  const words = String(name || '?').replace(/[._-]+/g, ' ').trim().split(/\s+/);
  el.textContent = ((words[0]?.[0] || '?') + (words[1]?.[0] || '')).toUpperCase();
  let hash = 0;
  for (const c of String(name)) hash = (hash * 31 + c.charCodeAt(0)) | 0;
  el.style.background = AVATAR_COLOURS[Math.abs(hash) % AVATAR_COLOURS.length];
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
const yearFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

export const formatTime = (date) => timeFormat.format(date);

/** For a time's tooltip: "Wednesday, 2 December 2026 at 15:31". */
export const formatFull = (date) => fullFormat.format(date);

/** "Today", "Yesterday", "Mon, 24 Nov" or, in another year, "24 Nov 2024". */
export function formatDay(date, now = new Date()) {
  const days = Math.round((startOfDay(now) - startOfDay(date)) / 86_400_000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  return (date.getFullYear() === now.getFullYear() ? dayFormat : yearFormat).format(date);
}

/** In the room list: the time today, the weekday this week, the date before that. */
export function formatShort(date, now = new Date()) {
  const days = Math.round((startOfDay(now) - startOfDay(date)) / 86_400_000);
  if (days === 0) return timeFormat.format(date);
  if (days < 7) return date.toLocaleDateString(undefined, { weekday: 'short' });
  return date.toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}

export const dayKey = (date) => `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;

function startOfDay(date) {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** A random UUID; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
