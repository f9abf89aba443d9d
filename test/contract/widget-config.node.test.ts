/**
 * The widget's hand-kept view of GET /v1/config (widget/src/types.ts) held to what the server derives from
 * the tenant config (core/tenants/questionnaire-public.ts): at compile time (tsc -p tsconfig.json checks this
 * file, and an assignment that no longer fits fails it) and at run time on the browser suite's tenant.
 */
import { describe, expect, it } from 'vitest';
import { parseTenants } from '../../core/tenants';
import { type PublicWidget, publicWidget } from '../../core/tenants/questionnaire-public';
import type { WidgetConfig } from '../../widget/src/types';
import { WIDGET_TENANT } from '../browser/widget-tenant';

/** Compile-time: every public widget config is a WidgetConfig as the widget reads it. */
const asWidgetSees = (w: PublicWidget): WidgetConfig => w;

describe('widget config contract', () => {
  it("the server's public widget config is what the widget reads", () => {
    const tenant = parseTenants({ widget: WIDGET_TENANT }).byId.get('widget');
    const view = asWidgetSees(publicWidget(tenant?.widget)!);
    expect(view.questions.map((q) => [q.id, q.type, q.required])).toEqual([
      ['size', 'single', true],
      ['interest', 'multiple', true],
      ['phone', 'phone', false],
      ['email', 'email', true],
      ['consent', 'consent', true],
    ]);
    expect(view.theme).toMatchObject({
      primary: '#1f4fd1',
      on_primary: '#ffffff',
      background: '#ffffff',
      text: '#1a1a1a',
      position: 'right',
    });
    expect(view.variants[0]).toEqual({
      id: 'b',
      weight: 50,
      greeting: 'Hello! Variant b asks first.',
      texts: { size: 'What is the size of your team?' },
    });
  });
});
