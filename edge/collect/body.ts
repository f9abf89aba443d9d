import { AppError, clip } from '../../core/errors';

const ACCEPTED_TYPES = ['text/plain', 'application/json'];

/**
 * Reads a JSON body sent as `text/plain` (beacons and fetches without a CORS preflight) or
 * `application/json`, refusing more than `maxBytes` without buffering an unbounded stream.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!ACCEPTED_TYPES.includes(mediaType)) {
    throw new AppError('unsupported_media_type', 'body must be text/plain or application/json', {
      details: { content_type: mediaType ? clip(mediaType) : null, accepted: ACCEPTED_TYPES },
    });
  }
  const declaredHeader = request.headers.get('content-length');
  const declared = declaredHeader === null ? Number.NaN : Number(declaredHeader);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  // With a declared length within the limit, HTTP framing bounds the body: read it in one go (the hot
  // path: browsers always declare it). Otherwise (chunked) count bytes while streaming.
  const text = Number.isFinite(declared) ? await request.text() : await readLimited(request, maxBytes);
  if (text.trim() === '') throw new AppError('invalid_json', 'body is empty');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError('invalid_json', `body is not valid JSON: ${clip((error as Error).message)}`);
  }
}

async function readLimited(request: Request, maxBytes: number): Promise<string> {
  return new TextDecoder().decode(await readLimitedBytes(request, maxBytes));
}

/**
 * The raw body bytes (what a signature covers), refusing more than `maxBytes`: at once when the declared
 * length is over it, otherwise while streaming, so an unbounded chunked body is never buffered.
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  return readLimitedBytes(request, maxBytes);
}

async function readLimitedBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(maxBytes: number): AppError {
  return new AppError('payload_too_large', `body is larger than ${maxBytes} bytes`, { details: { max_bytes: maxBytes } });
}
