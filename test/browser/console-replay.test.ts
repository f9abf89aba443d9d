/**
 * A replay from the page reaches the destination: the replay tenant's leads go to the spec-validating Chatwoot
 * fake (scripts/fakes.mjs, started by the harness). The fake refuses the first delivery with a 422, so the
 * delivery loop dead-letters it at once; a viewer sees the dead letter without a Replay button; an admin presses
 * Replay on the Deliveries page, and the contact then arrives at the fake.
 */
import { beforeAll, describe, inject, it } from 'vitest';
import { sendVisitors, type Visitor, visitorId } from './console-seed';
import { consoleToken } from './console-tenant';
import { LOCAL, humanContext, newContext, until, useBrowser } from './harness';

useBrowser();

const REPLAY = LOCAL.replace('localhost', 'replay.localhost');
const FAKES = `http://127.0.0.1:${inject('fakesPort')}/chatwoot`;
const LAPTOP = { width: 1366, height: 768 };

const VISITOR: Visitor = {
  id: visitorId('rp'),
  campaign: 'replay-test',
  source: 'google',
  medium: 'cpc',
  channel: 'paid_search',
  pages: 1,
  reach: 'lead',
};
const EMAIL = `${VISITOR.id}@board.example`;

interface DeadLetterList {
  dead_letters: { id: string; lead_id: string | null; destination: string | null; status: string }[];
}

const fakeState = async (): Promise<string> => (await fetch(`${FAKES}/__state`)).text();

let deadLetterId = '';

beforeAll(async () => {
  // The next call to the fake fails with a validation error: not retryable, a dead letter at once.
  const fault = await fetch(`${FAKES}/__faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ count: 1, status: 422, body: { message: 'refused by the test' } }),
  });
  if (fault.status != 204) throw new Error(`fake faults: ${fault.status}`);
  const ctx = await humanContext();
  const page = await ctx.newPage();
  await page.goto(`${REPLAY}/console`);
  await sendVisitors(page, [VISITOR]);
  const token = await consoleToken('replay');
  const letters = await until(async () => {
    const list = await page.evaluate(async (t) => {
      const r = await fetch('/v1/admin/dead-letters?status=open', { headers: { authorization: `Bearer ${t}` } });
      return (await r.json()) as DeadLetterList;
    }, token);
    return list.dead_letters.length > 0 ? list.dead_letters : null;
  }, 'the refused Chatwoot delivery to be dead-lettered');
  deadLetterId = letters[0]!.id;
  await ctx.close();
});

describe('replay from the console', () => {
  it('a viewer sees the dead letter but no Replay button', async ({ expect }) => {
    const ctx = await newContext({ viewport: LAPTOP });
    await ctx.addInitScript(
      (token) => sessionStorage.setItem('leadtrail.console.token', token),
      await consoleToken('replay', { role: 'viewer' }),
    );
    const page = await ctx.newPage();
    await page.goto(`${REPLAY}/console#/deliveries`);
    const row = page.getByTestId('dead-letters').locator(`tr[data-id="${deadLetterId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('chatwoot');
    expect(await row.textContent()).toContain('422');
    expect(await page.getByRole('button', { name: /^Replay/ }).count()).toBe(0);
    await ctx.close();
  });

  it('an admin replays the dead letter from the Deliveries page, and the contact reaches the Chatwoot fake', async ({ expect }) => {
    expect(await fakeState()).not.toContain(EMAIL);
    const ctx = await newContext({ viewport: LAPTOP });
    await ctx.addInitScript((token) => sessionStorage.setItem('leadtrail.console.token', token), await consoleToken('replay'));
    const page = await ctx.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${REPLAY}/console#/deliveries`);
    const row = page.getByTestId('dead-letters').locator(`tr[data-id="${deadLetterId}"]`);
    await row.getByRole('button', { name: new RegExp(`^Replay chatwoot ${deadLetterId}$`) }).click();
    await expect.poll(() => page.getByTestId('replay-outcome').textContent()).toBe('Replayed 1, failed 0.');
    // The open list no longer has it; the delivery arrives at the fake.
    await expect.poll(() => row.count()).toBe(0);
    await until(async () => (await fakeState()).includes(EMAIL), `${EMAIL} to reach the Chatwoot fake after the replay`);
    await page.getByLabel('Status (Dead letters)').selectOption('replayed');
    await page.getByTestId('dead-letters').locator(`tr[data-id="${deadLetterId}"]`).waitFor();
    expect(await page.getByTestId('dead-letters').locator(`tr[data-id="${deadLetterId}"]`).textContent()).toContain('Replayed');
    expect(problems).toEqual([]);
    await ctx.close();
  });
});
