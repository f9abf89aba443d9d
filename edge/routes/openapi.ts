import { Hono } from 'hono';
import type { AppEnv } from '../context';
import { openApiDocument } from '../openapi';

export const openApiRoute = new Hono<AppEnv>();

openApiRoute.get('/', (c) => c.json(openApiDocument()));
