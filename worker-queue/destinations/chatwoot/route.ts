/**
 * Where a lead goes in Chatwoot: the Chatwoot part of the tenant's routing rules (core/tenants/routing.ts, first
 * matching rule wins; no match → the default inbox, no assignment). Pure.
 */
import type { LeadSnapshot } from '../../../core/lead-snapshot';
import type { TenantConfig } from '../../../core/tenants';
import type { ChatwootConfig } from '../../../core/tenants/destinations';
import { routeLead } from '../../../core/tenants/routing';

export const PRIORITIES = ['urgent', 'high', 'medium', 'low', 'none'] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface ChatwootRoute {
  inbox_id: number;
  team_id?: number;
  agent_id?: number;
  labels: string[];
  priority?: Priority;
  /** The routing rule that matched; null (or absent) when the tenant's defaults applied. */
  rule?: string | null;
}

export function chatwootRoute(tenant: TenantConfig, config: ChatwootConfig, snapshot: LeadSnapshot): ChatwootRoute {
  const route = routeLead(tenant, snapshot);
  return {
    inbox_id: route.inbox_id ?? config.inbox_id,
    labels: route.labels,
    rule: route.rule,
    ...(route.team_id === undefined ? {} : { team_id: route.team_id }),
    ...(route.agent_id === undefined ? {} : { agent_id: route.agent_id }),
    ...(route.priority === undefined ? {} : { priority: route.priority }),
  };
}
