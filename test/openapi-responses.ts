/**
 * Holds real responses to the served OpenAPI document (edge/openapi.ts): the status must be one the operation
 * documents and a JSON body must match its schema. Route tests call this on what they fetched, so the document
 * cannot drift from what the Worker answers.
 */
import { Validator, type Schema } from '@cfworker/json-schema';
import { expect } from 'vitest';
import { openApiDocument } from '../edge/openapi';

interface Operation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

type Components = { schemas?: Record<string, unknown> };

function resolveRefs(node: unknown, components: Components, seen: Set<string> = new Set()): unknown {
  if (Array.isArray(node)) return node.map((item) => resolveRefs(item, components, seen));
  if (node === null || typeof node !== 'object') return node;
  const record = node as Record<string, unknown>;
  const ref = record.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
    const name = ref.slice('#/components/schemas/'.length);
    if (seen.has(name)) return {};
    return resolveRefs(components.schemas?.[name], components, new Set([...seen, name]));
  }
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, resolveRefs(value, components, seen)]));
}

function templateMatches(template: string, path: string): boolean {
  const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+');
  return new RegExp(`^${source.replace(/\\\{|\\\}/g, '')}$`).test(path);
}

/** The documented operation for a method and a concrete path (`/v1/admin/leads/lead_1` → `/v1/admin/leads/{id}`). */
export function documentedOperation(method: string, path: string): { template: string; operation: Operation } {
  const document = openApiDocument() as { paths: Record<string, Record<string, Operation>> };
  const exact = document.paths[path]?.[method.toLowerCase()];
  if (exact) return { template: path, operation: exact };
  for (const [template, operations] of Object.entries(document.paths)) {
    const operation = operations[method.toLowerCase()];
    if (operation && template.includes('{') && templateMatches(template, path)) return { template, operation };
  }
  throw new Error(`OpenAPI documents no ${method.toUpperCase()} ${path}`);
}

/** Fails the test when the response's status or JSON body is not what the document says for the operation. */
export async function expectDocumentedResponse(response: Response, method: string, url: string): Promise<void> {
  const path = new URL(url, 'https://x.test').pathname;
  const { template, operation } = documentedOperation(method, path);
  const documented = operation.responses?.[String(response.status)] ?? operation.responses?.default;
  expect(documented, `${method} ${template} does not document status ${response.status}`).toBeDefined();
  const schema = documented?.content?.['application/json']?.schema;
  const type = response.headers.get('content-type') ?? '';
  if (schema === undefined || !type.includes('application/json')) return;
  const document = openApiDocument() as { components: Components };
  const body: unknown = await response.clone().json();
  const result = new Validator(resolveRefs(schema, document.components) as Schema, '2020-12', false).validate(body);
  const problems = result.errors.map((error) => `${error.instanceLocation}: ${error.error}`);
  expect(problems, `${method} ${template} → ${response.status} body does not match the document`).toEqual([]);
}
