/** Wraps an entry point or an event handler so nothing the widget does ever throws into the host page. */
export const safe =
  <A extends unknown[]>(f: (...a: A) => unknown) =>
  (...a: A): void => {
    try {
      const r = f(...a);
      if (r instanceof Promise) r.catch(() => {});
    } catch {}
  };
