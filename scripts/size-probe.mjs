// Quick size probe for tracker work: builds only lt.js (same esbuild + terser passes as sdk/build.mjs)
// into a temp file and prints its gzip -9 size. `node scripts/size-probe.mjs [entry]`
import { build } from 'esbuild'
import { minify } from 'terser'
import { gzipSync } from 'node:zlib'
import { writeFileSync } from 'node:fs'
const r = await build({ entryPoints: [process.argv[2] || 'sdk/src/tag.ts'], bundle: true, minify: true, mangleProps: /_$/, target: 'es2022', format: 'iife', write: false, define: { __NPM__: 'false' }, legalComments: 'none' })
const { code } = await minify(r.outputFiles[0].text, { module: false, ecma: 2020, toplevel: true, compress: { passes: 5, unsafe_arrows: true, unsafe_methods: true, pure_getters: true }, format: { wrap_func_args: false } })
const out = code.replace(/^"use strict";/, '')
writeFileSync('/tmp/lt.min.js', out)
console.log('raw', out.length, 'gzip', gzipSync(out, { level: 9 }).length)
