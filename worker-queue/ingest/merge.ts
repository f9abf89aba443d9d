/**
 * Identity: an `identify` with an email or a phone number (E.164, core/phone.ts) attaches it to the visitor's
 * lead. When another live lead of the same tenant already owns that email or phone, the visitor's lead is
 * merged into it: aliases and touches move, first touch becomes the earlier of the two and last touch the later, traits combine (see traits.ts), and the absorbed
 * row points at the survivor (kept for audit; never returned as a live lead).
 * Set-based: the plan is pure (identity claims in event-time order, a union-find over the batch's leads), and its
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

export type IdentityKind = 'email' | 'phone';
const KINDS: readonly IdentityKind[] = ['email', 'phone'];

export type Identities = Record<IdentityKind, string | null>;

export interface IdentityPlan {
  /** Lead key (tenant\0id) → the lead it ends up as (itself unless absorbed). */
  survivorOf: (leadKey: string) => string;
  /** tenant, absorbed id, survivor id. */
  merges: [string, string, string][];
  /** Lead key → the email and phone it is given by this batch (null: unchanged). */
  assigned: Map<string, Identities>;
}

export function leadKey(tenantId: string, leadId: string): string {
  return `${tenantId}\u0000${leadId}`;
}

/**
 * Claims of an email or phone (E.164), in event-time order: an identity nobody owns goes to the claiming
 * lead; one owned by another live lead of the tenant merges the claiming lead into the owner, which also
 * takes over the identities it lacks (nothing a lead was known by is lost).
 * @param leadOfFold the lead key of each fold
 * @param states every lead read for this batch (the folds' leads and the owners of their emails and phones)
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
  const tenantOf = (key: string) => key.slice(0, key.indexOf('\u0000'));
  const claimKey = (lead: string, kind: IdentityKind, value: string) => `${tenantOf(lead)}\u0000${kind}\u0000${value}`;
  const owners = new Map<string, string>();
  const held = new Map<string, Identities>();
  const heldBy = (lead: string): Identities => {
    let identities = held.get(lead);
    if (!identities) held.set(lead, (identities = { email: null, phone: null }));
    return identities;
  };
  for (const [key, state] of states) {
    const identities = heldBy(key);
    for (const kind of KINDS) {
      identities[kind] = state[kind];
      const value = state[kind];
      if (value !== null) owners.set(claimKey(key, kind, value), key);
    }
  }
  const assigned = new Map<string, Identities>();
  const assign = (lead: string, kind: IdentityKind, value: string) => {
    const identities = heldBy(lead);
    const previous = identities[kind];
    if (previous !== null && owners.get(claimKey(lead, kind, previous)) === lead) owners.delete(claimKey(lead, kind, previous));
    identities[kind] = value;
    owners.set(claimKey(lead, kind, value), lead);
    const changes = assigned.get(lead) ?? { email: null, phone: null };
    changes[kind] = value;
    assigned.set(lead, changes);
  };
  const claims = folds
    .flatMap((fold) => KINDS.map((kind) => ({ fold, kind, claim: fold[kind] })))
    .filter((c) => c.claim !== null)
    .sort((a, b) => (a.claim?.ts ?? 0) - (b.claim?.ts ?? 0));
  const merges: [string, string, string][] = [];
  for (const { fold, kind, claim } of claims) {
    const value = claim?.value ?? '';
    const current = find(leadOfFold(fold));
    const ownerKey = owners.get(claimKey(current, kind, value));
    const owner = ownerKey === undefined ? undefined : find(ownerKey);
    if (owner === current) continue;
    if (owner === undefined) {
      assign(current, kind, value);
      continue;
    }
    // The absorbed lead gives up its identities (unique per tenant among leads); the survivor keeps its own
    // and takes over those it lacks.
    parent.set(current, owner);
    const given = heldBy(current);
    for (const other of KINDS) {
      const kept = given[other];
      given[other] = null;
      if (kept === null) continue;
      if (owners.get(claimKey(current, other, kept)) === current) owners.delete(claimKey(current, other, kept));
      if (heldBy(owner)[other] === null) assign(owner, other, kept);
    }
    assigned.delete(current);
    const absorbed = states.get(current);
    const survivor = states.get(owner);
    if (absorbed && survivor) merges.push([absorbed.tenantId, absorbed.id, survivor.id]);
  }
  // A lead absorbed into one that was absorbed later in the batch ends at the final survivor.
  const resolved = merges.map(([tenantId, absorbedId]): [string, string, string] => {
    const root = states.get(find(leadKey(tenantId, absorbedId)));
    return [tenantId, absorbedId, root?.id ?? absorbedId];
  });
  return { survivorOf: find, merges: resolved, assigned };
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
      sql: `UPDATE leads SET merged_into = m.survivor, email = NULL, phone = NULL, updated_at = ? FROM (${mergeRows()}) AS m
        WHERE leads.tenant_id = m.tenant_id AND leads.id = m.absorbed`,
      params: [now, json],
    },
    // The absorbed lead's deliveries point at the survivor: what a destination created for it (remote ids, the
    // Chatwoot conversation) is the survivor's now, so the person stays one record downstream, and its dead letters
    // replay as the survivor's. Where the survivor already has its own, that one wins (OR IGNORE keeps the other
    // row, for audit). The re-pointed claim forgets its delivered version: the survivor's versions are its own, and
    // a kept number could make the survivor's next message look stale.
    {
      sql: `UPDATE OR IGNORE delivery_claims SET lead_id = m.survivor, delivered_version = -1, updated_at = ?
        FROM (${mergeRows()}) AS m
        WHERE delivery_claims.tenant_id = m.tenant_id AND delivery_claims.lead_id = m.absorbed`,
      params: [now, json],
    },
    {
      sql: `UPDATE OR IGNORE chatwoot_links SET lead_id = m.survivor, updated_at = ? FROM (${mergeRows()}) AS m
        WHERE chatwoot_links.tenant_id = m.tenant_id AND chatwoot_links.lead_id = m.absorbed`,
      params: [now, json],
    },
    {
      sql: `UPDATE dead_letters SET lead_id = m.survivor FROM (${mergeRows()}) AS m
        WHERE dead_letters.tenant_id = m.tenant_id AND dead_letters.lead_id = m.absorbed`,
      params: [json],
    },
  ]);
}
