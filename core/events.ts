/**
 * The wire format of `POST /v1/events` and the queue message the collector derives from it.
 * Validated with valibot; every limit lives in ./limits.ts.
 */
import * as v from 'valibot';
import { CLIENT_ID_PATTERN } from './ids';
import { LIMITS } from './limits';
import { isStorableText, toStorableText } from './text';

export const EVENT_TYPES = ['page_view', 'track', 'identify', 'form_submit'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

const clientId = v.pipe(v.string(), v.regex(CLIENT_ID_PATTERN, 'must be 8-64 characters of A-Z a-z 0-9 _ -'));
/**
 * Free text (urls, titles, names, utm values, property and trait values): made storable rather than refused,
 * because the tracker truncates by UTF-16 units and can cut an emoji in two (see ./text.ts).
 */
const text = (max: number) => v.pipe(v.string(), v.transform(toStorableText), v.maxLength(max, `must be at most ${max} characters`));
/** Keys name things (props, traits, click ids): refused rather than silently renamed. */
const key = (max: number) =>
  v.pipe(
    v.string(),
    v.maxLength(max, `must be at most ${max} characters`),
    v.check(isStorableText, 'must not contain NUL or a lone UTF-16 surrogate'),
  );
/** valibot's record and objectWithRest accept arrays (`[1]` becomes `{"0": 1}`): records must be objects. */
const plainObject = v.custom<Record<string, unknown>>(
  (input) => typeof input === 'object' && input !== null && !Array.isArray(input),
  'must be an object',
);
/** JSON's 1e309 parses to Infinity, which JSON.stringify would store as null. */
const finiteNumber = v.pipe(v.number(), v.finite('must be a finite number'));
const timestamp = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8.64e15));

const touchField = v.nullish(text(LIMITS.shortText));

export const TouchSchema = v.object({
  ts: timestamp,
  channel: text(LIMITS.channel),
  utm_source: touchField,
  utm_medium: touchField,
  utm_campaign: touchField,
  utm_term: touchField,
  utm_content: touchField,
  utm_id: touchField,
  click_ids: v.optional(
    v.pipe(
      plainObject,
      v.record(key(LIMITS.propKey), text(LIMITS.clickIdValue)),
      v.maxEntries(LIMITS.maxClickIds, `at most ${LIMITS.maxClickIds} click ids`),
    ),
    {},
  ),
  referrer: v.nullish(text(LIMITS.url)),
  landing_url: v.nullish(text(LIMITS.url)),
});
export type Touch = v.InferOutput<typeof TouchSchema>;

const PropsSchema = v.pipe(
  plainObject,
  v.record(key(LIMITS.propKey), v.union([text(LIMITS.propValue), finiteNumber, v.boolean(), v.null()])),
  v.maxEntries(LIMITS.maxProps, `at most ${LIMITS.maxProps} properties`),
);

const TraitsSchema = v.pipe(
  plainObject,
  // Keys first (objectWithRest checks only values); the merged traits of a lead are capped by the consumer.
  v.record(key(LIMITS.propKey), v.unknown()),
  v.objectWithRest(
    // An email identifies a lead: not normalised like free text, and the email check refuses NUL and surrogates.
    {
      email: v.optional(
        v.pipe(
          v.string(),
          v.maxLength(254, 'must be at most 254 characters'),
          v.trim(),
          v.toLowerCase(),
          v.email('must be an email address'),
        ),
      ),
    },
    text(LIMITS.shortText),
  ),
  v.maxEntries(LIMITS.maxProps, `at most ${LIMITS.maxProps} traits`),
);

export const ClientEventSchema = v.pipe(
  v.object({
    event_id: clientId,
    type: v.picklist(EVENT_TYPES, `must be one of ${EVENT_TYPES.join(', ')}`),
    name: v.optional(text(LIMITS.name)),
    ts: timestamp,
    tracking_id: clientId,
    session_id: clientId,
    url: v.optional(text(LIMITS.url)),
    title: v.optional(text(LIMITS.title)),
    referrer: v.optional(text(LIMITS.url)),
    first_touch: v.nullish(TouchSchema),
    last_touch: v.nullish(TouchSchema),
    props: v.optional(PropsSchema),
    traits: v.optional(TraitsSchema),
    bot: v.optional(v.boolean()),
  }),
  v.forward(
    v.check((event) => event.type !== 'track' || (event.name ?? '') !== '', 'track events need a name'),
    ['name'],
  ),
);
export type ClientEvent = v.InferOutput<typeof ClientEventSchema>;

export const EventBatchSchema = v.object({
  sent_at: timestamp,
  consent: v.optional(v.picklist(['granted', 'pending', 'denied'])),
  events: v.pipe(
    v.array(ClientEventSchema),
    v.minLength(1, 'at least one event'),
    v.maxLength(LIMITS.eventsPerBatch, `at most ${LIMITS.eventsPerBatch} events per batch`),
  ),
});
export type EventBatch = v.InferOutput<typeof EventBatchSchema>;

/** What the collector learns about the request; never the raw IP. */
export const RequestContextSchema = v.object({
  received_at: v.number(),
  ip_hash: v.nullable(v.string()),
  country: v.nullable(v.string()),
  region: v.nullable(v.string()),
  city: v.nullable(v.string()),
  asn: v.nullable(v.number()),
  user_agent: v.nullable(v.string()),
  browser: v.nullable(v.string()),
  os: v.nullable(v.string()),
  device: v.nullable(v.string()),
  bot: v.boolean(),
});
export type RequestContext = v.InferOutput<typeof RequestContextSchema>;

/** An accepted event with its time corrected for the client's clock skew (server clock, ms). */
export const QueuedEventSchema = v.object({ ts: v.number(), event: ClientEventSchema });
export type QueuedEvent = v.InferOutput<typeof QueuedEventSchema>;

/**
 * One message on the `events` queue: one accepted client batch (at most 50 events, 64 KB, well under the
 * 128 KB message limit) with its server-side context. One message per request keeps the queue's
 * messages/s budget for requests rather than events, and makes the unit the consumer acks or retries the
 * same unit the browser retries.
 */
export const EventMessageSchema = v.object({
  v: v.literal(1),
  tenant_id: v.string(),
  request: RequestContextSchema,
  events: v.pipe(v.array(QueuedEventSchema), v.minLength(1)),
});
export type EventMessage = v.InferOutput<typeof EventMessageSchema>;

/** One event as the consumer stores it: a message flattened. */
export interface IngestEvent {
  tenant_id: string;
  ts: number;
  event: ClientEvent;
  request: RequestContext;
}

export function flattenMessages(messages: readonly EventMessage[]): IngestEvent[] {
  return messages.flatMap((message) =>
    message.events.map(({ ts, event }) => ({ tenant_id: message.tenant_id, ts, event, request: message.request })),
  );
}
