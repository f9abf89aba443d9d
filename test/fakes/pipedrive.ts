/**
 * A local Pipedrive (API v2 persons and person fields, API v1 leads and notes) for the workerd tests. Every request
 * is checked against ../shared/specs/pipedrive/openapi-v{1,2}.json; state is kept like an account keeps it: one
 * account per API token (`x-api-token`), person custom fields keyed by 40-character hashes listed by personFields
 * (unknown keys are rejected), leads and notes that need an existing person or lead, and search lag: a person
 * created a moment ago is not found by search for the next `searchLag` searches.
 */
import { FaultQueue, answerFault, json, record, type SeenRequest } from './faults';
import { SpecViolation, checkRequest } from './spec-validator';

export interface PipedrivePerson {
  id: number;
  name: string;
  emails: { value: string; primary: boolean; label: string }[];
  phones: { value: string; primary: boolean; label: string }[];
  custom_fields: Record<string, unknown>;
  /** Searches left before search finds it. */
  hiddenFromSearch: number;
}

export interface PipedriveAccount {
  persons: Map<number, PipedrivePerson>;
  fields: { field_name: string; field_code: string; field_type: string; is_custom_field: boolean }[];
  leads: Map<string, { id: string; title: string; person_id: number }>;
  notes: { id: number; content: string; lead_id?: string; person_id?: number }[];
}

const BUILT_IN_FIELDS = ['name', 'emails', 'phones', 'org_id', 'owner_id', 'label_ids'];

