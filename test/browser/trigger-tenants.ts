/** Widget tenants that open the widget on their own trigger (test/browser/widget-triggers.test.ts): the widget tenant's questionnaire. */
import { WIDGET_TENANT } from './widget-tenant';

const withTrigger = (host: string, trigger: Record<string, string | number>) => ({
  ...WIDGET_TENANT,
  name: `Widget (${host})`,
  hosts: [host],
  widget: { ...WIDGET_TENANT.widget, trigger },
});

export const TRIGGER_TENANTS = {
  'trigger-delay': withTrigger('delay.localhost', { kind: 'delay', seconds: 1 }),
  'trigger-scroll': withTrigger('scroll.localhost', { kind: 'scroll', percent: 60 }),
  'trigger-exit': withTrigger('exit.localhost', { kind: 'exit_intent' }),
};
