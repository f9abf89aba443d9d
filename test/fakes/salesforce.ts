/**
 * A local Salesforce org (OAuth client-credentials token endpoint, upsert by external id, sObject Collections upsert)
 * for the workerd tests. Every request is checked against ../shared/specs/salesforce/rest-upsert-oauth.derived.json;
 * state is kept like an org keeps it: tokens that expire (401 INVALID_SESSION_ID), an external id unique per object,
 * required fields (LastName, and Company on Lead), fields that must exist (INVALID_FIELD), a daily API allocation
 * reported in `Sforce-Limit-Info` (403 REQUEST_LIMIT_EXCEEDED past it), a racing create (DUPLICATE_VALUE) and a
 * duplicate rule on Email (DUPLICATES_DETECTED).
 */
import { FaultQueue, answerFault, json, record, type SeenRequest } from './faults';
import { SpecViolation, checkRequest } from './spec-validator';

export interface SalesforceRecord {
  Id: string;
  type: string;
  fields: Record<string, unknown>;
}

export interface SalesforceOrg {
  clientId: string;
  clientSecret: string;
  tokens: Map<string, { valid: boolean }>;
  records: SalesforceRecord[];
  /** Field API names per object (standard and custom). */
  fields: Record<string, Set<string>>;
  apiUsage: number;
  dailyLimit: number;
  /** A duplicate rule on Email: a second record with an email already on another record is rejected. */
  duplicateRuleOnEmail: boolean;
  /** The next creates lose a race: another request creates the record first, this one gets DUPLICATE_VALUE. */
  racingCreates: number;
  tokensIssued: number;
  /** Record ids deleted (a second DELETE answers ENTITY_IS_DELETED). */
  deleted: string[];
}

const STANDARD_FIELDS = ['FirstName', 'LastName', 'Email', 'Phone', 'Company', 'LeadSource', 'Status', 'Description', 'Country'];
const REQUIRED: Record<string, string[]> = { Lead: ['LastName', 'Company'], Contact: ['LastName'] };

export class SalesforceFake {
  readonly requests: SeenRequest[] = [];
  readonly faults = new FaultQueue();
  /** Requests that did not conform to the spec (answered 400): a test asserts this stays empty. */
  readonly violations: string[] = [];
  readonly orgs: SalesforceOrg[] = [];
  private nextId = 1;

  constructor(readonly origin = 'https://acme.my.salesforce.test') {}

  addOrg(clientId: string, clientSecret: string, customFields: string[] = []): SalesforceOrg {
    const fields = [...STANDARD_FIELDS, 'LeadTrail_Id__c', ...customFields];
    const org: SalesforceOrg = {
      clientId,
      clientSecret,
      tokens: new Map(),
      records: [],
      fields: { Lead: new Set(fields), Contact: new Set(fields.filter((f) => f !== 'Company' && f !== 'Status')) },
      apiUsage: 0,
      dailyLimit: 15000,
      duplicateRuleOnEmail: false,
      racingCreates: 0,
      tokensIssued: 0,
      deleted: [],
    };
    this.orgs.push(org);
    return org;
  }

  /** Every token issued so far stops working (as when a session times out). */
  expireTokens(): void {
    for (const org of this.orgs) for (const token of org.tokens.values()) token.valid = false;
  }

  records(org: SalesforceOrg, type = 'Lead'): SalesforceRecord[] {
    return org.records.filter((r) => r.type === type);
  }

