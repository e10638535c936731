// The links of rooms: ids nobody can guess, and the link that carries a room's passcode.

/** A room ID nobody can guess: 128 random bits, base64url (22 characters). */
export function privateRoomId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The passcode travels in the link's fragment (#passcode=…), which browsers never send to a server. */
export function linkOf(id, code) {
  return `?room=${encodeURIComponent(id)}${code ? `#passcode=${encodeURIComponent(code)}` : ''}`;
}
