import { describe, expect, it } from 'vitest';
import { TenantConfigError, parseTenants } from '../tenants';

const base = { name: 'Acme', hosts: ['t.acme.test'] };

function rejects(scoring: unknown): TenantConfigError {
  try {
    parseTenants({ acme: { ...base, scoring } });
  } catch (error) {
    if (error instanceof TenantConfigError) return error;
    throw error;
  }
  throw new Error('config should be rejected');
}

describe('[vars.TENANTS.<id>.scoring]', () => {
  it('is optional and keeps what the operator wrote', () => {
    expect(parseTenants({ acme: base }).byId.get('acme')?.scoring).toBeUndefined();
    const scoring = {
      rules: { cta_clicked: 20, session_opened: 0 },
      thresholds: { sql: 80 },
      extra: [{ id: 'pricing_page', event: 'page_view', url_contains: '/pricing', points: 10 }],
      answer_points: { size: { mid: 10, enterprise: 25 } },
    };
    expect(parseTenants({ acme: { ...base, scoring } }).byId.get('acme')?.scoring).toEqual({
      ...scoring,
      extra: [{ ...scoring.extra[0], once: true }],
    });
  });

  it.each([
    [{ rules: { demo_request: 10 } }, 'scoring.rules.demo_request', 'must be a rule id'],
    [{ rules: { cta_clicked: 2.5 } }, 'scoring.rules.cta_clicked', 'whole number'],
    [{ thresholds: { sql: 30, mql: 30 } }, 'scoring.thresholds.sql', 'must be greater than mql (30)'],
    [{ thresholds: { mql: 70 } }, 'scoring.thresholds.sql', '(60) must be greater than mql (70)'],
    [{ thresholds: { sql: 60, mql: 0 } }, 'scoring.thresholds.mql', ''],
    [{ thresholds: { sq: 60 } }, 'scoring.thresholds.sq', ''],
    [{ extra: [{ id: 'x', event: 'click', points: 5 }] }, 'scoring.extra.0.event', 'must be one of'],
    [{ extra: [{ id: 'x', event: 'track', points: 5, when: 'always' }] }, 'scoring.extra.0.when', ''],
    [{ extra: [{ id: 'x', event: 'track' }] }, 'scoring.extra.0.points', ''],
    [{ extra: [{ id: 'cta_clicked', event: 'track', points: 5 }] }, 'scoring.extra.0.id', 'default rule id'],
    [
      {
        extra: [
          { id: 'a', event: 'track', points: 5 },
          { id: 'a', event: 'page_view', points: 5 },
        ],
      },
      'scoring.extra',
      'same rule id twice',
    ],
    [{ answer_points: { size: { mid: 'ten' } } }, 'scoring.answer_points.size.mid', ''],
    [{ bonus: 3 }, 'scoring.bonus', ''],
  ])('%j is a config error naming tenant and %s', (scoring, field, reason) => {
    const error = rejects(scoring);
    expect(error).toMatchObject({ tenant: 'acme', field });
    expect(error.reason).toContain(reason);
  });
});
