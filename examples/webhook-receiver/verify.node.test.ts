// The README's receiver snippet is this file, verbatim: the workerd tests verify every webhook with this file, so
// the documented code is the tested code only while the two are the same.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('README webhook receiver snippet', () => {
  it('is examples/webhook-receiver/verify.ts, verbatim', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const snippet = readFileSync(new URL('./verify.ts', import.meta.url), 'utf8').trim();
    expect(readme).toContain(`\`\`\`ts\n${snippet}\n\`\`\``);
  });
});
