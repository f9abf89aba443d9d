/**
 * Identity: an `identify` with an email attaches it to the visitor's lead. When another live lead of the same
 * tenant already owns that email, the visitor's lead is merged into it: aliases and touches move, first touch
 * becomes the earlier of the two and last touch the later, traits combine (see traits.ts), and the absorbed
 * row points at the survivor (kept for audit; never returned as a live lead).
 * Set-based: the plan is pure (emails in event-time order, a union-find over the batch's leads), and its
 * writes are a fixed handful of statements whatever the number of merges.
 */
import { type Statement, jsonChunks } from '../../core/statements';
import type { VisitorFold } from './fold';

/** What the log and the batch know about a lead before this batch's writes. */
export interface LeadState {
  tenantId: string;
  id: string;
  email: string | null;
  name: string | null;
  phone: string | null;
  /** null when it was not read (the batch does not change this lead's traits). */
  traits: string | null;
  firstTouch: string | null;
  lastTouch: string | null;
  firstSeen: number;
  lastSeen: number;
}

export interface IdentityPlan {
  /** Lead key (tenant\0id) → the lead it ends up as (itself unless absorbed). */
  survivorOf: (leadKey: string) => string;
  /** tenant, absorbed id, survivor id. */
  merges: [string, string, string][];
  /** Lead key → the email it is given. */
  emails: Map<string, string>;
}

export function leadKey(tenantId: string, leadId: string): string {
  return `${tenantId}\u0000${leadId}`;
}

/**
 * @param leadOfFold the lead key of each fold
 * @param states every lead read for this batch (the folds' leads and the owners of their emails)
 */
export function planIdentity(
  folds: readonly VisitorFold[],
  leadOfFold: (fold: VisitorFold) => string,
  states: ReadonlyMap<string, LeadState>,
): IdentityPlan {
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    let root = key;
    for (let next = parent.get(root); next !== undefined; next = parent.get(root)) root = next;
    return root;
  };
  const ownerOfEmail = new Map<string, string>();
  const emailOfLead = new Map<string, string | null>();
  for (const [key, state] of states) {
    if (state.email === null) continue;
    ownerOfEmail.set(`${state.tenantId}\u0000${state.email}`, key);
    emailOfLead.set(key, state.email);
  }
  const emails = new Map<string, string>();
  const merges: [string, string, string][] = [];
  const identified = folds.filter((fold) => fold.email !== null).sort((a, b) => (a.email?.ts ?? 0) - (b.email?.ts ?? 0));
  for (const fold of identified) {
    const email = fold.email?.value ?? '';
    const current = find(leadOfFold(fold));
    const emailKey = `${fold.tenantId}\u0000${email}`;
    const ownerKey = ownerOfEmail.get(emailKey);
    const owner = ownerKey === undefined ? undefined : find(ownerKey);
    if (owner === current) continue;
    const previous = emailOfLead.get(current) ?? null;
    if (previous !== null && ownerOfEmail.get(`${fold.tenantId}\u0000${previous}`) === current)
      ownerOfEmail.delete(`${fold.tenantId}\u0000${previous}`);
    if (owner === undefined) {
      ownerOfEmail.set(emailKey, current);
      emailOfLead.set(current, email);
      emails.set(current, email);
      continue;
    }
    // The absorbed lead gives up its email (the unique index holds one live owner per email).
    parent.set(current, owner);
    emailOfLead.set(current, null);
    emails.delete(current);
    const absorbed = states.get(current);
    const survivor = states.get(owner);
    if (absorbed && survivor) merges.push([absorbed.tenantId, absorbed.id, survivor.id]);
  }
  // A lead absorbed into one that was absorbed later in the batch ends at the final survivor.
  const resolved = merges.map(([tenantId, absorbedId]): [string, string, string] => {
    const root = states.get(find(leadKey(tenantId, absorbedId)));
    return [tenantId, absorbedId, root?.id ?? absorbedId];
  });
  return { survivorOf: find, merges: resolved, emails };
}

const mergeRows = (param = '?') =>
  `SELECT json_extract(value, '$[0]') AS tenant_id, json_extract(value, '$[1]') AS absorbed, json_extract(value, '$[2]') AS survivor FROM json_each(${param})`;

/** Aliases and touches move to the survivor; absorbed rows (and rows absorbed into them before) point at it. */
export function mergeStatements(merges: readonly [string, string, string][], now: number): Statement[] {
  return jsonChunks(merges).flatMap((json) => [
    {
      sql: `UPDATE lead_aliases SET lead_id = m.survivor FROM (${mergeRows()}) AS m
        WHERE lead_aliases.tenant_id = m.tenant_id AND lead_aliases.lead_id = m.absorbed`,
      params: [json],
    },
    {
      sql: `UPDATE touches SET lead_id = m.survivor FROM (${mergeRows()}) AS m
        WHERE touches.tenant_id = m.tenant_id AND touches.lead_id = m.absorbed`,
      params: [json],
    },
    // Leads absorbed earlier into a lead absorbed now point at the new survivor (audit only: aliases and
    // touches already moved). No index on merged_into: one pass over the rows, only in batches that merge.
    {
      sql: `UPDATE leads SET updated_at = ?, merged_into = (SELECT m.survivor FROM (${mergeRows('?2')}) AS m
          WHERE m.tenant_id = leads.tenant_id AND m.absorbed = leads.merged_into)
        WHERE leads.merged_into IN (SELECT json_extract(value, '$[1]') FROM json_each(?2))
          AND leads.tenant_id IN (SELECT json_extract(value, '$[0]') FROM json_each(?2))`,
      params: [now, json],
    },
    {
      sql: `UPDATE leads SET merged_into = m.survivor, email = NULL, updated_at = ? FROM (${mergeRows()}) AS m
        WHERE leads.tenant_id = m.tenant_id AND leads.id = m.absorbed`,
      params: [now, json],
    },
  ]);
}
