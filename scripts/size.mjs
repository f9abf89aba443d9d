// `npm run size`: raw, gzip -9 and brotli sizes of the built tracker (dist/public/lt.js) and the npm
// entry (sdk/dist/index.js), beside the peers' published figures (design §6). Run `npm run build` first.
import { existsSync, readFileSync } from 'node:fs'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

export const BUDGET = { gzip: 2048, goal: 1700 }

const measure = (file) => {
  const b = readFileSync(file)
  return {
    raw: b.length,
    gzip: gzipSync(b, { level: 9 }).length,
    brotli: brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  }
}

const rows = []
for (const [name, file] of [
  ['lt.js (script tag, all features)', 'dist/public/lt.js'],
  ['@leadtrail/sdk (npm entry, minified ESM)', 'sdk/dist/index.js'],
]) {
  if (!existsSync(file)) {
    console.error(`${file} is missing: run npm run build`)
    process.exit(1)
  }
  rows.push({ what: name, ...measure(file) })
}
// Published gzip figures of comparable trackers (design §6), for context.
for (const [what, gzip] of [
  ['Plausible (npm)', 2700],
  ['Plausible (CDN script)', 1900],
  ['Umami', 2200],
  ['Counterscale', 1900],
  ['Segment analytics.js', 31000],
  ['PostHog', 122000],
])
  rows.push({ what: `peer: ${what}`, raw: '', gzip, brotli: '' })

const pad = (v, n) => String(v).padStart(n)
console.log(`${'what'.padEnd(44)}${pad('raw B', 9)}${pad('gzip -9 B', 11)}${pad('brotli B', 10)}`)
for (const r of rows) console.log(`${r.what.padEnd(44)}${pad(r.raw, 9)}${pad(r.gzip, 11)}${pad(r.brotli, 10)}`)
const lt = rows[0].gzip
console.log(
  `\nlt.js budget ${BUDGET.gzip} B gzip -9 (goal ${BUDGET.goal}): ${lt} B — ${lt <= BUDGET.gzip ? 'within budget' : `OVER by ${lt - BUDGET.gzip} B`}`,
)
