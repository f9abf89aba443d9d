import { customAlphabet } from 'nanoid';

/** Client ids (event_id, tracking_id, session_id): URL-safe, long enough to be unguessable. */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const make = customAlphabet(alphabet, 20);

/** Server-side ids carry a short prefix so a stray id in a log says what it is (lead_…, req_…). */
export function newId(prefix: 'lead' | 'req' | 'dl' | 'chg' | 'dlv' | 'alr'): string {
  return `${prefix}_${make()}`;
}
