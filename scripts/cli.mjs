// What the local command-line scripts (token, replay, seed, chat:reply) share: their options with --help (the
// script's header comment), one way to fail, and the local secrets `npm run dev` writes to .dev.vars.
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/** Parses the options; `--help` prints the `//` header of the script at `scriptUrl` and exits. */
export function commandLine(name, scriptUrl, options) {
  const { values } = parseArgs({ options: { ...options, help: { type: 'boolean', default: false } } });
  if (values.help) {
    console.log(
      readFileSync(new URL(scriptUrl), 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('//'))
        .map((line) => line.slice(3))
        .join('\n'),
    );
    process.exit(0);
  }
  const fail = (message) => {
    console.error(`${name}: ${message}`);
    process.exit(1);
  };
  return { values, fail };
}

/** A secret from the environment, else from .dev.vars (`npm run dev` writes it); undefined when neither has it. */
export function devVar(key) {
  if (process.env[key]) return process.env[key];
  if (!existsSync('.dev.vars')) return undefined;
  const line = readFileSync('.dev.vars', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${key}=`));
  return line?.slice(key.length + 1).trim();
}
