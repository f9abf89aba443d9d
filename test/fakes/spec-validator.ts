/**
 * Checks a request against the operation it calls in ../shared/specs (through the schemas scripts/gen-spec-types.mjs
 * extracts at build time): method and path template, required and typed query/path parameters, the credential the
 * operation's security scheme names, the content type and the body against the request schema (JSON Schema, with
 * OpenAPI 3.0 `nullable` already mapped to a null type). The fakes answer 400 with these messages, so a connector
 * whose body drifts from the spec fails its tests.
 */
import { Validator, type Schema } from '@cfworker/json-schema';
import hubspotContacts from './spec/hubspot-contacts.gen.json';
import hubspotLeads from './spec/hubspot-leads.gen.json';
import hubspotProperties from './spec/hubspot-properties.gen.json';
import pipedriveV1 from './spec/pipedrive-v1.gen.json';
import pipedriveV2 from './spec/pipedrive-v2.gen.json';
import salesforce from './spec/salesforce.gen.json';

interface SpecParameter {
  name: string;
  in: string;
  required: boolean;
  schema: unknown;
}
interface SpecSecurity {
  name: string;
  type: string;
  scheme: string | null;
  in: string | null;
  param: string | null;
}
export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  parameters: SpecParameter[];
  requestBody: { required: boolean; content: Record<string, unknown> } | null;
  security: SpecSecurity[];
}
interface SpecFile {
  spec: string;
  operations: Record<string, SpecOperation>;
}

export const SPECS = {
  'hubspot-contacts': hubspotContacts as SpecFile,
  'hubspot-leads': hubspotLeads as SpecFile,
  'hubspot-properties': hubspotProperties as SpecFile,
  'pipedrive-v1': pipedriveV1 as SpecFile,
  'pipedrive-v2': pipedriveV2 as SpecFile,
  salesforce: salesforce as SpecFile,
} satisfies Record<string, SpecFile>;
export type SpecName = keyof typeof SPECS;

export interface MatchedOperation {
  operation: SpecOperation;
  params: Record<string, string>;
}

function templateRegex(template: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { regex: new RegExp(`^${source}$`), names };
}

/** The spec operation a method and path (relative to the spec's server) call, or null when the spec has none. */
export function matchOperation(spec: SpecName, method: string, path: string): MatchedOperation | null {
  for (const operation of Object.values(SPECS[spec].operations)) {
    if (operation.method !== method.toUpperCase()) continue;
    const { regex, names } = templateRegex(operation.path);
    const match = regex.exec(path);
    if (!match) continue;
    const params = Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? '')]));
    return { operation, params };
  }
  return null;
}

const validators = new Map<unknown, Validator>();
function validatorFor(schema: unknown): Validator {
  let validator = validators.get(schema);
  if (!validator) {
    validator = new Validator(schema as Schema, '7', false);
    validators.set(schema, validator);
  }
  return validator;
}

/** JSON-Schema errors of `value` against `schema`, as `location: message` lines (empty when valid). */
export function schemaErrors(schema: unknown, value: unknown): string[] {
  const result = validatorFor(schema).validate(value);
  return result.valid
    ? []
    : result.errors
        .filter((e) => e.keyword !== 'properties' && e.keyword !== 'items' && e.keyword !== 'allOf')
        .map((e) => `${e.instanceLocation}: ${e.error}`);
}

/** Query and path values arrive as strings; coerce them to the parameter's declared type before validating. */
/** A query array in OpenAPI's default style (form, explode): `?associations=leads&associations=deals`. */
function queryArray(schema: unknown, query: URLSearchParams, name: string): unknown[] | null {
  const type = typeof schema === 'object' && schema !== null && 'type' in schema ? schema.type : undefined;
  if (type !== 'array' || !query.has(name)) return null;
  const items = typeof schema === 'object' && schema !== null && 'items' in schema ? schema.items : undefined;
  return query.getAll(name).map((value) => coerce(items, value));
}

