/** Size budget of the built tracker (design §6, sdk/size-budget.json). Needs `npm run build`. */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import budget from './size-budget.json' with { type: 'json' };

const gz = (file: string): number => gzipSync(readFileSync(file), { level: 9 }).length;

describe('bundle size (gzip -9)', () => {
  it('lt.js stays within the enforced ceiling', () => {
    const size = gz('dist/public/lt.js');
    expect(size, `lt.js is ${size} B (ceiling ${budget.ceiling}, design budget ${budget.gzip})`).toBeLessThanOrEqual(budget.ceiling);
  });

  it('the npm entry (same code, without the tag glue, with developer warnings) stays within the same ceiling', () => {
    const size = gz('sdk/dist/index.js');
    expect(size, `sdk/dist/index.js is ${size} B`).toBeLessThanOrEqual(budget.ceiling);
  });
});
