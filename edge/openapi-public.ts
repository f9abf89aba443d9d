/**
 * Response schemas of the public, unauthenticated routes (/v1/config, /healthz, /v1/openapi.json, the scripts),
 * written from what the routes answer and held to their real answers by edge/openapi-responses.test.ts. The
 * widget's config lists what the widget reads (widget/src/types.ts); an option never carries `points`.
 */
import { CTA_KINDS, LANGUAGES, OPTION_SIGNALS, QUESTION_TYPES } from '../core/tenants/questionnaire';

const text = { type: 'string' };

const PublicWidget = {
  type: 'object',
  required: ['greeting', 'questions', 'variants', 'theme', 'trigger'],
  properties: {
    greeting: text,
    language: { enum: [...LANGUAGES] },
    questions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'type', 'text', 'required'],
        properties: {
          id: text,
          type: { enum: [...QUESTION_TYPES] },
          text,
          required: { type: 'boolean' },
          next: text,
          placeholder: text,
          messages: { type: 'object', properties: { required: text, invalid: text } },
          options: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['label', 'value'],
              properties: { label: text, value: text, next: text, signal: { enum: [...OPTION_SIGNALS] } },
            },
          },
        },
      },
    },
    variants: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'weight', 'texts'],
        properties: {
          id: text,
          weight: { type: 'integer' },
          greeting: text,
          order: { type: 'array', items: text },
          texts: { type: 'object', additionalProperties: text },
        },
      },
    },
    theme: {
      type: 'object',
      required: ['primary', 'on_primary', 'background', 'text', 'position'],
      properties: {
        primary: text,
        on_primary: text,
        background: text,
        text,
        position: { enum: ['left', 'right'] },
        launcher_text: text,
        agent_name: text,
        avatar_url: text,
      },
    },
    trigger: {
      type: 'object',
      required: ['kind'],
      properties: {
        kind: { enum: ['click', 'delay', 'scroll', 'exit_intent'] },
        seconds: { type: 'integer' },
        percent: { type: 'integer' },
      },
    },
    cta: { type: 'object', required: ['label', 'url', 'kind'], properties: { label: text, url: text, kind: { enum: [...CTA_KINDS] } } },
  },
};

export function publicSchemas(): Record<string, unknown> {
  return {
    PublicConfig: {
      type: 'object',
      required: ['tenant', 'consent_default', 'honor_gpc', 'widget'],
      properties: {
        tenant: text,
        consent_default: { enum: ['granted', 'pending', 'denied'] },
        honor_gpc: { type: 'boolean' },
        widget: { oneOf: [{ type: 'null' }, { $ref: '#/components/schemas/PublicWidget' }] },
        chat: { type: 'boolean', description: 'the widget offers a live chat with an agent (the tenant has Chatwoot)' },
      },
    },
    PublicWidget,
    Health: {
      type: 'object',
      required: ['ok', 'tenant', 'd1_ms', 'cached'],
      properties: {
        ok: { const: true },
        tenant: text,
        d1_ms: { type: 'number', minimum: 0, description: 'The D1 round trip of the check (ms)' },
        cached: { type: 'boolean', description: 'The check is reused for 5 s per isolate' },
      },
    },
    OpenApiDocument: {
      type: 'object',
      required: ['openapi', 'info', 'paths', 'components'],
      properties: { openapi: { const: '3.1.0' }, info: { type: 'object' }, paths: { type: 'object' }, components: { type: 'object' } },
    },
  };
}

/** A script bundle's 200. */
export function javascript(description: string) {
  return { description, content: { 'application/javascript': { schema: { type: 'string' } } } };
}
