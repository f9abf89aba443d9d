// `npm run db:reset`: deletes the local D1 database of `npm run dev` (.wrangler/state/v3/d1) so the next
// migration starts from empty tables. Stop `npm run dev` first: a running wrangler keeps the file open.
import { rmSync } from 'node:fs';

rmSync('.wrangler/state/v3/d1', { recursive: true, force: true });
console.log('deleted the local D1 database (.wrangler/state/v3/d1)');
