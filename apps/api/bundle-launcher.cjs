'use strict';
// dist/api/main.js: loads the bundled server (server.js beside it) with a V8 code cache.
// Compiling the ~11 MB bundle, and then each function the first time start-up calls it, was the
// largest part of a bundled start. The cache is taken once the server has run a while, so it holds
// the functions start-up compiled, not only the top level as Node 22's own compile cache does.
// Copied here by apps/api/bundle.mjs. The cache is named after the SHA-256 of the source about to
// run (~20 ms for the bundle): V8 itself only checks a cache against the source's length, so a
// server.js edited in place or copied without its launcher must never meet an older cache.
//
// Where: NODE_COMPILE_CACHE, else compile-cache/ beside this file; NODE_DISABLE_COMPILE_CACHE=1
// turns it off. A cache that cannot be read, written or is rejected only costs the speed-up.
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const SERVER = path.join(__dirname, 'server.js');
/** How long the server runs before its compiled code is written (or at a clean exit, if sooner). */
const SAVE_AFTER_MS = 5000;

function loadWithCodeCache() {
  const directory = process.env.NODE_COMPILE_CACHE || path.join(__dirname, 'compile-cache');
  const source = fs.readFileSync(SERVER, 'utf8');
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const cacheFile = path.join(directory, `${hash}-${process.version}-${process.arch}.v8`);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // First start of this build on this Node.
  }
  const script = new vm.Script(Module.wrap(source), {
    filename: SERVER,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (!cachedData || script.cachedDataRejected) {
    let saved = false;
    const save = () => {
      if (saved) return;
      saved = true;
      try {
        fs.mkdirSync(directory, { recursive: true });
        // Written whole, then renamed: a server starting meanwhile never reads half a file.
        const partial = `${cacheFile}.${process.pid}`;
        try {
          fs.writeFileSync(partial, script.createCachedData());
          fs.renameSync(partial, cacheFile);
        } finally {
          fs.rmSync(partial, { force: true });
        }
      } catch {
        // A read-only directory: start without the cache next time too.
      }
    };
    setTimeout(save, SAVE_AFTER_MS).unref();
    // A failed start (exit code 78 for a bad configuration) compiled too little to be worth keeping.
    process.once('exit', (code) => code === 0 && save());
  }
  const server = new Module(SERVER, module);
  server.filename = SERVER;
  server.paths = Module._nodeModulePaths(__dirname);
  Module._cache[SERVER] = server;
  script.runInThisContext().call(server.exports, server.exports, Module.createRequire(SERVER), server, SERVER, __dirname);
  server.loaded = true;
}

if (process.env.NODE_DISABLE_COMPILE_CACHE === '1') require(SERVER);
else loadWithCodeCache();
