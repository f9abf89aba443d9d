/**
 * Forms: every form (also those rendered later) gets hidden fields lt_tracking_id, lt_first_touch and
 * lt_last_touch (JSON); existing fields named like utm_source, gclid or tracking_id are filled from the
 * last touch. Values are set as properties, never written as HTML. Submits are tracked as form_submit.
 */
import { ev } from './events'
import { enqueue } from './send'
import { C } from './state'
import { J, safe } from './util'

const fill = safe((): void => {
  const t = C.last_touch
  // Field name → value: the last touch's utm_*, click ids, channel…, then the ids and JSON touches.
  const v = {
    ...t,
    ...t?.click_ids,
    tracking_id: C.tracking_id,
    lt_tracking_id: C.tracking_id,
    lt_first_touch: J(C.first_touch),
    lt_last_touch: J(t),
  } as Record<string, unknown>
  for (const f of document.forms)
    for (const n in v) {
      let i = f.querySelector<HTMLInputElement>(`[name="${n}"]`)
      if (!i && /^lt_/.test(n)) {
        i = f.appendChild(document.createElement('input'))
        i.type = 'hidden'
        i.name = n
      }
      // A visible field the visitor typed into is theirs.
      if (i && v[n] && (i.type == 'hidden' || !i.value)) i.value = v[n] + ''
    }
})

export const forms = (): void => {
  fill()
  addEventListener('leadtrail:context', fill)
  new MutationObserver(fill).observe(document, { childList: true, subtree: true })
  // Capture phase: runs before page handlers that may navigate away.
  document.addEventListener(
    'submit',
    (e) => {
      fill()
      const f = e.target as HTMLFormElement
      // getAttribute: f.name would be shadowed by an input named "name". Field values are not sent.
      enqueue(ev('form_submit', { name: (f.id || f.getAttribute('name') || 'form').slice(0, 128) }))
    },
    true,
  )
}
