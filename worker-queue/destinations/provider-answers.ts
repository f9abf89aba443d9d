/**
 * The provider's answers of one delivery, as the console shows them (GET /v1/admin/deliveries, a lead's timeline):
 * every call's operation and HTTP status, and the last answer's bounded body. A client.ts reports each answer it
 * read through `onAnswer`; the delivery loop keeps them on the ledger row when the delivery succeeds (failures keep
 * theirs on the dead letter). A coalesced batch call (HubSpot, Salesforce) reports only this lead's part of the
 * answer, so a row never holds another person's data and a GDPR deletion of the lead erases all of it.
 */
import type { ProviderCall } from '../../core/provider-calls';
import { bounded } from './outcome';

/** A success's body is kept shorter than a failure's: it is read to confirm, not to diagnose. */
export const MAX_ANSWER_BODY = 1000;
/** A delivery makes a handful of calls (search, create, note…); past this many only the last ones are kept. */
const MAX_CALLS = 50;

export interface ProviderAnswer {
  /** The provider's name of what was called, e.g. `chatwoot conversations create`. */
  operation: string;
  status: number;
  /** The answer's body as text (JSON as sent), or '' when it had none. */
  body: string;
}

export type AnswerListener = (answer: ProviderAnswer) => void;

export interface AnswerLog {
  record: AnswerListener;
  /** What the ledger keeps: the last answer's status and body, and each call in order. */
  summary(): { status: number | null; body: string | null; calls: ProviderCall[] };
}

export function createAnswerLog(): AnswerLog {
  const calls: ProviderCall[] = [];
  let last: ProviderAnswer | null = null;
  return {
    record(answer) {
      last = answer;
      const previous = calls.at(-1);
      if (previous && previous.operation === answer.operation && previous.status === answer.status) {
        previous.count = (previous.count ?? 1) + 1;
        return;
      }
      calls.push({ operation: answer.operation, status: answer.status });
      if (calls.length > MAX_CALLS) calls.shift();
    },
    summary() {
      if (last === null) return { status: null, body: null, calls: [] };
      return { status: last.status, body: last.body === '' ? null : bounded(last.body, MAX_ANSWER_BODY), calls: [...calls] };
    },
  };
}
