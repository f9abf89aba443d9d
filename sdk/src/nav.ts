/** page_view on load (when shown, for prerendered pages) and once per real SPA route change. */
import type { Props } from './types'
import { clean, ev } from './events'
import { enqueue } from './send'

let last = ''

/** Path, plus the hash only for hash routers (#/ or #!): in-page anchors are not page views. */
const key = (): string => location.pathname + (/^#[/!]/.test(location.hash) ? location.hash : '')

export const pageView = (props?: Props): void => {
  last = key()
  enqueue(ev('page_view', { props: clean(props) }))
}

export const autoPages = (): void => {
  // Deferred: routers usually set the title after pushState.
  const check = (): void => {
    setTimeout(() => key() != last && pageView())
  }
  for (const m of ['pushState', 'replaceState'] as const) {
    const orig = history[m]
    history[m] = function (this: History, ...a: Parameters<History['pushState']>) {
      orig.apply(this, a)
      check()
    }
  }
  addEventListener('popstate', check)
  addEventListener('hashchange', check)
  if ((document as Document & { prerendering?: boolean }).prerendering)
    document.addEventListener('prerenderingchange', () => pageView(), { once: true })
  else pageView()
}
