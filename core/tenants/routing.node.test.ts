import { describe, expect, it } from 'vitest';
import type { Touch } from '../events';
import type { LeadSnapshot } from '../lead-snapshot';
import { TenantConfigError, type TenantConfig, parseTenants } from '../tenants';
import { routeLead } from './routing';

const chatwoot = {
  base_url: 'https://chatwoot.fake.test',
  account_id: 1,
  inbox_id: 7,
  token: 'CHATWOOT_TOKEN_ACME',
  inboxes: { sales: 11, support: 12 },
  teams: { enterprise: 3 },
  agents: { ada: 42 },
};
const destinations = {
  chatwoot,
  hubspot: { token: 'HUBSPOT_TOKEN_ACME' },
  webhooks: [{ url: 'https://hooks.acme.test/lt', secret: 'WEBHOOK_SECRET_ACME' }],
  notify: [{ kind: 'slack', url: 'SLACK_WEBHOOK_ACME' }],
};

function tenant(routing: unknown, extra: Record<string, unknown> = destinations): TenantConfig {
  const registry = parseTenants({ acme: { name: 'Acme', hosts: ['t.acme.test'], ...extra, routing } });
  const config = registry.byId.get('acme');
  if (!config) throw new Error('acme missing');
  return config;
}

function rejects(routing: unknown, extra: Record<string, unknown> = destinations): TenantConfigError {
  try {
    tenant(routing, extra);
  } catch (error) {
    if (error instanceof TenantConfigError) return error;
    throw error;
  }
  throw new Error('config should be rejected');
}

function touch(overrides: Partial<Touch> = {}): Touch {
  return {
    ts: 1_700_000_000_000,
    channel: 'paid_search',
    utm_source: 'google',
    utm_medium: 'cpc',
    utm_campaign: 'spring',
    utm_term: null,
    utm_content: null,
    utm_id: null,
    click_ids: {},
    referrer: null,
    landing_url: 'https://www.acme.test/enterprise?utm_campaign=spring',
    ...overrides,
  };
}

function lead(overrides: Partial<LeadSnapshot> = {}): LeadSnapshot {
  return {
    v: 1,
    id: 'lead_1',
    tenant_id: 'acme',
    version: 1,
    tracking_id: 'trk_1',
    tracking_ids: ['trk_1'],
    email: 'ada@acme.test',
    phone: null,
    name: null,
    traits: {},
    score: 40,
    stage: 'MQL',
    score_breakdown: [],
    answers: [{ question_id: 'size', value: 'enterprise', points: 25, at: 1, event_id: 'evt_1' }],
    first_touch: touch(),
    last_touch: touch(),
    touches: [touch()],
    channel: 'paid_search',
    country: 'DE',
    variant: null,
    first_seen: 1,
    last_seen: 2,
    updated_at: 2,
    ...overrides,
  };
}

describe('routeLead', () => {
  it('no rules → the default inbox and every configured destination', () => {
    expect(routeLead(tenant([]), lead())).toEqual({
      rule: null,
      inbox_id: 7,
      labels: [],
      destinations: ['chatwoot', 'hubspot', 'webhook', 'notify'],
    });
  });

  it('a rule that matches nothing → the default inbox', () => {
    const config = tenant([{ name: 'sql only', when: { stage: 'SQL' }, then: { inbox: 'sales', destinations: ['chatwoot'] } }]);
    expect(routeLead(config, lead({ stage: 'MQL' }))).toMatchObject({
      rule: null,
      inbox_id: 7,
      destinations: ['chatwoot', 'hubspot', 'webhook', 'notify'],
    });
  });

  it('the first matching rule wins and picks inbox, team, agent, labels, priority and destinations', () => {
    const config = tenant([
      { name: 'too strict', when: { score_gte: 90 }, then: { inbox: 'support' } },
      {
        name: 'enterprise',
        when: { answers: { size: ['mid', 'enterprise'] } },
        then: {
          inbox: 'sales',
          team: 'enterprise',
          agent: 'ada',
          labels: ['enterprise'],
          priority: 'high',
          destinations: ['chatwoot', 'hubspot'],
        },
      },
      { name: 'everyone', then: { inbox: 'support' } },
    ]);
    expect(routeLead(config, lead())).toEqual({
      rule: 'enterprise',
      inbox_id: 11,
      team_id: 3,
      agent_id: 42,
      labels: ['enterprise'],
      priority: 'high',
      destinations: ['chatwoot', 'hubspot'],
    });
    expect(routeLead(config, lead({ answers: [] }))).toMatchObject({
      rule: 'everyone',
      inbox_id: 12,
      destinations: ['chatwoot', 'hubspot', 'webhook', 'notify'],
    });
  });

  it.each([
    [{ stage: 'MQL' }, {}, true],
    [{ stage: 'SQL' }, {}, false],
    [{ stage_in: ['SQL', 'MQL'] }, {}, true],
    [{ stage_in: ['Unqualified'] }, {}, false],
    [{ score_gte: 40 }, {}, true],
    [{ score_gte: 41 }, {}, false],
    [{ score_lt: 41 }, {}, true],
    [{ score_lt: 40 }, {}, false],
    [{ score_gte: 30, score_lt: 60 }, {}, true],
    [{ channel: 'PAID_SEARCH' }, {}, true],
    [{ channel: ['email', 'direct'] }, {}, false],
    [{ campaign: 'spring' }, {}, true],
    [{ campaign: 'spring' }, { last_touch: touch({ utm_campaign: 'autumn' }) }, false],
    [{ campaign: 'spring' }, { last_touch: touch({ utm_campaign: null }) }, true],
    [{ landing_page_contains: '/Enterprise' }, {}, true],
    [{ landing_page_contains: '/pricing' }, {}, false],
    [{ landing_page_contains: '/pricing' }, { last_touch: touch({ landing_url: 'https://www.acme.test/pricing' }) }, true],
    [{ country: 'de' }, {}, true],
    [{ country: ['FR', 'AT'] }, {}, false],
    [{ country: 'DE' }, { country: null }, false],
    [{ answers: { size: 'enterprise' } }, {}, true],
    [{ answers: { size: 'small' } }, {}, false],
    [{ answers: { role: 'cto' } }, {}, false],
    [{ stage: 'MQL', country: 'DE', channel: 'paid_search', answers: { size: 'enterprise' } }, {}, true],
    [{ stage: 'MQL', country: 'FR' }, {}, false],
  ])('when %j on %j matches: %s', (when, leadOverrides, matches) => {
    const config = tenant([{ name: 'r', when, then: { inbox: 'sales' } }]);
    expect(routeLead(config, lead(leadOverrides as Partial<LeadSnapshot>)).rule).toBe(matches ? 'r' : null);
  });

  it('a tenant without Chatwoot routes to no inbox and only its own destinations', () => {
    const config = tenant([{ name: 'crm', then: { destinations: ['hubspot'] } }], { hubspot: { token: 'HUBSPOT_TOKEN_ACME' } });
    expect(routeLead(config, lead())).toEqual({ rule: 'crm', inbox_id: null, labels: [], destinations: ['hubspot'] });
    expect(routeLead(tenant([], {}), lead())).toEqual({ rule: null, inbox_id: null, labels: [], destinations: [] });
  });

  it('destinations = [] stops delivery for the leads it matches', () => {
    expect(
      routeLead(tenant([{ name: 'spam', when: { country: 'XX' }, then: { destinations: [] } }]), lead({ country: 'XX' })).destinations,
    ).toEqual([]);
  });
});

