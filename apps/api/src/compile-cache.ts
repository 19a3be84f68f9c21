import * as nodeModule from 'node:module';

/*
 * Imported first by main.ts, before anything else is loaded. Node 22.1+ keeps V8's compiled code
 * of every module it loads on disk (`module.enableCompileCache`, in NODE_COMPILE_CACHE or the
 * system's temporary directory), so a restart skips most of the parsing and compiling. That
 * matters for the unbundled server (dist/apps/api/..., ~2,000 modules: tools and tests); the
 * bundle `npm start` runs has a code cache of its own (apps/api/bundle-launcher.cjs) and only its
 * few external packages come through here. Node 20 has no such API and starts as before.
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off.
 */
const { enableCompileCache } = nodeModule as { enableCompileCache?: (directory?: string) => unknown };
try {
  enableCompileCache?.();
} catch {
  // An unusable cache directory only costs the speed-up.
}
