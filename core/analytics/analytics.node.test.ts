import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTenants } from '../tenants';
import { csvLine, parseCsv } from './csv';
import { dimensionAssignments } from './rebuild';
import { SpendRowError, rowsFromCsv } from './spend-rows';

describe('migration 0008', () => {
  it('backfills the dimension columns with exactly the rebuild’s expressions', () => {
    expect(readFileSync('migrations/0008_console_analytics.sql', 'utf8')).toContain(`UPDATE raw_events SET ${dimensionAssignments()};`);
  });
});

describe('CSV', () => {
  it('reads quoted fields, doubled quotes, line breaks in quotes, CRLF, a BOM and tabs', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, ""y""","line\nbreak"\r\n\r\n')).toEqual([
      ['a', 'b'],
      ['x, "y"', 'line\nbreak'],
    ]);
    expect(parseCsv('Day\tCampaign\tCost\n2026-06-01\tspring\t1,234.50')).toEqual([
      ['Day', 'Campaign', 'Cost'],
      ['2026-06-01', 'spring', '1,234.50'],
    ]);
  });

  it('writes formula-looking cells so a spreadsheet shows them as text', () => {
    expect(csvLine(['=1+1', '+x', '-2', '@SUM(A1)', 'plain', 3, null])).toBe(`"'=1+1","'+x","'-2","'@SUM(A1)",plain,3,\r\n`);
  });

  it('refuses decimal commas and currency symbols, naming the row', () => {
    for (const cost of ['"12,5"', '$12', '-3']) {
      expect(() => rowsFromCsv(`date,campaign,cost\n2026-06-01,a,1\n2026-06-02,a,${cost}`, 'generic', 'USD')).toThrow(SpendRowError);
    }
    const weekly = () =>
      rowsFromCsv('Reporting starts,Reporting ends,Campaign name,Amount spent (USD)\n2026-06-01,2026-06-07,a,1', 'meta', 'USD');
    let thrown: unknown = null;
    try {
      weekly();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ row: 1, column: 'Reporting ends' });
  });
});

describe('console.alerts config', () => {
  const base = { name: 'X', hosts: ['t.x.test'] };
  it('has defaults and is validated at start', () => {
    const tenants = loadTenants({ x: { ...base, console: { jwt_secret: 'CONSOLE_JWT_X' } } });
    expect(tenants.byId.get('x')?.console).toEqual({
      jwt_secret: 'CONSOLE_JWT_X',
      currency: 'USD',
      alerts: { mql_to_sql_drop: 0.3, cost_per_sql_rise: 0.5, bot_spike: 3, window_days: 7, min_leads: 10, min_bot_events: 100 },
    });
    expect(() => loadTenants({ x: { ...base, console: { jwt_secret: 'CONSOLE_JWT_X', alerts: { mql_to_sql_drop: 2 } } } })).toThrow(
      /mql_to_sql_drop/,
    );
    expect(() => loadTenants({ x: { ...base, console: { jwt_secret: 'CONSOLE_JWT_X', alerts: { window: 7 } } } })).toThrow(/window/);
  });
});
