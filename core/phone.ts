/**
 * Phone numbers as an identity: normalised to E.164 with libphonenumber-js, so '+1 415 555 2671' and
 * '(415) 555-2671' from a US visitor are the same person. There is no tenant default country: a number
 * written internationally ('+…' or '00…') parses on its own; a national number is read in the country the
 * request came from (RequestContext.country, from the edge's geo data), and without one it is not a phone
 * identity. Pure.
 */
import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';

export function normalisePhone(input: string, requestCountry: string | null): string | null {
  const text = input.trim().replace(/^00(?=[1-9])/, '+');
  if (text === '' || text.length > 64) return null;
  const country = requestCountry?.toUpperCase() ?? '';
  const parsed = text.startsWith('+')
    ? parsePhoneNumberFromString(text)
    : isSupportedCountry(country)
      ? parsePhoneNumberFromString(text, country)
      : undefined;
  return parsed?.isValid() ? parsed.number : null;
}
