import { Hono } from 'hono';
import type { AppEnv } from '../../context';
import { adminAuth, adminPrincipal } from '../../middleware/admin-auth';
import { deadLettersRoute } from './dead-letters';
import { deliveriesRoute } from './deliveries';
import { queuesRoute } from './queues';
import { replayRoute } from './replay';
import { adminDeletionsRoute } from './deletions';
import { adminLeadsRoute } from './leads';
import { alertsRoute } from './alerts';
import { breakdownRoute } from './breakdown';
import { funnelRoute } from './funnel';
import { spendRoute } from './spend';
import { trendsRoute } from './trends';

/**
 * The console API (`/v1/admin/*`): every route runs behind the JWT door; the tenant is the Host's. Each
 * concern is its own file in this folder, mounted here.
 */
export const adminRoute = new Hono<AppEnv>();

adminRoute.use('*', adminAuth);

adminRoute.get('/me', function whoAmI(c) {
  const principal = adminPrincipal(c);
  const tenant = c.get('tenant');
  return c.json({
    tenant: tenant.id,
    tenant_name: tenant.name,
    role: principal.role,
    subject: principal.subject,
    expires_at: new Date(principal.expiresAt).toISOString(),
  });
});

adminRoute.route('/deliveries', deliveriesRoute);
adminRoute.route('/dead-letters', deadLettersRoute);
adminRoute.route('/replay', replayRoute);
adminRoute.route('/queues', queuesRoute);
adminRoute.route('/', adminLeadsRoute);
adminRoute.route('/', adminDeletionsRoute);
adminRoute.route('/', funnelRoute);
adminRoute.route('/', breakdownRoute);
adminRoute.route('/', trendsRoute);
adminRoute.route('/', spendRoute);
adminRoute.route('/', alertsRoute);
