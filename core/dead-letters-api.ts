/** The wire shape of a replay request (POST /v1/ops/replay): validated by the route, documented in the OpenAPI. */
import * as v from 'valibot';
import { DESTINATIONS } from './messages';

export const ReplayRequestSchema = v.strictObject({
  /** Safety check: must equal the tenant of the Host the request was sent to. */
  tenant: v.optional(v.pipe(v.string(), v.maxLength(63))),
  id: v.optional(v.pipe(v.string(), v.regex(/^dl_[A-Za-z0-9]{1,40}$/, 'must be a dead letter id (dl_…)'))),
  destination: v.optional(v.picklist(DESTINATIONS)),
  lead_id: v.optional(v.pipe(v.string(), v.regex(/^lead_[A-Za-z0-9]{1,40}$/, 'must be a lead id (lead_…)'))),
});
export type ReplayRequest = v.InferOutput<typeof ReplayRequestSchema>;
