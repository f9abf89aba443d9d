// Generates, from ../shared/specs (never copied into the project), for the CRM operations LeadTrail calls:
//   worker-queue/destinations/<crm>/spec-*.gen.ts  request/response types (openapi-typescript), so the connectors'
//                                                  outgoing bodies are typed from the providers' specs
//   test/fakes/spec/<crm>-*.gen.json              each operation's request schema and parameters, $refs resolved and
//                                                  OpenAPI 3.0 `nullable: true` mapped to a null type, for the fakes'
//                                                  JSON-Schema validation
// Both are git-ignored and rebuilt by `npm run build` (so before typecheck and the tests in a fresh clone).
// Only the operations listed below are kept: the Pipedrive documents are 3.7 MB, their full types would slow tsc.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';

const root = resolve(import.meta.dirname, '..');
const specs = resolve(root, '..', 'shared', 'specs');

export const SPEC_OPERATIONS = [
  {
    name: 'hubspot-contacts',
    spec: 'hubspot/contacts-v3.json',
    types: 'worker-queue/destinations/hubspot/spec-contacts.gen.ts',
    operations: [
      ['post', '/crm/v3/objects/contacts/batch/upsert'],
      ['post', '/crm/v3/objects/contacts'],
      ['patch', '/crm/v3/objects/contacts/{contactId}'],
      // A Lead create whose answer was lost: the Leads already associated to the contact (hubspot/lead.ts).
      ['get', '/crm/v3/objects/contacts/{contactId}'],
      // GDPR deletion (core/admin/deletions): permanently delete a contact.
      ['post', '/crm/v3/objects/contacts/gdpr-delete'],
    ],
  },
  {
    name: 'hubspot-properties',
    spec: 'hubspot/properties-v3.json',
    types: 'worker-queue/destinations/hubspot/spec-properties.gen.ts',
    operations: [
      ['get', '/crm/v3/properties/{objectType}'],
      ['post', '/crm/v3/properties/{objectType}/batch/create'],
    ],
  },
  {
    name: 'hubspot-leads',
    spec: 'hubspot/leads-v3.json',
    types: 'worker-queue/destinations/hubspot/spec-leads.gen.ts',
    operations: [
      ['post', '/crm/v3/objects/leads'],
      ['delete', '/crm/v3/objects/leads/{leadsId}'],
    ],
  },
  {
    name: 'pipedrive-v2',
    spec: 'pipedrive/openapi-v2.json',
    types: 'worker-queue/destinations/pipedrive/spec-v2.gen.ts',
    operations: [
      ['get', '/persons/search'],
      ['post', '/persons'],
      ['patch', '/persons/{id}'],
      ['delete', '/persons/{id}'],
      ['get', '/personFields'],
      ['post', '/personFields'],
    ],
  },
  {
    name: 'pipedrive-v1',
    spec: 'pipedrive/openapi-v1.json',
    types: 'worker-queue/destinations/pipedrive/spec-v1.gen.ts',
    operations: [
      ['post', '/leads'],
      ['delete', '/leads/{id}'],
      ['post', '/notes'],
    ],
  },
  {
    name: 'salesforce',
    spec: 'salesforce/rest-upsert-oauth.derived.json',
    types: 'worker-queue/destinations/salesforce/spec.gen.ts',
    operations: [
      ['patch', '/services/data/v{version}/sobjects/{sObject}/{fieldName}/{fieldValue}'],
      ['patch', '/services/data/v{version}/composite/sobjects/{sObject}/{externalIdField}'],
      ['post', '/services/oauth2/token'],
    ],
  },
];

function pointer(doc, ref) {
  if (!ref.startsWith('#/')) throw new Error(`external $ref not supported: ${ref}`);
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((node, key) => {
      if (node === undefined || !(key in node)) throw new Error(`dangling $ref ${ref}`);
      return node[key];
    }, doc);
}

