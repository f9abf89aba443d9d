/**
 * Request validation against an OpenAPI 3.1 document, for the provider fakes: find the operation of a method and
 * path, check path and query parameters, the auth header and the JSON body against the operation's schemas.
 * Uses @cfworker/json-schema, which interprets schemas instead of generating code (`new Function`, which workerd
 * forbids and Ajv needs), so the same fake runs in workerd tests and in the Node dev server.
 */
import { Validator } from '@cfworker/json-schema';

type JsonSchema = Record<string, unknown>;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

interface Operation {
  operationId?: string;
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> } | { $ref: string };
  security?: Record<string, string[]>[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components: {
    schemas?: Record<string, JsonSchema>;
    parameters?: Record<string, Parameter>;
    securitySchemes?: Record<string, { type: string; in?: string; name?: string }>;
  };
  security?: Record<string, string[]>[];
}

export interface MatchedOperation {
  operationId: string;
  method: string;
  template: string;
  params: Record<string, string>;
}

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  names: string[];
  literalSegments: number;
  operation: Operation;
  pathParameters: (Parameter | { $ref: string })[];
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function isRef(value: unknown): value is { $ref: string } {
  return typeof value === 'object' && value !== null && '$ref' in value && typeof value.$ref === 'string';
}

export function createSpecValidator(document: OpenApiDocument) {
  const routes: Route[] = [];
  for (const [template, item] of Object.entries(document.paths)) {
    const names: string[] = [];
    const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      routes.push({
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(`^${source}$`),
        names,
        literalSegments: template.split('/').filter((part) => part && !part.startsWith('{')).length,
        operation: operation as Operation,
        pathParameters: (item.parameters as Parameter[] | undefined) ?? [],
      });
    }
  }
  // A literal segment beats a parameter (`/contacts/search` before `/contacts/{id}`).
  routes.sort((a, b) => b.literalSegments - a.literalSegments);
  const validators = new Map<string, Validator>();

  function resolveParameter(parameter: Parameter | { $ref: string }): Parameter | null {
    if (!isRef(parameter)) return parameter;
    const name = parameter.$ref.replace('#/components/parameters/', '');
    return document.components.parameters?.[name] ?? null;
  }

  function validatorFor(key: string, schema: JsonSchema): Validator {
    let validator = validators.get(key);
    if (!validator) {
      // `#/components/...` refs resolve against the root: give the wrapper the document's schemas.
      validator = new Validator({ components: { schemas: document.components.schemas ?? {} }, allOf: [schema] }, '2020-12', false);
      validators.set(key, validator);
    }
    return validator;
  }

  function resolveSchema(schema: JsonSchema): JsonSchema {
    let current = schema;
    for (let depth = 0; depth < 5 && isRef(current); depth++) {
      const name = current.$ref.replace('#/components/schemas/', '');
      current = document.components.schemas?.[name] ?? {};
    }
    return current;
  }

  function checkValue(key: string, schema: JsonSchema | undefined, raw: string, where: string, problems: string[]): void {
    if (!schema) return;
    const type = resolveSchema(schema).type;
    const value = type === 'integer' || type === 'number' ? Number(raw) : type === 'boolean' ? raw === 'true' : raw;
    if ((type === 'integer' || type === 'number') && (raw.trim() === '' || !Number.isFinite(value))) {
      problems.push(`${where} must be a ${type}, got "${raw}"`);
      return;
    }
    const result = validatorFor(key, schema).validate(value);
    if (!result.valid) problems.push(`${where}: ${result.errors.map((error) => error.error).join('; ')}`);
  }

  return {
    match(method: string, path: string): MatchedOperation | null {
      for (const route of routes) {
        if (route.method !== method) continue;
        const found = route.pattern.exec(path);
        if (!found) continue;
        const params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? '')]));
        return { operationId: route.operation.operationId ?? `${method} ${route.template}`, method, template: route.template, params };
      }
      return null;
    },

    /** Every way the request breaks the operation's contract (empty: it conforms). */
    validate(matched: MatchedOperation, url: URL, headers: Headers, body: unknown, hasBody: boolean, contentType: string | null): string[] {
      const route = routes.find((item) => item.method === matched.method && item.template === matched.template);
      if (!route) return [`no operation ${matched.method} ${matched.template}`];
      const problems: string[] = [];
      const parameters = [...route.pathParameters, ...(route.operation.parameters ?? [])]
        .map(resolveParameter)
        .filter((item): item is Parameter => item !== null);
      for (const parameter of parameters) {
        const key = `${matched.operationId}:${parameter.in}:${parameter.name}`;
        if (parameter.in === 'path') {
          const value = matched.params[parameter.name];
          if (value === undefined) problems.push(`path parameter ${parameter.name} missing`);
          else checkValue(key, parameter.schema, value, `path parameter ${parameter.name}`, problems);
        } else if (parameter.in === 'query') {
          const value = url.searchParams.get(parameter.name);
          if (value === null) {
            if (parameter.required) problems.push(`query parameter ${parameter.name} is required`);
          } else checkValue(key, parameter.schema, value, `query parameter ${parameter.name}`, problems);
        }
      }
      const security = route.operation.security ?? document.security ?? [];
      if (security.length > 0) {
        const satisfied = security.some((requirement) =>
          Object.keys(requirement).every((scheme) => {
            const definition = document.components.securitySchemes?.[scheme];
            return definition?.in === 'header' && definition.name ? headers.has(definition.name) : true;
          }),
        );
        if (!satisfied) problems.push('missing auth header (api_access_token)');
      }
      const requestBody = isRef(route.operation.requestBody) ? undefined : route.operation.requestBody;
      if (requestBody) {
        const json = requestBody.content?.['application/json'];
        if (!hasBody) {
          if (requestBody.required) problems.push('request body is required');
        } else if (!json) {
          problems.push('operation takes no JSON body');
        } else if (!contentType?.startsWith('application/json')) {
          problems.push(`content-type must be application/json, got ${contentType ?? 'none'}`);
        } else if (json.schema) {
          const result = validatorFor(`${matched.operationId}:body`, json.schema).validate(body);
          if (!result.valid) problems.push(...result.errors.map((error) => `body ${error.instanceLocation}: ${error.error}`));
          // The schemas allow extra properties; a name the operation does not declare is a typo on our side.
          const declared = resolveSchema(json.schema).properties;
          if (declared && typeof declared === 'object' && typeof body === 'object' && body !== null && !Array.isArray(body)) {
            for (const name of Object.keys(body))
              if (!(name in declared)) problems.push(`body property "${name}" is not in the operation's schema`);
          }
        }
      } else if (hasBody) {
        problems.push('operation takes no request body');
      }
      return problems;
    },
  };
}
