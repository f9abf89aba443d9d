/**
 * The console's leads (admin API contract): the filtered list, the CSV export with the same filters, and one lead's
 * timeline. The route parses and renders; the queries are core/admin/leads/.
 */
import { Hono } from 'hono';
import { csvExportName } from '../../../core/admin/leads/csv-name';
import { leadsCsvStream } from '../../../core/admin/leads/csv';
import { leadDetail } from '../../../core/admin/leads/detail';
import { parseLeadQuery } from '../../../core/admin/leads/filters';
import { listLeads } from '../../../core/admin/leads/list';
import { openDatabase } from '../../../core/db';
import { AppError } from '../../../core/errors';
import type { AppEnv } from '../../context';

export const adminLeadsRoute = new Hono<AppEnv>();

adminLeadsRoute.get('/leads', async function listTenantLeads(c) {
  const { filters, page } = parseLeadQuery(c.req.query(), Date.now());
  return c.json(await listLeads(openDatabase(c.env.DB), c.get('tenant').id, filters, page));
});

adminLeadsRoute.get('/leads.csv', function exportTenantLeads(c) {
  const query = c.req.query();
  // The export takes every matching lead: a page size or cursor of the list means nothing here.
  const { limit: _limit, cursor: _cursor, ...filterQuery } = query;
  const { filters } = parseLeadQuery(filterQuery, Date.now());
  const tenant = c.get('tenant');
  return c.body(leadsCsvStream(openDatabase(c.env.DB), tenant.id, filters), 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${csvExportName(tenant.id, Date.now())}"`,
    'cache-control': 'no-store',
  });
});

adminLeadsRoute.get('/leads/:id', async function showLead(c) {
  const detail = await leadDetail(openDatabase(c.env.DB), c.get('tenant').id, c.req.param('id'));
  // Another tenant's lead is answered exactly like a missing one.
  if (detail === null) throw new AppError('not_found', 'no such lead');
  return c.json(detail);
});
