/** The OpenAPI fragment of the console's lead routes (edge/routes/admin/leads.ts). */
import { errors, json, preflight } from '../../openapi-parts';
import { adminOperation } from './operation';

type Paths = Record<string, Record<string, unknown>>;

const nullableString = { type: ['string', 'null'] };
const nullableInteger = { type: ['integer', 'null'] };
const dateTime = { type: 'string', format: 'date-time' };
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' };
const stage = { type: 'string', enum: ['Unqualified', 'MQL', 'SQL'] };
const touch = {
  type: ['object', 'null'],
  description: 'The stored touch: channel, utm_*, click_ids, referrer, landing_url, ts',
  properties: { channel: { type: 'string' }, utm_campaign: nullableString, landing_url: nullableString, ts: { type: 'number' } },
};

export const leadSummarySchema = {
  type: 'object',
  required: [
    'id',
    'email',
    'name',
    'phone',
    'score',
    'stage',
    'first_touch',
    'last_touch',
    'first_seen',
    'last_seen',
    'country',
    'variant',
    'tracking_ids',
  ],
  properties: {
    id: { type: 'string' },
    email: nullableString,
    name: nullableString,
    phone: nullableString,
    score: { type: 'integer' },
    stage,
    first_touch: touch,
    last_touch: touch,
    first_seen: dateTime,
    last_seen: dateTime,
    country: nullableString,
    variant: nullableString,
    tracking_ids: { type: 'array', items: { type: 'string' }, maxItems: 20 },
  },
};

const timelineEntry = {
  type: 'object',
  required: ['at', 'kind', 'summary', 'data'],
  properties: {
    at: dateTime,
    kind: { type: 'string', enum: ['event', 'touch', 'answer', 'score', 'stage_change', 'delivery', 'conversation'] },
    summary: { type: 'string' },
    data: { type: 'object' },
  },
};

function query(name: string, description: string, schema: Record<string, unknown> = { type: 'string' }) {
  return { name, in: 'query', required: false, description, schema };
}

export const LEAD_FILTER_PARAMETERS = [
  query('email', 'Exact email, case-insensitive (also finds the lead an email was merged into)'),
  query('q', 'Substring of email or name, or an exact tracking id or lead id'),
  query('tracking_id', 'The lead this tracking id belongs to'),
  query('stage', 'Stage', stage),
  query('score_min', 'Lowest score (inclusive)', { type: 'integer' }),
  query('score_max', 'Highest score (inclusive)', { type: 'integer' }),
  query('channel', 'Channel of the first touch (or the last with attribution=last)'),
  query('campaign', 'utm_campaign of the first touch (or the last with attribution=last)'),
  query('attribution', 'Which touch channel and campaign match (default first)', { type: 'string', enum: ['first', 'last'] }),
  query('variant', "The widget variant of the lead's latest widget event"),
  query('country', "ISO 3166-1 alpha-2 country of the lead's latest event"),
  query('identified', 'true: only people with an email or phone; false: only anonymous visitors; absent: both', {
    type: 'string',
    enum: ['true', 'false'],
  }),
  query('from', 'last_seen from (YYYY-MM-DD UTC day or ISO datetime, inclusive); no range when from and to are absent'),
  query('to', 'last_seen to (inclusive); at most 400 days after from'),
];

const PAGE_PARAMETERS = [
  query('limit', 'Page size (default 50, max 200)', { type: 'integer', minimum: 1, maximum: 200 }),
  query('cursor', 'next_cursor of the previous page'),
];

export function leadsPaths(): Paths {
  return {
    '/v1/admin/leads': {
      get: adminOperation({
        summary: 'Search and filter leads (live leads only, newest seen first, keyset pages)',
        parameters: [...LEAD_FILTER_PARAMETERS, ...PAGE_PARAMETERS],
        responses: {
          '200': json('A page of leads', {
            type: 'object',
            required: ['leads', 'next_cursor'],
            properties: { leads: { type: 'array', items: leadSummarySchema }, next_cursor: nullableString },
          }),
          ...errors(400),
        },
      }),
      options: preflight('GET with Authorization'),
    },
    '/v1/admin/leads.csv': {
      get: adminOperation({
        summary: 'Export the filtered leads as CSV (RFC 4180, formula-safe, header row always, at most 100,000 rows)',
        parameters: LEAD_FILTER_PARAMETERS,
        responses: {
          '200': { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } },
          ...errors(400),
        },
      }),
      options: preflight('GET with Authorization'),
    },
    '/v1/admin/leads/{id}': {
      get: adminOperation({
        summary: 'One lead: summary, timeline (bounded, newest first), deliveries, dead letters, Chatwoot and CRM ids',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': json('The lead and its timeline', {
            type: 'object',
            required: ['lead', 'timeline', 'deliveries', 'dead_letters', 'links'],
            properties: {
              lead: {
                allOf: [leadSummarySchema],
                type: 'object',
                required: ['traits', 'answers', 'score_breakdown'],
                properties: { traits: { type: 'object' }, answers: { type: 'array' }, score_breakdown: { type: 'array' } },
              },
              timeline: { type: 'array', items: timelineEntry },
              deliveries: { type: 'array', items: { $ref: '#/components/schemas/Delivery' } },
              dead_letters: { type: 'array', items: { $ref: '#/components/schemas/DeadLetter' } },
              links: {
                type: 'object',
                required: ['chatwoot', 'crm'],
                properties: {
                  chatwoot: {
                    type: ['object', 'null'],
                    properties: {
                      account_id: { type: 'integer' },
                      contact_id: nullableInteger,
                      conversation_id: nullableInteger,
                      inbox_id: nullableInteger,
                    },
                  },
                  crm: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['destination', 'target', 'remote_ids'],
                      properties: { destination: { type: 'string' }, target: { type: 'integer' }, remote_ids: { type: 'object' } },
                    },
                  },
                },
              },
              limits: { type: 'object', additionalProperties: { type: 'integer' } },
              truncated: { type: 'array', items: { type: 'string' } },
            },
          }),
        },
      }),
      // Not in the preflight table (edge/methods.ts keeps exact paths): the console's door answers it (401).
      options: {
        ...preflight('none: a parameterised path is not preflighted'),
        responses: { ...preflight('').responses, ...errors(401) },
      },
    },
  };
}
