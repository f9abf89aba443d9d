/** Public types of @leadtrail/sdk (the wire format is the collector's, see design §3). */

export type Consent = 'granted' | 'pending' | 'denied';

export const UTM = ['source', 'medium', 'campaign', 'term', 'content', 'id'] as const;
export type UtmKey = `utm_${(typeof UTM)[number]}`;

/** One attribution touch. Every key is always present (null where absent). */
export type Touch = { [K in UtmKey]: string | null } & {
  ts: number;
  channel: string;
  click_ids: Record<string, string>;
  referrer: string | null;
  landing_url: string | null;
};

export interface Context {
  tracking_id: string;
  session_id: string;
  first_touch: Touch | null;
  last_touch: Touch | null;
  touches: Touch[];
}

export type PropValue = string | number | boolean | null;
export type Props = Record<string, PropValue | undefined>;
export type Traits = { email?: string; phone?: string; name?: string } & Record<string, string | undefined>;

export interface Options {
  /** Collector base URL, e.g. 'https://t.client.com' or 'https://client.com/_lt/'. */
  endpoint: string;
  /** Consent before consent() is called. Default 'granted'. */
  consent?: Consent;
  /** Domains whose links carry the visitor's id and touches (e.g. ['app.example.com']). */
  crossDomain?: string[] | string;
  /** false: no hidden form fields and no automatic form_submit. Default true. */
  forms?: boolean | 'on' | 'off';
  /** false: submitted forms do not identify the visitor by their email, phone and name fields. Default true. */
  capture?: boolean | 'on' | 'off';
  /** false: openWidget() does nothing. Default true. */
  widget?: boolean | 'on' | 'off';
  /** 'ignore': do not honour navigator.globalPrivacyControl (only if the tenant allows it). */
  gpc?: 'honor' | 'ignore';
  /** @internal The widget launcher's look and trigger, written onto the tag by the Worker (JSON). */
  launcher?: string;
}

export type EventType = 'page_view' | 'track' | 'identify' | 'form_submit';

/** An event as sent to POST /v1/events. */
export interface LtEvent {
  event_id: string;
  type: EventType;
  name?: string;
  ts: number;
  tracking_id: string;
  session_id: string;
  url?: string;
  title?: string;
  referrer?: string;
  first_touch?: Touch | null;
  last_touch?: Touch | null;
  props?: Record<string, PropValue>;
  traits?: Record<string, string>;
  bot?: boolean;
}
