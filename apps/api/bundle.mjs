// Bundles the compiled server (tsc's output: esbuild cannot emit the decorator metadata Nest's DI
// reads) into one CommonJS file. Loading ~2,800 modules one by one (resolution, reading, compiling,
// ESM-to-CommonJS through require(esm)) was most of the start-up; one file skips the resolution
// and the per-module overhead. Run by `npm run build`; `npm start` runs the result.
//
// Usage: node apps/api/bundle.mjs [compiled main.js] [output directory]
//        (default dist/apps/api/apps/api/src/main.js -> dist/api/)
// Writes server.js (the bundle, with its source map) and main.js, the launcher that loads it with
// a V8 code cache (apps/api/bundle-launcher.cjs).
//
// Kept as a script of its own, beside the app it bundles, rather than esbuild flags in
// package.json: the externals, the patches and the checks below each need their reason.
import { build, transform } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const [entry = join(ROOT, 'dist/apps/api/apps/api/src/main.js'), outdir = join(ROOT, 'dist/api')] = process.argv.slice(2);
const outfile = join(outdir, 'server.js');

/**
 * Left to `require` at run time, from the node_modules above the bundle.
 * Every one is deliberate: a package that is also bundled would exist twice, with two sets of
 * classes and module state, so only packages nothing else in the bundle shares go here.
 */
const EXTERNAL = [
  // Native addons: a .node binary cannot be inlined.
  'better-sqlite3',
  'argon2',
  'pg-native',
  // TypeORM loads its driver by name (PlatformTools.load), at run time, whatever the bundle holds.
  'pg',
  // Loaded inside the report workbook's worker thread by the path require.resolve gives
  // (reports/report-xlsx.ts): the worker runs apart from the bundle.
  'write-excel-file',
];

/**
 * Packages Nest, its GraphQL driver and its HTTP adapters import lazily, each behind a literal
 * `import()` that only runs when the feature is used: microservices, websockets, federation, the
 * schema-first AST explorer, either HTTP adapter with its Apollo integration and plugins. Bundled
 * when installed (the import stays lazy inside the bundle); left external when not, so the build
 * does not fail and Nest reports the missing package at run time as it does unbundled. This keeps
 * the build working for the Express app and for the Fastify one, whichever set is installed.
 */
const OPTIONAL = [
  '@nestjs/microservices',
  '@nestjs/websockets',
  '@apollo/subgraph',
  '@apollo/gateway',
  'ts-morph',
  '@nestjs/platform-express',
  '@as-integrations/express5',
  '@nestjs/platform-fastify',
  '@as-integrations/fastify',
  '@fastify/multipart',
  '@fastify/static',
  '@fastify/view',
];
const absent = OPTIONAL.filter((name) => !existsSync(join(ROOT, 'node_modules', name, 'package.json')));

/**
 * Packages that reach other packages by name at run time, rewritten so the bundle gives them its
 * own copy. Unpatched, `createRequire(import.meta.url)` would load a second, unbundled copy from
 * node_modules: a second TypeORM whose DataSource class is not the token the app registered
 * (terminus's /health then reports the database down), a second class-transformer metadata store.
 * Each replacement must match exactly once, so an upgrade that moves the code stops the build
 * instead of shipping the double copy.
 */
const PATCHES = {
  // Its literal require('typeorm') is then bundled: the same TypeORM as the app's.
  '@nestjs/typeorm/dist/common/typeorm-compat.js': [['const require = createRequire(import.meta.url);', '']],
  // class-validator and class-transformer's metadata storage: the app's copies. The fallback path
  // is for class-transformer builds without cjs/ (not the installed 0.5): one path to bundle.
  '@nestjs/mapped-types/dist/type-helpers.utils.js': [
    ['const require = createRequire(import.meta.url);', ''],
    ["require('class-transformer/storage')", "require('class-transformer/cjs/storage')"],
  ],
  // The TypeORM health indicator checks for, then imports, '@nestjs/typeorm' and 'typeorm' by name.
  // Only packages listed here can be found; any other indicator fails loudly at start-up.
  '@nestjs/terminus/dist/utils/checkPackage.util.js': [
    [
      'const packageCache = new Map();',
      `const packageCache = new Map();
const BUNDLED_PACKAGES = { '@nestjs/typeorm': () => import('@nestjs/typeorm'), typeorm: () => import('typeorm') };
function bundledPackage(name) {
    if (!Object.hasOwn(BUNDLED_PACKAGES, name)) throw new Error(\`\${name} is not in the server bundle (apps/api/bundle.mjs)\`);
    return BUNDLED_PACKAGES[name];
}`,
    ],
    ['import.meta.resolve(packageName);', 'bundledPackage(packageName);'],
    ['await import(packageName);', 'await bundledPackage(packageName)();'],
  ],
};

/**
 * Loads by a computed name that esbuild leaves to run time (it warns about each), reviewed:
 * none of them can load a second copy of a bundled package on this server's paths.
 */