function coerce(schema: unknown, raw: string): unknown {
  const type = typeof schema === 'object' && schema !== null && 'type' in schema ? schema.type : undefined;
  if (type === 'integer' || type === 'number') return raw.trim() === '' ? raw : Number(raw);
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

function credentialErrors(operation: SpecOperation, request: Request): string[] {
  if (operation.security.length === 0) return [];
  const auth = request.headers.get('authorization') ?? '';
  const ok = operation.security.some((scheme) => {
    if (scheme.type === 'apiKey' && scheme.in === 'header' && scheme.param) return (request.headers.get(scheme.param) ?? '') !== '';
    if (scheme.type === 'apiKey' && scheme.in === 'query' && scheme.param) return new URL(request.url).searchParams.has(scheme.param);
    if (scheme.type === 'http' && scheme.scheme === 'bearer') return /^Bearer \S+$/.test(auth);
    if (scheme.type === 'http' && scheme.scheme === 'basic') return /^Basic \S+$/.test(auth);
    // A HubSpot private-app token is an OAuth bearer token.
    if (scheme.type === 'oauth2') return /^Bearer \S+$/.test(auth);
    return false;
  });
  return ok ? [] : [`no credential for any of ${operation.security.map((s) => s.name).join(', ')}`];
}

export interface CheckedRequest {
  operation: SpecOperation;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

export class SpecViolation extends Error {
  constructor(
    readonly problems: string[],
    readonly operation: string,
  ) {
    super(`${operation}: ${problems.join('; ')}`);
    this.name = 'SpecViolation';
  }
}

function parseBody(contentType: string, text: string): unknown {
  if (contentType.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  return JSON.parse(text) as unknown;
}

/**
 * Validates `request` (path relative to the spec's server) against the spec and returns what it carried.
 * Throws SpecViolation listing every problem; throws it with "no such operation" when the spec lacks the call.
 */
export async function checkRequest(spec: SpecName, request: Request, path: string): Promise<CheckedRequest> {
  const matched = matchOperation(spec, request.method, path);
  if (!matched) throw new SpecViolation([`${SPECS[spec].spec} has no operation ${request.method} ${path}`], `${request.method} ${path}`);
  const { operation, params } = matched;
  const problems: string[] = [...credentialErrors(operation, request)];
  const query = new URL(request.url).searchParams;
  for (const parameter of operation.parameters) {
    const array = parameter.in === 'query' ? queryArray(parameter.schema, query, parameter.name) : null;
    if (array !== null) {
      problems.push(...schemaErrors(parameter.schema, array).map((line) => `query ${parameter.name}${line.slice(1)}`));
      continue;
    }
    const raw =
      parameter.in === 'path'
        ? params[parameter.name]
        : parameter.in === 'query'
          ? query.get(parameter.name)
          : parameter.in === 'header'
            ? request.headers.get(parameter.name)
            : null;
    if (raw === null || raw === undefined) {
      if (parameter.required) problems.push(`missing ${parameter.in} parameter ${parameter.name}`);
      continue;
    }
    problems.push(
      ...schemaErrors(parameter.schema, coerce(parameter.schema, raw)).map((line) => `${parameter.in} ${parameter.name}${line.slice(1)}`),
    );
  }
  let body: unknown = undefined;
  const text = await request.text();
  if (operation.requestBody) {
    const contentType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    const schema = operation.requestBody.content[contentType];
    if (text === '') {
      if (operation.requestBody.required) problems.push('missing request body');
    } else if (schema === undefined) {
      problems.push(`content type "${contentType}" is not one of ${Object.keys(operation.requestBody.content).join(', ')}`);
    } else {
      try {
        body = parseBody(contentType, text);
        problems.push(...schemaErrors(schema, body).map((line) => `body${line.slice(1)}`));
      } catch {
        problems.push('body is not valid JSON');
      }
    }
  } else if (text !== '') {
    problems.push('the operation takes no body');
  }
  if (problems.length > 0) throw new SpecViolation(problems, `${operation.method} ${operation.path}`);
  return { operation, params, query, body };
}

/** The JSON request-body schema of one operation (`"POST /persons"`), for contract tests of the pure mappings. */
export function requestSchema(spec: SpecName, operation: string, contentType = 'application/json'): unknown {
  const found = SPECS[spec].operations[operation];
  if (!found) throw new Error(`${SPECS[spec].spec} has no operation ${operation}`);
  const schema = found.requestBody?.content[contentType];
  if (schema === undefined) throw new Error(`${operation} takes no ${contentType} body`);
  return schema;
}
