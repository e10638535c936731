// What the page says for the server's error codes it explains in its own words.
export const ERRORS = {
  room_full: 'This room already has two people in it. Try another room ID.',
  wrong_passcode:
    'That is not the passcode of this room, or the name is taken by someone else. Check the link, or pick another name.',
  passcode_needed:
    'A name you pick can be guessed: give the room a passcode too, or leave the room ID empty for a private room.',
  invalid_room: 'A room ID is 1 to 64 letters, digits, - or _.',
  not_your_peer: 'That person is no longer in the call.',
  bad_message: 'That was not accepted: ',
  too_large: 'That message is too long.',
};
