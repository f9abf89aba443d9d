/**
 * CSV exports need the Bearer token, which a plain link cannot send: fetch the file, then hand it to the
 * browser as a blob: URL download (the CSP does not govern downloads; nothing runs from the blob).
 */
import { adminResponse } from '../api/client';

export async function downloadCsv(token: string, path: string, filename: string): Promise<void> {
  const blob = await (await adminResponse(token, path)).blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