/** Every `#/components/...` pointer reachable from `node`, transitively. */
function collectRefs(doc, node, seen = new Set()) {
  if (Array.isArray(node)) node.forEach((item) => collectRefs(doc, item, seen));
  else if (node && typeof node === 'object') {
    if (typeof node.$ref === 'string' && !seen.has(node.$ref)) {
      seen.add(node.$ref);
      collectRefs(doc, pointer(doc, node.$ref), seen);
    }
    for (const [key, value] of Object.entries(node)) if (key !== '$ref') collectRefs(doc, value, seen);
  }
  return seen;
}

/** The document cut down to the listed operations and the components they reach. */
function subset(doc, operations) {
  const paths = {};
  for (const [method, path] of operations) {
    const item = doc.paths[path];
    if (!item?.[method]) throw new Error(`${method.toUpperCase()} ${path} is not in the spec`);
    paths[path] = { ...(paths[path] ?? {}), [method]: item[method], ...(item.parameters ? { parameters: item.parameters } : {}) };
  }
  const components = { securitySchemes: doc.components?.securitySchemes ?? {} };
  for (const ref of collectRefs(doc, paths)) {
    const [, , section, name] = ref.split('/');
    components[section] ??= {};
    components[section][name] = pointer(doc, ref);
  }
  return { openapi: doc.openapi, info: doc.info, servers: doc.servers, paths, components };
}

/** Inlines $refs (the used schemas are not recursive) and maps OpenAPI 3.0 `nullable` to JSON Schema. */
function jsonSchema(doc, node, stack = []) {
  if (Array.isArray(node)) return node.map((item) => jsonSchema(doc, item, stack));
  if (!node || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string') {
    if (stack.includes(node.$ref)) throw new Error(`recursive $ref ${node.$ref}`);
    return jsonSchema(doc, pointer(doc, node.$ref), [...stack, node.$ref]);
  }
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable' || key === 'example' || key === 'examples' || key === 'xml') continue;
    out[key] =
      key === 'properties'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSchema(doc, v, stack)]))
        : jsonSchema(doc, value, stack);
  }
  if (node.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (out.enum) out.enum = [...out.enum, null];
    else return { anyOf: [out, { type: 'null' }] };
    if (out.enum && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

/** What a fake needs to check a request: body schema per content type, parameters, auth schemes. */
function operationRecord(doc, method, path) {
  const item = doc.paths[path];
  const op = item[method];
  const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => {
    const param = jsonSchema(doc, p);
    return { name: param.name, in: param.in, required: param.required === true, schema: param.schema ?? {} };
  });
  const body = op.requestBody ? jsonSchema(doc, op.requestBody) : null;
  const security = (op.security ?? doc.security ?? []).flatMap((entry) => Object.keys(entry));
  return {
    operationId: op.operationId,
    method: method.toUpperCase(),
    path,
    parameters,
    requestBody: body && {
      required: body.required === true,
      content: Object.fromEntries(Object.entries(body.content ?? {}).map(([type, media]) => [type, media.schema ?? {}])),
    },
    // Only what a fake checks (the scheme's kind and where the credential goes), not the long scope lists.
    security: security.map((name) => {
      const scheme = doc.components.securitySchemes[name];
      return { name, type: scheme.type, scheme: scheme.scheme ?? null, in: scheme.in ?? null, param: scheme.name ?? null };
    }),
  };
}

function write(file, text) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

for (const entry of SPEC_OPERATIONS) {
  const doc = JSON.parse(readFileSync(join(specs, entry.spec), 'utf8'));
  const ast = await openapiTS(subset(doc, entry.operations), { alphabetize: true });
  const header = `// Generated by scripts/gen-spec-types.mjs from ../shared/specs/${entry.spec} (${entry.operations.length} operations). Do not edit.\n`;
  write(join(root, entry.types), header + astToString(ast));
  const operations = Object.fromEntries(
    entry.operations.map(([method, path]) => [`${method.toUpperCase()} ${path}`, operationRecord(doc, method, path)]),
  );
  write(
    join(root, 'test/fakes/spec', `${entry.name}.gen.json`),
    JSON.stringify({ spec: entry.spec, servers: doc.servers ?? [], operations }),
  );
}
console.log(`spec types: ${SPEC_OPERATIONS.map((entry) => entry.name).join(', ')}`);
