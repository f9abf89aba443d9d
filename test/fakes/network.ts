/**
 * Routes outbound fetches to the fakes by origin, so the connectors run their real client code in workerd with
 * nothing of ours mocked: a test installs it with `vi.stubGlobal('fetch', network.fetch)`. An origin without a
 * fake is a test bug and fails loudly.
 */
export interface Fake {
  handle(request: Request): Promise<Response>;
}

export class FakeNetwork {
  private readonly fakes = new Map<string, Fake>();

  add(origin: string, fake: Fake): this {
    this.fakes.set(new URL(origin).origin, fake);
    return this;
  }

  readonly fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const fake = this.fakes.get(new URL(request.url).origin);
    if (!fake) return Promise.reject(new Error(`no fake for ${request.url}`));
    return fake.handle(request);
  };
}
