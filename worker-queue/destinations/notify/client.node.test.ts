import { describe, expect, it } from 'vitest';
import { parseRetryAfter, postNotification } from './client';

describe('postNotification', () => {
  it('POSTs the JSON payload and returns status, Retry-After and the body', async () => {
    const seen: { url: string; init: RequestInit | undefined }[] = [];
    const fetcher: typeof fetch = async (input, init) => {
      seen.push({ url: String(input), init });
      return new Response('rate limited', { status: 429, headers: { 'retry-after': '7' } });
    };
    const response = await postNotification('https://hooks.slack.test/services/T/B/X', { text: 'hi' }, { fetcher });
    expect(response).toEqual({ status: 429, retryAfter: 7, body: 'rate limited' });
    expect(seen[0]?.url).toBe('https://hooks.slack.test/services/T/B/X');
    expect(seen[0]?.init?.method).toBe('POST');
    expect(seen[0]?.init?.body).toBe('{"text":"hi"}');
    expect(new Headers(seen[0]?.init?.headers).get('content-type')).toContain('application/json');
    expect(seen[0]?.init?.signal).toBeInstanceOf(AbortSignal);
  });

  it('bounds the body it keeps', async () => {
    const fetcher: typeof fetch = async () => new Response('x'.repeat(10_000), { status: 400 });
    const response = await postNotification('https://discord.test/api/webhooks/1/t', {}, { fetcher });
    expect(response).toMatchObject({ status: 400, retryAfter: null });
    expect(response.body).toHaveLength(2048);
  });

  it('rejects when the timeout aborts the request', async () => {
    const fetcher: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    await expect(postNotification('https://teams.test/hook', {}, { fetcher, timeoutMs: 5 })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('1.5', now)).toBe(2);
    expect(parseRetryAfter('Tue, 01 Dec 2026 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Tue, 01 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});
