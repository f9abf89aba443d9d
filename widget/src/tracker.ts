/**
 * The tracker on the page (lt.js or @leadtrail/sdk's script tag), reached only through `window.leadtrail`:
 * its transport batches, retries and applies consent to everything the widget sends.
 */
export interface Tracker {
  track(name: string, props?: Record<string, string | number | boolean | undefined>): void;
  identify(traits: Record<string, string>): void;
  context(): { tracking_id: string } | undefined;
}

const found = (): Tracker | undefined => {
  const lt = (window as Window & { leadtrail?: Partial<Tracker> }).leadtrail;
  return lt?.track && lt.context?.() ? (lt as Tracker) : undefined;
};

/**
 * Resolves once the tracker has started. It fires `leadtrail:context` from init(), just before the script
 * tag assigns window.leadtrail, hence the look a tick later.
 */
export const tracker = (): Promise<Tracker> =>
  new Promise((resolve) => {
    const check = (): void => {
      const t = found();
      if (t) {
        removeEventListener('leadtrail:context', later);
        resolve(t);
      }
    };
    const later = (): void => void setTimeout(check);
    addEventListener('leadtrail:context', later);
    check();
  });
