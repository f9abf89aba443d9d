import { describe, expect, it } from 'vitest';
import { TenantConfigError, parseTenants } from '../tenants';
import { answerPoints } from './questionnaire-points';
import { publicWidget } from './questionnaire-public';

type Raw = Record<string, unknown>;
const q = (id: string, extra: Raw = {}): Raw => ({ id, type: 'text', text: `Question ${id}?`, ...extra });
const size = (extra: Raw = {}): Raw =>
  q('size', {
    type: 'single',
    options: [
      { label: '1-10', value: 'small', points: 0, next: 'email' },
      { label: '11-200', value: 'mid', points: 10, next: 'budget' },
    ],
    ...extra,
  });
/** design §3's example, grown by one branch: size → (small) email | (mid) budget → email → end. */
const widget = (extra: Raw = {}): Raw => ({
  greeting: 'Hi! Two quick questions.',
  questions: [
    size(),
    q('budget', {
      type: 'multiple',
      options: [
        { label: 'Tools', value: 'tools', points: 5 },
        { label: 'Team', value: 'team', points: 7 },
      ],
    }),
    q('email', { type: 'email' }),
  ],
  ...extra,
});
const tenants = (w: unknown): Raw => ({ acme: { name: 'Acme', hosts: ['t.acme.test'], widget: w } });

const refusal = (w: unknown): TenantConfigError => {
  try {
    parseTenants(tenants(w));
  } catch (error) {
    if (error instanceof TenantConfigError) return error;
    throw error;
  }
  throw new Error('the config was accepted');
};

