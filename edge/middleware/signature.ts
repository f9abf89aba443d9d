import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { SIGNATURE_TOLERANCE_SECONDS, verifyWebhook } from '../../core/crypto/hmac';
import { AppError } from '../../core/errors';
import { readSecret } from '../../core/tenants/secrets';
import type { TenantConfig } from '../../core/tenants';
import { readBodyBytes } from '../collect/body';
import type { AppEnv } from '../context';

export interface SignatureOptions {
  /** Who signs, for messages ("Chatwoot"). */
  sender: string;
  /** Where the tenant config names the secret, for messages ("chatwoot.webhook_secret"). */
  field: string;
  /** The NAME of the tenant's signing secret; undefined when the tenant has no such webhook (→ 404). */
  secretName: (tenant: TenantConfig) => string | undefined;
  signatureHeader: string;
  timestampHeader: string;
  maxBodyBytes: number;
  toleranceSeconds?: number;
}

/**
 * Verifies a timestamped HMAC signature (`sha256=HMAC(secret, "{timestamp}.{raw body}")`, design §5) with the
 * secret of the tenant chosen by the Host, then hands the exact bytes on as `signedBody`. A tenant without the
 * webhook configured answers 404 `not_found` (the endpoint does not exist for it); a secret named in the
 * config but not set answers `tenant_config_invalid`, naming the secret to put. Another tenant's secret never
 * verifies here, since only this tenant's secret is tried.
 */
export function signedWebhook(options: SignatureOptions): MiddlewareHandler<AppEnv> {
  const tolerance = options.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS;
  return createMiddleware<AppEnv>(async function verifySignedWebhook(c, next) {
    const tenant = c.get('tenant');
    const name = options.secretName(tenant);
    if (name === undefined) throw new AppError('not_found', `no ${options.sender} webhook is configured for this tenant`);
    const secret = readSecret(c.env, name);
    if (secret === null) {
      throw new AppError('tenant_config_invalid', `secret ${name} (${options.field}) is not set (wrangler secret put ${name})`, {
        details: { tenant: tenant.id, field: options.field, secret: name },
      });
    }
    const signature = c.req.header(options.signatureHeader) ?? null;
    const timestamp = c.req.header(options.timestampHeader) ?? null;
    if (signature === null || timestamp === null) {
      throw new AppError('bad_signature', `${options.signatureHeader} and ${options.timestampHeader} are required`, {
        details: {
          missing: [signature === null ? options.signatureHeader : null, timestamp === null ? options.timestampHeader : null].filter(
            Boolean,
          ),
        },
      });
    }
    const bytes = await readBodyBytes(c.req.raw, options.maxBodyBytes);
    const verdict = await verifyWebhook({ secret, body: bytes, timestamp, signature, nowMs: Date.now(), toleranceSeconds: tolerance });
    if (!verdict.ok && verdict.reason === 'stale') {
      throw new AppError('stale_timestamp', `${options.timestampHeader} is more than ${tolerance} s away from now`, {
        details: { tolerance_seconds: tolerance },
      });
    }
    if (!verdict.ok) {
      throw new AppError('bad_signature', `${options.signatureHeader} does not match the body (sha256=HMAC of "{timestamp}.{body}")`);
    }
    c.set('signedBody', { bytes, signature, timestampMs: verdict.timestampMs });
    await next();
  });
}
