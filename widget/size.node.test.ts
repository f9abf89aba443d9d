/** Size budget of the built widget (design §6, widget/size-budget.json). Needs `npm run build`. */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import budget from './size-budget.json' with { type: 'json' };

describe('widget size (gzip -9)', () => {
  it('lt-widget.js, Preact included, stays within the design budget', () => {
    const code = readFileSync('dist/public/lt-widget.js');
    const size = gzipSync(code, { level: 9 }).length;
    expect(size, `lt-widget.js is ${size} B (budget ${budget.gzip}, goal ${budget.goal})`).toBeLessThanOrEqual(budget.gzip);
    // Preact, not React, is what got bundled.
    expect(code.toString()).not.toMatch(/react\.(development|production)|__SECRET_INTERNALS/);
  });

  it('the launcher adds at most 1 KB to the lt.js of a tenant with a widget, and nothing to the others', () => {
    const base = readFileSync('dist/public/lt/base.js');
    const withLauncher = readFileSync('dist/public/lt/widget.js');
    const added = gzipSync(withLauncher, { level: 9 }).length - gzipSync(base, { level: 9 }).length;
    expect(added, `the launcher adds ${added} B (budget ${budget.launcher})`).toBeLessThanOrEqual(budget.launcher);
    expect(added).toBeGreaterThan(0);
    expect(base.toString()).not.toContain('lt-launcher');
    expect(withLauncher.toString()).toContain('lt-launcher');
  });
});
