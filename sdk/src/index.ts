/**
 * @leadtrail/sdk — ESM entry. Nothing runs at import (SSR-safe); call init() in the browser.
 *
 *   import { init, track, identify, context } from '@leadtrail/sdk'
 *   init({ endpoint: 'https://t.client.com' })
 */
export { init, track, page, identify, context, consent, openWidget } from './core';
export type { Consent, Context, Options, Props, PropValue, Touch, Traits, LtEvent } from './types';