const RUNTIME_LOADS = {
  // The workbook worker's library: external, above.
  'apps/api/src/reports/report-xlsx.js': 'write-excel-file in the worker thread',
  '@nestjs/common/utils/load-package.util.js': 'only without a loader function; every caller in the bundle passes a literal import',
  '@nestjs/core/helpers/load-adapter.js': 'same, for the HTTP adapter',
  '@nestjs/core/helpers/optional-require.js': 'same, for websockets and microservices',
  'typeorm/platform/PlatformTools.js': 'database drivers: pg and better-sqlite3 are external',
  'typeorm/util/ImportUtils.js': 'entity and migration files by path; both are given as classes',
  'typeorm/connection/ConnectionOptionsReader.js': 'ormconfig files, not used',
  '@protobufjs/inquire/index.js': "Apollo usage reporting's optional 'long', not used",
  'file-type/source/index.js': "strtok3, for a file read by path; Nest's FileTypeValidator reads buffers",
};

/** Node 20 has no `import.meta` in CommonJS; these give bundled ESM code the bundle's own. */
const BANNER = "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;";
const DEFINE = { 'import.meta.url': '__bundleUrl', 'import.meta.dirname': '__dirname', 'import.meta.filename': '__filename' };

const packagePath = (file) => {
  const at = file.lastIndexOf(`node_modules${sep}`);
  return at < 0 ? null : file.slice(at + 'node_modules/'.length).split(sep).join('/');
};

const patched = new Set();
const patchPlugin = {
  name: 'patch-runtime-loads',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/].*\.js$/ }, async (args) => {
      const patches = PATCHES[packagePath(args.path)];
      if (!patches) return undefined;
      let source = await readFile(args.path, 'utf8');
      for (const [from, to] of patches) {
        const count = source.split(from).length - 1;
        if (count !== 1) throw new Error(`${packagePath(args.path)}: expected "${from}" once, found it ${count} times`);
        source = source.replace(from, () => to);
      }
      patched.add(packagePath(args.path));
      return { contents: source, loader: 'js' };
    });
  },
};

const started = Date.now();
// A file an older layout left.
await rm(join(outdir, 'main.js.map'), { force: true });
const result = await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Nest names GraphQL types and DI tokens after classes; a bundle renames clashing ones (User2).
  keepNames: true,
  external: [...EXTERNAL, ...absent.flatMap((name) => [name, `${name}/*`])],
  banner: { js: BANNER },
  define: DEFINE,
  plugins: [patchPlugin],
  sourcemap: 'linked',
  logLevel: 'silent',
  logOverride: {
    'empty-import-meta': 'error',
    'unsupported-require-call': 'warning',
    'unsupported-dynamic-import': 'warning',
    'indirect-require': 'warning',
  },
  absWorkingDir: ROOT,
}).catch((failure) => failure);

const problems = [...(result.errors ?? [])];
for (const warning of result.warnings ?? []) {
  const file = warning.location ? resolve(ROOT, warning.location.file) : '';
  const key = packagePath(file) ?? file.split(sep).join('/');
  const reviewed = Object.keys(RUNTIME_LOADS).some((known) => key === known || key.endsWith(`/${known}`));
  if (!reviewed) problems.push(warning);
}
if (!result.errors?.length) {
  for (const file of Object.keys(PATCHES)) {
    if (!patched.has(file)) problems.push({ text: `${file} is patched for the bundle but no longer part of it: review PATCHES` });
  }
}
if (problems.length) {
  for (const problem of problems) {
    const where = problem.location ? `${problem.location.file}:${problem.location.line}: ` : '';
    console.error(`bundle: ${where}${problem.text}`);
  }
  console.error('bundle: failed (see apps/api/bundle.mjs for the reviewed externals and runtime loads)');
  process.exit(1);
}
// The launcher names its cache after the bundle's content (it hashes the file it runs). Caches of
// other builds would only pile up; the one of an unchanged bundle is kept, since `npm start`
// rebuilds before every start.
const hash = createHash('sha256').update(await readFile(outfile, 'utf8')).digest('hex').slice(0, 16);
const cacheDirectory = join(outdir, 'compile-cache');
if (existsSync(cacheDirectory)) {
  for (const file of await readdir(cacheDirectory)) {
    if (!file.startsWith(`${hash}-`) || !file.endsWith('.v8')) await rm(join(cacheDirectory, file), { force: true });
  }
}
const launcher = await transform(await readFile(join(ROOT, 'apps/api/bundle-launcher.cjs'), 'utf8'), {
  loader: 'js',
  format: 'cjs',
  banner: '// Built from apps/api/bundle-launcher.cjs by apps/api/bundle.mjs.',
});
await writeFile(join(outdir, 'main.js'), launcher.code);
console.log(`bundle: ${relative(ROOT, outfile)} and its launcher main.js in ${Date.now() - started} ms`);
