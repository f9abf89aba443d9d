import { describe, expect, it } from 'vitest';
import { SNAPSHOT } from '../../test/crm-snapshot';
import { TenantConfigError, parseTenants } from '../tenants';
import { LT_PROPERTIES, mappedFields } from './crm-mapping';

const base = { name: 'Acme', hosts: ['t.acme.test'] };

function rejection(raw: unknown): TenantConfigError {
  try {
    parseTenants(raw);
  } catch (error) {
    if (error instanceof TenantConfigError) return error;
    throw error;
  }
  throw new Error('config should be rejected');
}

describe('CRM field mapping (tenant config)', () => {
  it.each([
    ['hubspot', { token: 'HS', mapping: { 'first_touch.utm_sorce': 'x' } }, 'hubspot.mapping.first_touch.utm_sorce'],
    ['pipedrive', { token: 'PD', mapping: { scroe: 'x' } }, 'pipedrive.mapping.scroe'],
    [
      'salesforce',
      { instance_url: 'https://a.my.salesforce.com', client_id: 'A', client_secret: 'B', mapping: { 'answers.': 'X__c' } },
      'salesforce.mapping.answers.',
    ],
  ])('an unknown LeadTrail field in %s.mapping is a config error naming the tenant and the field', (crm, config, field) => {
    const error = rejection({ acme: { ...base, [crm]: config } });
    expect(error.tenant).toBe('acme');
    expect(error.field).toBe(field);
    expect(error.message).toContain('unknown LeadTrail field');
  });

  it('rejects property names the CRM cannot have and unknown stages', () => {
    expect(rejection({ acme: { ...base, hubspot: { token: 'HS', mapping: { score: 'Bad Name' } } } }).field).toBe('hubspot.mapping.score');
    expect(rejection({ acme: { ...base, hubspot: { token: 'HS', stage_values: { Hot: 'x' } } } }).field).toBe('hubspot.stage_values.Hot');
  });

  it('validates the HubSpot Lead keys at start (create_lead a boolean, lead_type / lead_pipeline_stage internal values)', () => {
    expect(rejection({ acme: { ...base, hubspot: { token: 'HS', create_lead: 'yes' } } }).field).toBe('hubspot.create_lead');
    expect(rejection({ acme: { ...base, hubspot: { token: 'HS', lead_type: 'New business' } } }).field).toBe('hubspot.lead_type');
    const registry = parseTenants({
      acme: { ...base, hubspot: { token: 'HS', create_lead: true, lead_pipeline_stage: 'new-stage-id', lead_type: 'NEW_BUSINESS' } },
      beta: { name: 'Beta', hosts: ['t.beta.test'], hubspot: { token: 'HS_B' } },
    });
    expect(registry.byId.get('acme')?.hubspot).toMatchObject({ create_lead: true, lead_pipeline_stage: 'new-stage-id' });
    expect(registry.byId.get('beta')?.hubspot?.create_lead).toBe(false);
  });

  it('accepts the documented forms and works with no mapping at all', () => {
    const registry = parseTenants({
      acme: {
        ...base,
        hubspot: {
          token: 'HS',
          mapping: { 'answers.size': 'company_size', 'traits.plan': 'plan', 'last_touch.click_ids.gclid': 'gclid', score: '' },
          stage_values: { SQL: 'salesqualifiedlead' },
          date_format: 'iso',
        },
      },
      beta: { name: 'Beta', hosts: ['t.beta.test'], hubspot: { token: 'HS_B' } },
    });
    expect(registry.byId.get('beta')?.hubspot).toMatchObject({ mapping: {}, stage_values: {} });
    expect(registry.byId.get('acme')?.hubspot?.mapping['answers.size']).toBe('company_size');
  });

  it('maps with the defaults, transforms dates and stages, and lets a tenant drop or redirect a field', () => {
    const plain = Object.fromEntries(
      mappedFields(SNAPSHOT, LT_PROPERTIES, { mapping: {}, stage_values: {} }, 'epoch_ms').map((f) => [f.property, f.value]),
    );
    expect(plain).toMatchObject({
      lt_score: 65,
      lt_stage: 'SQL',
      lt_first_utm_source: 'google',
      lt_first_click_id: 'gclid:G1',
      lt_first_touch_at: Date.UTC(2026, 0, 2),
      lt_last_utm_source: null,
    });
    const mapped = Object.fromEntries(
      mappedFields(
        SNAPSHOT,
        LT_PROPERTIES,
        { mapping: { score: '', 'answers.size': 'size', 'traits.company': 'company' }, stage_values: { SQL: 'hot' }, date_format: 'date' },
        'epoch_ms',
      ).map((f) => [f.property, f.value]),
    );
    expect(mapped.lt_score).toBeUndefined();
    expect(mapped).toMatchObject({ size: 'mid', company: 'Analytical Engines', lt_stage: 'hot', lt_first_touch_at: '2026-01-02' });
  });
});