describe('widget config (design §3)', () => {
  it('accepts the design example with defaults for theme, trigger and variants', () => {
    const acme = parseTenants(tenants(widget())).byId.get('acme');
    expect(acme?.widget).toMatchObject({
      trigger: { kind: 'click' },
      variants: [],
      theme: { position: 'right', primary: '#1f4fd1', on_primary: '#ffffff' },
      questions: [{ id: 'size', required: true }, { id: 'budget' }, { id: 'email' }],
    });
    expect(parseTenants({ acme: { name: 'Acme', hosts: ['t.acme.test'] } }).byId.get('acme')?.widget).toBeUndefined();
  });

  it.each([
    [
      'an option naming no question',
      widget({ questions: [size({ options: [{ label: 'x', value: 'x', next: 'nope' }] }), q('email')] }),
      'widget.questions.size.options.0.next',
      'names no question',
    ],
    [
      'a question next naming no question',
      widget({ questions: [q('a', { next: 'zzz' }), q('b')] }),
      'widget.questions.a.next',
      'names no question',
    ],
    ['a cycle', widget({ questions: [q('a'), q('b', { next: 'a' })] }), 'widget.questions.b.next', 'a cycle (a → b → a)'],
    ['a question pointing at itself', widget({ questions: [q('a', { next: 'a' })] }), 'widget.questions.a.next', 'cycle'],
    [
      'an unreachable question',
      widget({ questions: [size({ options: [{ label: 'x', value: 'x', next: 'email' }] }), q('orphan'), q('email', { type: 'email' })] }),
      'widget.questions.orphan',
      'unreachable',
    ],
    ['a question after an early end', widget({ questions: [q('a', { next: 'end' }), q('b')] }), 'widget.questions.b', 'unreachable'],
    [
      'a choice without options (a dead end)',
      widget({ questions: [q('a', { type: 'single', options: [] })] }),
      'widget.questions.a.options',
      'dead end',
    ],
    ['a choice with no options key', widget({ questions: [q('a', { type: 'multiple' })] }), 'widget.questions.a.options', 'dead end'],
    [
      'options on a text question',
      widget({ questions: [q('a', { options: [{ label: 'x', value: 'x' }] })] }),
      'widget.questions.a.options',
      'only single and multiple',
    ],
    [
      'next on a multiple-choice option',
      widget({ questions: [q('a', { type: 'multiple', options: [{ label: 'x', value: 'x', next: 'b' }] }), q('b')] }),
      'widget.questions.a.options.0.next',
      'ambiguous',
    ],
    ['two questions with one id', widget({ questions: [q('a'), q('a')] }), 'widget.questions.1.id', 'another question'],
    ['a question called "end"', widget({ questions: [q('end')] }), 'widget.questions.0.id', 'reserved'],
    [
      'two options with one value',
      widget({
        questions: [
          size({
            options: [
              { label: 'x', value: 'x' },
              { label: 'y', value: 'x' },
            ],
          }),
        ],
      }),
      'widget.questions.size.options.1.value',
      'another option',
    ],
    ['an unknown question type', widget({ questions: [q('a', { type: 'date' })] }), 'widget.questions.0.type', 'must be one of'],
    ['an unknown key', widget({ greting: 'typo' }), 'widget.greting', ''],
    ['no questions', widget({ questions: [] }), 'widget.questions', 'at least one'],
    ['an unknown language', widget({ language: 'fr' }), 'widget.language', 'en, pt-BR, es'],
    ['a variant called "a"', widget({ variants: [{ id: 'a', weight: 50 }] }), 'widget.variants.a.id', 'base'],
    [
      'variants over 100 percent',
      widget({
        variants: [
          { id: 'b', weight: 60 },
          { id: 'c', weight: 41 },
        ],
      }),
      'widget.variants.c.weight',
      '100 percent',
    ],
    [
      'a variant order missing a question',
      widget({ variants: [{ id: 'b', weight: 50, order: ['size', 'email'] }] }),
      'widget.variants.b.order',
      'every question id once',
    ],
    [
      'a variant order that strands a question',
      widget({ variants: [{ id: 'b', weight: 50, order: ['email', 'size', 'budget'] }] }),
      'widget.variants.b.order',
      'a cycle (email → size → email)',
    ],
    [
      'a variant text for no question',
      widget({ variants: [{ id: 'b', weight: 50, texts: { nope: 'x' } }] }),
      'widget.variants.b.texts.nope',
      'names no question',
    ],
    ['unreadable theme colours', widget({ theme: { text: '#777777', background: '#888888' } }), 'widget.theme.text', '4.5:1'],
    ['a colour that is not #rrggbb', widget({ theme: { primary: 'red' } }), 'widget.theme.primary', 'colour'],
    ['an unknown trigger', widget({ trigger: { kind: 'hover' } }), 'widget.trigger.kind', ''],
    ['a delay trigger without seconds', widget({ trigger: { kind: 'delay' } }), 'widget.trigger.seconds', ''],
    [
      'a call to action with an unknown kind',
      widget({ cta: { label: 'Go', url: 'https://acme.test/demo', kind: 'buy' } }),
      'widget.cta.kind',
      '',
    ],
    [
      'a call to action to a javascript: URL',
      widget({ cta: { label: 'Go', url: 'javascript:alert(1)', kind: 'book_demo' } }),
      'widget.cta.url',
      '',
    ],
  ])('refuses %s, naming the tenant and the field', (_what, w, field, reason) => {
    const error = refusal(w);
    expect(error).toMatchObject({ tenant: 'acme', field });
    expect(error.message).toContain('tenant "acme"');
    expect(error.reason).toContain(reason);
  });

  it('accepts branching that ends early, skippable questions and a reordering variant', () => {
    const w = widget({
      questions: [
        size({
          options: [
            { label: 'x', value: 'small', next: 'end' },
            { label: 'y', value: 'mid' },
          ],
        }),
        q('note', { required: false }),
        q('email', { type: 'email' }),
      ],
      variants: [{ id: 'b', weight: 50, greeting: 'Hello!', order: ['size', 'email', 'note'], texts: { size: 'Team size?' } }],
    });
    expect(() => parseTenants(tenants(w))).not.toThrow();
  });

  it('looks answer points up in the config, summing a multiple choice', () => {
    const points = answerPoints(parseTenants(tenants(widget())).byId.get('acme')?.widget);
    expect(points('size', 'mid')).toBe(10);
    expect(points('size', 'small')).toBe(0);
    expect(points('budget', 'tools,team')).toBe(12);
    expect(points('budget', 'tools,tools')).toBe(5);
    expect(points('size', 'huge')).toBe(0);
    expect(points('email', 'a@b.co')).toBe(0);
    expect(answerPoints(undefined)('size', 'mid')).toBe(0);
  });

  it('keeps points out of the public config', () => {
    const pub = publicWidget(parseTenants(tenants(widget())).byId.get('acme')?.widget);
    expect(JSON.stringify(pub)).not.toContain('points');
    expect(pub?.questions[0]?.options?.[1]).toEqual({ label: '11-200', value: 'mid', next: 'budget' });
    expect(publicWidget(undefined)).toBeNull();
  });
});
