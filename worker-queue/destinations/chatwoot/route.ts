/**
 * SEAM(routing): where a lead goes in Chatwoot. The routing rules (issue 8 item 6) land as
 * `routeLead(tenant, snapshot) → { inbox_id, team_id?, agent_id?, labels, priority?, destinations }` in
 * core/tenants/routing.ts; until then every lead goes to the tenant's default inbox with no assignment. When it
 * lands, replace the body of `chatwootRoute` with a call to it (the shape below is its Chatwoot part).
 */
import type { LeadSnapshot } from '../../../core/lead-snapshot';
import type { TenantConfig } from '../../../core/tenants';
import type { ChatwootConfig } from '../../../core/tenants/destinations';

export const PRIORITIES = ['urgent', 'high', 'medium', 'low', 'none'] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface ChatwootRoute {
  inbox_id: number;
  team_id?: number;
  agent_id?: number;
  labels: string[];
  priority?: Priority;
}

export function chatwootRoute(_tenant: TenantConfig, config: ChatwootConfig, _snapshot: LeadSnapshot): ChatwootRoute {
  return { inbox_id: config.inbox_id, labels: [] };
}
