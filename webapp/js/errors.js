// What the page says for the server's error codes it explains in its own words: the catalogue key
// of each ({error} in its words is the server's own text).
export const ERRORS = {
  room_full: 'error.room_full',
  wrong_passcode: 'error.wrong_passcode',
  passcode_needed: 'error.passcode_needed',
  invalid_room: 'error.invalid_room',
  not_your_peer: 'error.not_your_peer',
  bad_message: 'error.bad_message',
  too_large: 'error.too_large',
};
