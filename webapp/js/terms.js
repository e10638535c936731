// The terms of use an operator may set (TERMS_VERSION, announced in the session frame): shown
// before talking to strangers with "I am 18 or older", accepted once per device and version (kept
// in localStorage), and told to every new session before it asks for a stranger.
import { $, setState } from './view.js';
import { msg } from './i18n.js';

const KEY = 'duet.termsAccepted';

let version = null;

function stored() {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

function store(value) {
  try {
    if (value) localStorage.setItem(KEY, value);
    else localStorage.removeItem(KEY);
  } catch {
    // storage is off (a private window): the terms are asked again next time
  }
}

/** The session's terms version; an acceptance kept for it on this device goes to the server now. */
export function sessionTerms(signaling, current) {
  version = current || null;
  if (version && stored() === version) {
    signaling.send('accept_terms', { payload: { version, adult: true } });
  }
}

/** Whether the terms must be shown before asking for a stranger. */
export function needsTerms() {
  return Boolean(version) && stored() !== version;
}

/** The server asked for the terms again (terms_required): what this device kept no longer counts. */
export function termsRefused() {
  store(null);
}

/** Shows the terms; resolves true once accepted (and told to the server), false if not. */
export function askTerms(signaling) {
  const dialog = $('terms-dialog');
  $('terms-version').textContent = version;
  $('terms-form').reset();
  setState('terms', msg('status.terms'));
  return new Promise((resolve) => {
    const done = (accepted) => {
      $('terms-form').onsubmit = null;
      $('terms-cancel').onclick = null;
      dialog.onclose = null;
      dialog.close();
      resolve(accepted);
    };
    $('terms-form').onsubmit = (event) => {
      event.preventDefault();
      store(version);
      signaling.send('accept_terms', { payload: { version, adult: true } });
      done(true);
    };
    $('terms-cancel').onclick = () => done(false);
    dialog.onclose = () => done(false);
    dialog.showModal();
  });
}
