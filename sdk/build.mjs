// Builds the tracker twice from sdk/src (design §6, §9):
//   dist/public/lt.js     IIFE for the script tag (esbuild, then terser as a second pass)
//   sdk/dist/index.js     ESM for npm, same two passes (+ .d.ts from tsc)
// then the examples: examples/spa → dist/public/spa/, examples/landing/* → dist/public/.
// __NPM__ is the compile-time flag for what differs between the two builds.
import { build } from 'esbuild'
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { minify } from 'terser'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const r = (p) => join(root, p)
const common = {
  bundle: true,
  minify: true,
  mangleProps: /_$/,
  target: 'es2022',
  legalComments: 'none',
  logLevel: 'warning',
}

/** Second pass: terser squeezes what esbuild's minifier leaves (a few hundred bytes on a 2 KB budget). */
const squeeze = async (file, module) => {
  const { code } = await minify(readFileSync(file, 'utf8'), {
    module,
    ecma: 2020,
    toplevel: true,
    compress: { passes: 5, unsafe_arrows: true, unsafe_methods: true, pure_getters: true },
    format: { wrap_func_args: false },
  })
  // The IIFE runs as a classic script: its body needs no "use strict" (no `this`, no sloppy-only code).
  writeFileSync(file, module ? code : code.replace(/^"use strict";/, ''))
}

rmSync(r('sdk/dist'), { recursive: true, force: true })
mkdirSync(r('dist/public/spa'), { recursive: true })

await build({
  ...common,
  entryPoints: [r('sdk/src/tag.ts')],
  outfile: r('dist/public/lt.js'),
  format: 'iife',
  define: { __NPM__: 'false' },
})
await squeeze(r('dist/public/lt.js'), false)

await build({
  ...common,
  entryPoints: [r('sdk/src/index.ts')],
  outfile: r('sdk/dist/index.js'),
  format: 'esm',
  platform: 'neutral',
  define: { __NPM__: 'true' },
})
await squeeze(r('sdk/dist/index.js'), true)

// Types: declarations only, from the same source.
execFileSync(process.execPath, [r('node_modules/typescript/bin/tsc'), '-p', r('sdk/tsconfig.json')], {
  stdio: 'inherit',
})

// The SPA imports '@leadtrail/sdk' (the workspace package, i.e. the dist just built).
await build({
  bundle: true,
  minify: true,
  target: 'es2022',
  logLevel: 'warning',
  entryPoints: [r('examples/spa/app.ts')],
  outfile: r('dist/public/spa/app.js'),
  format: 'esm',
})
cpSync(r('examples/spa/index.html'), r('dist/public/spa/index.html'))
cpSync(r('examples/landing'), r('dist/public'), { recursive: true })
console.log('built dist/public/lt.js, sdk/dist/, dist/public/spa/, dist/public/*.html')
