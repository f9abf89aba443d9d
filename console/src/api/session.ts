/**
 * The pasted token lives in sessionStorage: it survives a reload of the tab and is gone when the tab closes,
 * and no other tab or site sees it (it is never a cookie, so no request carries it by accident).
 */
const KEY = 'leadtrail.console.token';

export function storedToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string | null): void {
  try {
    if (token === null) sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, token);
  } catch {
    // Storage refused (private mode quota): the session lasts until reload.
  }
}
