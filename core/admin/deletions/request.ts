/**
 * What POST /v1/admin/deletions takes: `{ email }` or `{ tracking_id }` (exactly one), and the salted hash the audit
 * row keeps instead of it: HMAC-SHA256 keyed with the IP_HASH_SALT secret over tenant, kind and the normalised
 * selector, so a repeat request is recognisable without the audit table holding anything that names the person.
 */
import * as v from 'valibot';
import { hmacSha256Hex } from '../../crypto/hmac';
import { CLIENT_ID_PATTERN } from '../../ids';

export const DeletionRequestSchema = v.union([
  v.strictObject({ email: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.email('must be an email address'), v.maxLength(320)) }),
  v.strictObject({ tracking_id: v.pipe(v.string(), v.regex(CLIENT_ID_PATTERN, 'must be a tracking id')) }),
]);
export type DeletionRequest = v.InferOutput<typeof DeletionRequestSchema>;

export type Selector = { kind: 'email'; value: string } | { kind: 'tracking_id'; value: string };

export function selectorOf(request: DeletionRequest): Selector {
  return 'email' in request ? { kind: 'email', value: request.email } : { kind: 'tracking_id', value: request.tracking_id };
}

export function selectorHash(salt: string, tenantId: string, selector: Selector): Promise<string> {
  return hmacSha256Hex(salt, `deletion\u0000${tenantId}\u0000${selector.kind}\u0000${selector.value}`);
}