  readonly handle = async (request: Request): Promise<Response> => {
    await record(request, this.requests);
    const fault = this.faults.take(request);
    if (fault) return answerFault(fault, request);
    const url = new URL(request.url);
    // Not in the derived spec (it covers upsert and OAuth only): sObject Rows DELETE, checked here by hand.
    if (request.method === 'DELETE') return this.deleteById(request, url);
    let checked;
    try {
      checked = await checkRequest('salesforce', request, url.pathname);
    } catch (error) {
      if (!(error instanceof SpecViolation)) throw error;
      this.violations.push(error.message);
      return json([{ message: error.message, errorCode: 'JSON_PARSER_ERROR' }], 400);
    }
    if (checked.operation.operationId === 'requestOAuthToken') return this.token(request, checked.body as Record<string, string>);
    const token = (request.headers.get('authorization') ?? '').replace(/^Bearer /, '');
    const org = this.orgs.find((o) => o.tokens.get(token)?.valid === true);
    if (!org) return json([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }], 401);
    if (org.apiUsage >= org.dailyLimit) {
      return json([{ message: `TotalRequests Limit exceeded.`, errorCode: 'REQUEST_LIMIT_EXCEEDED' }], 403, this.limitHeader(org));
    }
    org.apiUsage += 1;
    const params = checked.params;
    const answer =
      checked.operation.operationId === 'upsertSObjectByExternalId'
        ? this.upsertOne(
            org,
            params.sObject ?? '',
            params.fieldName ?? '',
            params.fieldValue ?? '',
            checked.body as Record<string, unknown>,
            checked.query.get('updateOnly') === 'true',
          )
        : this.upsertMany(
            org,
            params.sObject ?? '',
            params.externalIdField ?? '',
            checked.body as { allOrNone?: boolean; records: Record<string, unknown>[] },
          );
    answer.headers.set('sforce-limit-info', `api-usage=${org.apiUsage}/${org.dailyLimit}`);
    return answer;
  };

  /**
   * `DELETE /services/data/v{version}/sobjects/{sObject}/{id}` (Salesforce REST API, "sObject Rows"): a bearer
   * token of the org, no body, an 18- or 15-character record id; 204 deleted, 404 NOT_FOUND when no such record
   * (also once deleted: ENTITY_IS_DELETED).
   */
  private async deleteById(request: Request, url: URL): Promise<Response> {
    const match = /^\/services\/data\/v(\d{2}\.0)\/sobjects\/(\w+)\/([A-Za-z0-9]{15}|[A-Za-z0-9]{18})$/.exec(url.pathname);
    const problems: string[] = [];
    if (!match) problems.push(`no sObject Rows DELETE at ${url.pathname}`);
    if ((await request.text()) !== '') problems.push('DELETE takes no body');
    if (!/^Bearer \S+$/.test(request.headers.get('authorization') ?? '')) problems.push('no bearer token');
    if (problems.length > 0 || !match) {
      this.violations.push(`DELETE ${url.pathname}: ${problems.join('; ')}`);
      return json([{ message: problems.join('; '), errorCode: 'MALFORMED_ID' }], 400);
    }
    const token = (request.headers.get('authorization') ?? '').replace(/^Bearer /, '');
    const org = this.orgs.find((o) => o.tokens.get(token)?.valid === true);
    if (!org) return json([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }], 401);
    org.apiUsage += 1;
    const [, , type, id] = match;
    const index = org.records.findIndex((r) => r.Id === id && r.type === type);
    if (index < 0) {
      const wasDeleted = org.deleted.includes(id ?? '');
      return json(
        [
          {
            message: wasDeleted ? 'entity is deleted' : 'The requested resource does not exist',
            errorCode: wasDeleted ? 'ENTITY_IS_DELETED' : 'NOT_FOUND',
          },
        ],
        404,
        this.limitHeader(org),
      );
    }
    org.records.splice(index, 1);
    org.deleted.push(id ?? '');
    return new Response(null, { status: 204, headers: this.limitHeader(org) });
  }

  private limitHeader(org: SalesforceOrg): Record<string, string> {
    return { 'sforce-limit-info': `api-usage=${org.apiUsage}/${org.dailyLimit}` };
  }

  private token(request: Request, form: Record<string, string>): Response {
    let clientId = form.client_id;
    let clientSecret = form.client_secret;
    const basic = /^Basic (\S+)$/.exec(request.headers.get('authorization') ?? '');
    if (basic?.[1]) [clientId, clientSecret] = atob(basic[1]).split(':');
    if (form.grant_type !== 'client_credentials')
      return json({ error: 'unsupported_grant_type', error_description: 'grant type not supported' }, 400);
    const org = this.orgs.find((o) => o.clientId === clientId && o.clientSecret === clientSecret);
    if (!org) return json({ error: 'invalid_client', error_description: 'invalid client credentials' }, 400);
    const accessToken = `00D!${crypto.randomUUID()}`;
    org.tokens.set(accessToken, { valid: true });
    org.tokensIssued += 1;
    return json({
      access_token: accessToken,
      instance_url: this.origin,
      id: `${this.origin}/id/00D/005`,
      token_type: 'Bearer',
      issued_at: String(Date.now()),
      signature: 'fake',
    });
  }

  /** The errors a save would hit, as Salesforce names them (empty when it would succeed). */
  private saveErrors(
    org: SalesforceOrg,
    type: string,
    fields: Record<string, unknown>,
    existing: SalesforceRecord | undefined,
  ): { statusCode: string; message: string; fields: string[] }[] {
    const known = org.fields[type];
    if (!known) return [{ statusCode: 'NOT_FOUND', message: `sObject type '${type}' is not supported.`, fields: [] }];
    const unknown = Object.keys(fields).filter((name) => name !== 'attributes' && !known.has(name));
    if (unknown.length > 0)
      return [{ statusCode: 'INVALID_FIELD', message: `No such column '${unknown[0]}' on sobject of type ${type}`, fields: unknown }];
    if (!existing) {
      const missing = (REQUIRED[type] ?? []).filter((name) => fields[name] === undefined || fields[name] === null || fields[name] === '');
      if (missing.length > 0)
        return [{ statusCode: 'REQUIRED_FIELD_MISSING', message: `Required fields are missing: [${missing.join(', ')}]`, fields: missing }];
    }
    const email = fields.Email;
    if (
      org.duplicateRuleOnEmail &&
      typeof email === 'string' &&
      org.records.some((r) => r !== existing && r.type === type && r.fields.Email === email)
    ) {
      return [
        {
          statusCode: 'DUPLICATES_DETECTED',
          message: "You're creating a duplicate record. We recommend you use an existing record instead.",
          fields: [],
        },
      ];
    }
    return [];
  }

  private write(
    org: SalesforceOrg,
    type: string,
    externalField: string,
    externalId: string,
    fields: Record<string, unknown>,
    updateOnly: boolean,
  ) {
    const existing = org.records.find((r) => r.type === type && r.fields[externalField] === externalId);
    if (!existing && updateOnly)
      return {
        errors: [{ statusCode: 'NOT_FOUND', message: 'Provided external ID field does not exist or is not accessible', fields: [] }],
      };
    const errors = this.saveErrors(org, type, fields, existing);
    if (errors.length > 0) return { errors };
    if (!existing && org.racingCreates > 0) {
      org.racingCreates -= 1;
      org.records.push({ Id: this.newId(type), type, fields: { ...fields, [externalField]: externalId } });
      return {
        errors: [
          {
            statusCode: 'DUPLICATE_VALUE',
            message: `duplicate value found: ${externalField} duplicates value on record with id: ${org.records.at(-1)?.Id ?? ''}`,
            fields: [],
          },
        ],
      };
    }
    if (existing) {
      Object.assign(existing.fields, fields);
      return { id: existing.Id, created: false, errors: [] };
    }
    const created: SalesforceRecord = { Id: this.newId(type), type, fields: { ...fields, [externalField]: externalId } };
    org.records.push(created);
    return { id: created.Id, created: true, errors: [] };
  }

  private newId(type: string): string {
    return `${type === 'Lead' ? '00Q' : '003'}${String(this.nextId++).padStart(15, '0')}`;
  }

  private upsertOne(
    org: SalesforceOrg,
    type: string,
    externalField: string,
    externalId: string,
    body: Record<string, unknown>,
    updateOnly: boolean,
  ): Response {
    if (!org.fields[type]?.has(externalField))
      return json([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }], 404);
    const result = this.write(org, type, externalField, externalId, body, updateOnly);
    if (result.errors.length > 0) {
      const status = result.errors[0]?.statusCode === 'NOT_FOUND' ? 404 : 400;
      return json(
        result.errors.map((e) => ({ message: e.message, errorCode: e.statusCode, fields: e.fields })),
        status,
      );
    }
    return json({ id: result.id, success: true, errors: [], created: result.created }, result.created ? 201 : 200);
  }

  private upsertMany(
    org: SalesforceOrg,
    type: string,
    externalField: string,
    body: { allOrNone?: boolean; records: Record<string, unknown>[] },
  ): Response {
    if (body.records.some((r) => (r.attributes as { type?: string } | undefined)?.type !== type)) {
      return json([{ message: `records must all be of type ${type}`, errorCode: 'INVALID_TYPE' }], 400);
    }
    const results = body.records.map((recordBody) => {
      const { attributes: _attributes, ...fields } = recordBody;
      const externalId = fields[externalField];
      if (typeof externalId !== 'string' || externalId === '')
        return {
          success: false,
          errors: [{ statusCode: 'MISSING_ARGUMENT', message: `${externalField} not specified`, fields: [externalField] }],
        };
      const result = this.write(org, type, externalField, externalId, fields, false);
      return result.errors.length > 0
        ? { success: false, errors: result.errors }
        : { id: result.id, success: true, errors: [], created: result.created };
    });
    return json(results);
  }
}