async function hash40(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

export class PipedriveFake {
  readonly requests: SeenRequest[] = [];
  readonly faults = new FaultQueue();
  /** Requests that did not conform to the spec (answered 400): a test asserts this stays empty. */
  readonly violations: string[] = [];
  readonly accounts = new Map<string, PipedriveAccount>();
  /** How many searches miss a just-created person (Pipedrive's search index lags behind writes). */
  searchLag = 2;
  private nextId = 1;

  constructor(readonly origin = 'https://api.pipedrive.test') {}

  async addAccount(token: string, customFields: string[] = []): Promise<PipedriveAccount> {
    const account: PipedriveAccount = { persons: new Map(), fields: [], leads: new Map(), notes: [] };
    for (const name of BUILT_IN_FIELDS)
      account.fields.push({ field_name: name, field_code: name, field_type: 'varchar', is_custom_field: false });
    for (const name of customFields)
      account.fields.push({ field_name: name, field_code: await hash40(`${token}:${name}`), field_type: 'varchar', is_custom_field: true });
    this.accounts.set(token, account);
    return account;
  }

  personsOf(token: string): PipedrivePerson[] {
    return [...(this.accounts.get(token)?.persons.values() ?? [])];
  }

  /** A person's custom field values by field name (what a salesperson sees). */
  customFieldsByName(token: string, person: PipedrivePerson): Record<string, unknown> {
    const fields = this.accounts.get(token)?.fields ?? [];
    return Object.fromEntries(
      Object.entries(person.custom_fields).map(([code, value]) => [fields.find((f) => f.field_code === code)?.field_name ?? code, value]),
    );
  }

  rateLimitNext(times = 1, retryAfterSeconds = 2): void {
    this.faults.inject(
      {
        kind: 'status',
        status: 429,
        headers: {
          'retry-after': String(retryAfterSeconds),
          'x-ratelimit-limit': '80',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(retryAfterSeconds),
        },
        body: { success: false, error: 'Request over limit', errorCode: 429 },
      },
      { times },
    );
  }

  readonly handle = async (request: Request): Promise<Response> => {
    await record(request, this.requests);
    const fault = this.faults.take(request);
    if (fault && fault.kind !== 'lost') return answerFault(fault, request);
    const url = new URL(request.url);
    const v2 = url.pathname.startsWith('/api/v2/');
    const path = v2 ? url.pathname.slice('/api/v2'.length) : url.pathname.replace(/^\/v1/, '');
    let checked;
    try {
      checked = await checkRequest(v2 ? 'pipedrive-v2' : 'pipedrive-v1', request, path);
    } catch (error) {
      if (!(error instanceof SpecViolation)) throw error;
      this.violations.push(error.message);
      return json({ success: false, error: error.message, errorCode: 400 }, 400);
    }
    const account = this.accounts.get(request.headers.get('x-api-token') ?? '');
    if (!account) return json({ success: false, error: 'unauthorized access', errorCode: 401 }, 401);
    const answer = await this.route(account, checked.operation.operationId, checked.params, checked.query, checked.body);
    answer.headers.set('x-ratelimit-limit', '80');
    answer.headers.set('x-ratelimit-remaining', '79');
    answer.headers.set('x-ratelimit-reset', '2');
    return fault ? answerFault(fault, request) : answer;
  };

  private async route(
    account: PipedriveAccount,
    operationId: string,
    params: Record<string, string>,
    query: URLSearchParams,
    body: unknown,
  ): Promise<Response> {
    switch (operationId) {
      case 'searchPersons':
        return this.search(account, query);
      case 'addPerson':
        return this.upsertPerson(account, null, body as Partial<PipedrivePerson>);
      case 'updatePerson':
        return this.upsertPerson(account, Number(params.id), body as Partial<PipedrivePerson>);
      case 'getPersonFields':
        return json({
          success: true,
          data: account.fields.map((f) => ({ ...f, is_optional_response_field: false, options: null, subfields: null })),
          additional_data: { next_cursor: null },
        });
      case 'addPersonField':
        return this.addField(account, body as { field_name: string; field_type: string });
      case 'addLead':
        return this.addLead(account, body as { title: string; person_id?: number });
      case 'deletePerson':
        return this.remove(account.persons, Number(params.id), 'Person');
      case 'deleteLead':
        return this.remove(account.leads, params.id ?? '', 'Lead');
      case 'addNote':
        return this.addNote(account, body as { content: string; lead_id?: string; person_id?: number });
      default:
        return json({ success: false, error: `the fake does not implement ${operationId}` }, 501);
    }
  }

  private remove<K>(items: Map<K, unknown>, id: K, what: string): Response {
    if (!items.delete(id)) return json({ success: false, error: `${what} not found`, errorCode: 404 }, 404);
    return json({ success: true, data: { id } });
  }

  private search(account: PipedriveAccount, query: URLSearchParams): Response {
    const term = (query.get('term') ?? '').toLowerCase();
    const items = [];
    for (const person of account.persons.values()) {
      if (person.hiddenFromSearch > 0) {
        person.hiddenFromSearch -= 1;
        continue;
      }
      if (person.emails.some((email) => email.value.toLowerCase() === term)) {
        items.push({
          result_score: 1,
          item: {
            id: person.id,
            type: 'person',
            name: person.name,
            emails: person.emails.map((e) => e.value),
            phones: person.phones.map((p) => p.value),
            custom_fields: [],
            notes: [],
          },
        });
      }
    }
    return json({ success: true, data: { items }, additional_data: { next_cursor: null } });
  }

  private upsertPerson(account: PipedriveAccount, id: number | null, body: Partial<PipedrivePerson>): Response {
    const codes = new Set(account.fields.filter((f) => f.is_custom_field).map((f) => f.field_code));
    const unknown = Object.keys(body.custom_fields ?? {}).filter((code) => !codes.has(code));
    if (unknown.length > 0) return json({ success: false, error: `Unknown custom field(s): ${unknown.join(', ')}`, errorCode: 400 }, 400);
    let person = id === null ? undefined : account.persons.get(id);
    if (id !== null && !person) return json({ success: false, error: 'Person not found', errorCode: 404 }, 404);
    if (!person) {
      person = { id: this.nextId++, name: body.name ?? '', emails: [], phones: [], custom_fields: {}, hiddenFromSearch: this.searchLag };
      account.persons.set(person.id, person);
    }
    if (body.name !== undefined) person.name = body.name;
    if (body.emails !== undefined)
      person.emails = body.emails.map((e) => ({ value: e.value, primary: e.primary ?? false, label: e.label ?? 'work' }));
    if (body.phones !== undefined)
      person.phones = body.phones.map((p) => ({ value: p.value, primary: p.primary ?? false, label: p.label ?? 'work' }));
    Object.assign(person.custom_fields, body.custom_fields ?? {});
    const { hiddenFromSearch: _hidden, ...data } = person;
    return json({ success: true, data });
  }

  private async addField(account: PipedriveAccount, body: { field_name: string; field_type: string }): Promise<Response> {
    const field = {
      field_name: body.field_name,
      field_code: await hash40(`${this.accounts.size}:${body.field_name}:${account.fields.length}`),
      field_type: body.field_type,
      is_custom_field: true,
    };
    account.fields.push(field);
    return json({ success: true, data: { ...field, is_optional_response_field: false, options: null, subfields: null } });
  }

  private addLead(account: PipedriveAccount, body: { title: string; person_id?: number }): Response {
    if (body.person_id === undefined || !account.persons.has(body.person_id))
      return json({ success: false, error: 'person_id is required and must exist', errorCode: 400 }, 400);
    const lead = { id: crypto.randomUUID(), title: body.title, person_id: body.person_id };
    account.leads.set(lead.id, lead);
    return json({ success: true, data: { ...lead, source_name: 'API', is_archived: false } }, 201);
  }

  private addNote(account: PipedriveAccount, body: { content: string; lead_id?: string; person_id?: number }): Response {
    const target =
      (body.lead_id !== undefined && account.leads.has(body.lead_id)) ||
      (body.person_id !== undefined && account.persons.has(body.person_id));
    if (!target) return json({ success: false, error: 'lead_id or person_id is required and must exist', errorCode: 400 }, 400);
    const note = {
      id: this.nextId++,
      content: body.content,
      ...(body.lead_id ? { lead_id: body.lead_id } : {}),
      ...(body.person_id ? { person_id: body.person_id } : {}),
    };
    account.notes.push(note);
    return json({ success: true, data: note }, 201);
  }
}
