/**
 * The OpenAPI shape every /v1/admin operation shares: the console token, and the errors the door answers with.
 * Its own module, so each route file can describe itself while ./openapi.ts lists the route files.
 */
import { errors } from '../../openapi-parts';

export function adminOperation(operation: { summary: string; responses: Record<string, unknown>; [key: string]: unknown }) {
  return { security: [{ consoleToken: [] }], ...operation, responses: { ...operation.responses, ...errors(401, 403, 404, 500) } };
}
