'use strict';
// Summarises a V8 .cpuprofile (node --cpu-prof) by package: self time per node_modules package,
// our compiled code (dist/), node internals, GC and idle, plus the top functions.
// Usage: node bench/api/profile-summary.js <file.cpuprofile> [top=25] [from seconds=0, negative: from the end] [to seconds=end]
// (from/to select a window of the profile, e.g. the load run without the start-up before it).
const fs = require('node:fs');

const [file, topArg, fromArg, toArg] = process.argv.slice(2);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const top = Number(topArg || 25);

// A negative `from` counts back from the end: -9 is the last 9 seconds.
const length = profile.endTime - profile.startTime;
const from = Number(fromArg || 0) < 0 ? length + Number(fromArg) * 1e6 : Number(fromArg || 0) * 1e6;
const to = toArg ? Number(toArg) * 1e6 : Infinity;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
// Each sample is one tick of the node on top of the stack; timeDeltas give the tick lengths.
let at = 0;
for (let i = 0; i < profile.samples.length; i++) {
  at += profile.timeDeltas[i] || 0;
  if (at < from || at > to) continue;
  const id = profile.samples[i];
  self.set(id, (self.get(id) || 0) + (profile.timeDeltas[i] || 0));
}

function moduleOf(callFrame) {
  const url = callFrame.url || '';
  if (!url) {
    if (callFrame.functionName === '(idle)') return '(idle)';
    if (callFrame.functionName === '(garbage collector)') return '(gc)';
    if (callFrame.functionName === '(program)') return '(program: native, compiled code)';
    return '(native)';
  }
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1];
  if (url.startsWith('node:')) return 'node: ' + url.slice(5).split('/')[0];
  if (url.includes('/dist/')) return 'our code (dist/)';
  return url;
}

const modules = new Map();
const functions = new Map();
let total = 0;
for (const [id, time] of self) {
  const node = byId.get(id);
  const mod = moduleOf(node.callFrame);
  modules.set(mod, (modules.get(mod) || 0) + time);
  const key = `${node.callFrame.functionName || '(anonymous)'}  ${mod}${node.callFrame.url ? ':' + (node.callFrame.lineNumber + 1) : ''}`;
  functions.set(key, (functions.get(key) || 0) + time);
  total += time;
}
const busy = total - (modules.get('(idle)') || 0);
const pct = (time, of) => ((100 * time) / of).toFixed(1).padStart(5) + '%';

console.log(`profile ${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy`);
console.log('\nself time by module (share of busy time):');
for (const [mod, time] of [...modules].filter(([m]) => m !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`  ${pct(time, busy)}  ${mod}`);
}
console.log('\ntop functions by self time:');
for (const [fn, time] of [...functions].filter(([f]) => !f.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`  ${pct(time, busy)}  ${fn}`);
}