describe('[[vars.TENANTS.<id>.routing]] validation', () => {
  it.each([
    [
      [{ name: 'a', then: { inbox: 'billing' } }],
      'routing.0.then.inbox',
      '(rule "a") "billing" is not declared under chatwoot.inboxes (declared: sales, support)',
    ],
    [
      [
        { name: 'ok', then: {} },
        { name: 'b', then: { team: 'smb' } },
      ],
      'routing.1.then.team',
      'chatwoot.teams',
    ],
    [
      [
        { name: 'a', then: {} },
        { name: 'b', then: {} },
        { name: 'c', then: { agent: 'bob' } },
      ],
      'routing.2.then.agent',
      'chatwoot.agents',
    ],
    [
      [{ name: 'a', then: { destinations: ['chatwoot', 'salesforce'] } }],
      'routing.0.then.destinations.1',
      '"salesforce" is not configured',
    ],
    [[{ name: 'a', then: { destinations: ['mailchimp'] } }], 'routing.0.then.destinations.0', 'must be one of'],
    [[{ name: 'a', when: { score_gt: 10 }, then: {} }], 'routing.0.when.score_gt', ''],
    [[{ name: 'a', when: { score_gte: 60, score_lt: 30 }, then: {} }], 'routing.0.when.score_lt', 'never matches'],
    [[{ name: 'a', when: { stage: 'SQL', stage_in: ['MQL'] }, then: {} }], 'routing.0.when.stage_in', 'cannot be combined'],
    [[{ name: 'a', when: { stage: 'Hot' }, then: {} }], 'routing.0.when.stage', 'must be one of'],
    [[{ name: 'a', when: { country: 'Germany' }, then: {} }], 'routing.0.when.country', ''],
    [[{ name: 'a', then: { priority: 'asap' } }], 'routing.0.then.priority', 'must be one of'],
    [[{ name: 'a', then: { labels: ['Has Space'] } }], 'routing.0.then.labels.0', 'Chatwoot label'],
    [[{ name: 'a', then: { inbox: 'sales' }, else: {} }], 'routing.0.else', ''],
    [[{ name: 'a', when: {} }], 'routing.0.then', ''],
    [
      [
        { name: 'a', then: {} },
        { name: 'a', then: {} },
      ],
      'routing.1.name',
      'unique',
    ],
  ])('%j → TenantConfigError at %s', (routing, field, reason) => {
    const error = rejects(routing);
    expect(error).toMatchObject({ tenant: 'acme', field });
    expect(error.message).toContain('tenant "acme"');
    expect(error.reason).toContain(reason);
  });

  it('a rule naming a Chatwoot inbox needs the tenant’s chatwoot table', () => {
    expect(rejects([{ name: 'a', then: { inbox: 'sales' } }], {})).toMatchObject({ field: 'routing.0.then.inbox' });
    expect(rejects([{ name: 'a', then: { inbox: 'sales' } }], {}).reason).toContain('no [chatwoot] table');
  });
});
