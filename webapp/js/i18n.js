// The words of the page and of the admin view, from a message catalogue per language
// (i18n/<lang>.json: flat keys grouped by area, such as "status.connected", with {name} placeholders,
// plural forms as "key.one" / "key.other", and "dir", ltr or rtl). The language is the one chosen
// with the switcher (kept on the device), else the first of navigator.languages that has a
// catalogue (by primary subtag: de-AT is de), else English. Dates, times and numbers are formatted
// by Intl in that language, in the person's regional variant of it when navigator.languages names
// one (en-GB, de-CH). Static HTML is translated through data-i18n="key" (its text; `x` in a text
// becomes <code>x</code>) and data-i18n-attr="attribute:key; attribute:key".
export const LANGUAGES = ['en', 'es', 'de'];
const FALLBACK = 'en';
const KEY = 'duet.language';

let catalogue = {};
let language = FALLBACK;
let locale = FALLBACK;
const listeners = [];
const formats = new Map();

function saved() {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

function save(value) {
  try {
    localStorage.setItem(KEY, value);
  } catch {
    // storage is off (a private window): the choice lasts as long as the page
  }
}

const primary = (tag) => String(tag).toLowerCase().split('-')[0];

/** The language to use: a saved choice, else the first wanted one with a catalogue, else English. */
export function pick(choice = saved(), wanted = navigator.languages || [navigator.language]) {
  if (LANGUAGES.includes(choice)) return choice;
  return wanted.map(primary).find((code) => LANGUAGES.includes(code)) || FALLBACK;
}

/** The language in use (a primary subtag: "en", "es", "de"). */
export const currentLanguage = () => language;

/** Loads the catalogue of a language and puts the page into it. */
export async function setLanguage(code) {
  const response = await fetch(new URL(`../i18n/${code}.json`, import.meta.url));
  if (!response.ok) throw new Error(`the ${code} catalogue answered ${response.status}`);
  catalogue = await response.json();
  language = code;
  locale = (navigator.languages || []).find((tag) => primary(tag) === code) || code;
  formats.clear();
  const root = document.documentElement;
  root.lang = code;
  root.dir = catalogue.dir === 'rtl' ? 'rtl' : 'ltr';
  translate(document);
  for (const listener of listeners) listener(code);
}

/**
 * Loads the language of this person before the first render, English if that fails; follows a
 * choice made later in another tab or frame of the site (the storage event).
 */
export async function startLanguage() {
  addEventListener('storage', ({ key, newValue }) => {
    if (key === KEY && LANGUAGES.includes(newValue) && newValue !== language) {
      setLanguage(newValue).catch((error) => console.warn('language', error));
    }
  });
  try {
    await setLanguage(pick());
  } catch (error) {
    console.warn('language', error);
    if (language !== FALLBACK || !Object.keys(catalogue).length) {
      await setLanguage(FALLBACK).catch((e) => console.warn('language', e));
    }
  }
}

/** Shows the page: until then (html[data-i18n-pending]) it is hidden, so no other words flash. */
export function reveal() {
  delete document.documentElement.dataset.i18nPending;
}

/** Runs listener(language) after every change of language. */
export function onLanguage(listener) {
  listeners.push(listener);
}

/** The words of a key, with {name} placeholders filled from params (rendered if they are msg()s). */
export function t(key, params = {}) {
  const text = catalogue[key];
  if (typeof text !== 'string') {
    console.warn(`no words for ${key} in ${language}`);
    return key;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name) =>
    name in params ? render(params[name]) : whole,
  );
}

/** The plural form of key ("key.one", "key.other", …) for count, which fills {count}. */
export function tn(key, count, params = {}) {
  const form = `${key}.${new Intl.PluralRules(locale).select(count)}`;
  return t(form in catalogue ? form : `${key}.other`, { count: number(count), ...params });
}

/** Words to be put into whatever language is in use when they are shown (again). */
export const msg = (key, params = {}) => ({ key, params });

/** A msg() in the language of the moment; a string (a server's words) as it is. */
export function render(text) {
  if (text === null || text === undefined) return '';
  if (typeof text === 'object' && 'key' in text) return t(text.key, text.params);
  return String(text);
}

function format(kind, options) {
  const id = `${kind}${JSON.stringify(options)}`;
  if (!formats.has(id)) formats.set(id, new Intl[kind](locale, options));
  return formats.get(id);
}

/** A number in the language in use (Intl.NumberFormat options). */
export const number = (value, options = {}) => format('NumberFormat', options).format(value);

/** A list of words, "a, b and c" (Intl.ListFormat options). */
export const list = (items, options = { type: 'conjunction' }) =>
  format('ListFormat', options).format(items);

/** A time of day in UTC, 24-hour ("14:05"), with the seconds if asked. */
export const utcTime = (date, seconds = false) =>
  format('DateTimeFormat', {
    hour: '2-digit',
    minute: '2-digit',
    second: seconds ? '2-digit' : undefined,
    hourCycle: 'h23',
    timeZone: 'UTC',
  }).format(date);

/** A date in UTC, as the language writes it ("Dec 6, 2026", "06.12.2026"). */
export const utcDate = (date) =>
  format('DateTimeFormat', { dateStyle: 'medium', timeZone: 'UTC' }).format(date);

/** Translates data-i18n and data-i18n-attr elements under root. */
export function translate(root) {
  for (const element of root.querySelectorAll('[data-i18n]')) {
    const pieces = t(element.dataset.i18n).split('`');
    const code = (text) => Object.assign(document.createElement('code'), { textContent: text });
    element.replaceChildren(...pieces.map((piece, i) => (i % 2 ? code(piece) : piece)));
  }
  for (const element of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of element.dataset.i18nAttr.split(';')) {
      const [attribute, key] = pair.split(':').map((part) => part.trim());
      if (attribute && key) element.setAttribute(attribute, t(key));
    }
  }
}

/** Makes the <select> a language switcher: each language in its own name; a choice is kept. */
export function languageSwitcher(select) {
  select.replaceChildren(
    ...LANGUAGES.map((code) => {
      const name = new Intl.DisplayNames([code], { type: 'language' }).of(code);
      const option = new Option(name.charAt(0).toLocaleUpperCase(code) + name.slice(1), code);
      option.lang = code;
      return option;
    }),
  );
  select.value = language;
  onLanguage((code) => (select.value = code));
  select.addEventListener('change', async () => {
    const code = select.value;
    try {
      await setLanguage(code);
      save(code);
    } catch (error) {
      console.warn('language', error);
      select.value = language;
    }
  });
}
