/** The widget chat's part of the OpenAPI document (edge/openapi.ts spreads it in). */
import { toJsonSchema } from '@valibot/to-json-schema';
import { ChatMessageRequestSchema, ChatTokenRequestSchema } from '../../../core/chat/requests';
import { errors, json, preflight } from '../../openapi-parts';

const TOKEN_QUERY = { name: 'token', in: 'query', required: true, schema: { type: 'string', maxLength: 1024 } };

const CHAT_ITEM = {
  oneOf: [
    {
      type: 'object',
      required: ['from', 'client_id', 'text', 'at', 'status'],
      properties: {
        from: { const: 'visitor' },
        client_id: { type: 'string' },
        text: { type: 'string' },
        at: { type: 'integer' },
        status: { enum: ['queued', 'sent'] },
      },
    },
    {
      type: 'object',
      required: ['from', 'id', 'text', 'name', 'at'],
      properties: {
        from: { const: 'agent' },
        id: { type: 'integer' },
        text: { type: 'string' },
        name: { type: ['string', 'null'] },
        at: { type: 'integer' },
      },
    },
  ],
};

function body(schema: string) {
  const ref = { $ref: `#/components/schemas/${schema}` };
  return { required: true, content: { 'application/json': { schema: ref }, 'text/plain': { schema: ref } } };
}

export function chatPaths(): Record<string, Record<string, unknown>> {
  return {
    '/v1/chat/token': {
      post: {
        summary: "A per-visitor chat token for the widget (the first browser to ask claims the visitor's chat)",
        description:
          'Signed with CHAT_TOKEN_SECRET, valid 30 days. While a claim is live only a request carrying its token gets a new ' +
          'one (renewal); anyone else gets 403 forbidden (details.reason = held). 404 when the tenant has no Chatwoot.',
        requestBody: body('ChatTokenRequest'),
        responses: {
          '200': json('The token', {
            type: 'object',
            required: ['token', 'expires_at', 'since'],
            properties: { token: { type: 'string' }, expires_at: { type: 'integer' }, since: { type: 'integer' } },
          }),
          ...errors(400, 403, 404, 405, 413, 415, 429, 500),
        },
      },
      options: preflight('POST with content-type'),
    },
    '/v1/chat/messages': {
      post: {
        summary: "Send the visitor's message to the lead's Chatwoot conversation (stored and queued before 202)",
        description: 'Idempotent on client_id per visitor: a repeat answers the first one (duplicate: true) and is posted once.',
        requestBody: body('ChatMessageRequest'),
        responses: {
          '202': json('Accepted (stored in D1, queued for Chatwoot)', {
            type: 'object',
            required: ['client_id', 'status', 'duplicate', 'at'],
            properties: {
              client_id: { type: 'string' },
              status: { enum: ['queued', 'sent'] },
              duplicate: { type: 'boolean' },
              at: { type: 'integer' },
            },
          }),
          ...errors(400, 401, 403, 404, 405, 413, 415, 429, 500, 503),
        },
      },
      get: {
        summary: "The visitor's conversation since their chat began (no cursor: theirs and the agent's; after: replies after it)",
        parameters: [TOKEN_QUERY, { name: 'after', in: 'query', required: false, schema: { type: 'integer', minimum: 0 } }],
        responses: {
          '200': json('Messages, oldest first, and the cursor for the next read', {
            type: 'object',
            required: ['messages', 'cursor'],
            properties: { messages: { type: 'array', items: CHAT_ITEM }, cursor: { type: 'integer' } },
          }),
          ...errors(400, 401, 403, 404, 429, 500),
        },
      },
      options: preflight('GET; POST with content-type'),
    },
    '/v1/chat/socket': {
      get: {
        summary: 'WebSocket: agent replies pushed live (one JSON chat item per text frame; send "ping" for "pong")',
        parameters: [TOKEN_QUERY],
        responses: { '101': { description: 'Switching protocols' }, ...errors(400, 401, 403, 404, 500) },
      },
      options: preflight('GET'),
    },
  };
}

export function chatSchemas(): Record<string, unknown> {
  return {
    ChatTokenRequest: toJsonSchema(ChatTokenRequestSchema, { errorMode: 'ignore' }),
    ChatMessageRequest: toJsonSchema(ChatMessageRequestSchema, { errorMode: 'ignore' }),
    ChatItem: CHAT_ITEM,
  };
}
