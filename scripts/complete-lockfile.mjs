#!/usr/bin/env node
// @ts-check
// Adds lockfile entries for optional platform binaries (e.g. @swc/core-darwin-arm64) that
// the registry this project installs from does not serve. npm cannot record what it cannot
// fetch, and `npm ci` then rejects the lockfile as out of sync ("Missing: ... from lock
// file"). The entries carry os/cpu/libc, so npm skips them on every other platform, as it
// would have had it seen them. Run after changing dependencies: node scripts/complete-lockfile.mjs
//
// Plain JavaScript, type-checked by `npm run typecheck` (`// @ts-check`): it must run before
// `npm ci` succeeds, so before anything can be built.
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * One entry of package-lock.json's `packages`, with the fields this script reads or writes.
 * @typedef {{
 *   version?: string;
 *   dev?: boolean;
 *   license?: string;
 *   optional?: boolean;
 *   os?: string[];
 *   cpu?: string[];
 *   libc?: string[];
 *   optionalDependencies?: Record<string, string>;
 * }} LockedPackage
 */

/** @typedef {{ packages: Record<string, LockedPackage> }} Lockfile */

const path = new URL('../package-lock.json', import.meta.url);
const lock = /** @type {Lockfile} */ (JSON.parse(readFileSync(path, 'utf8')));
/** @type {string[]} */
const added = [];

for (const [key, pkg] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const target = `node_modules/${name}`;
    if (lock.packages[target] || !/-(darwin|linux|win32|android|freebsd|openharmony)-/.test(name)) continue;
    const [os, cpu, abi] = (name.split('/').pop() ?? name)
      .replace(/^.*?-(?=(darwin|linux|win32|android|freebsd|openharmony)-)/, '')
      .split('-');
    /** @type {LockedPackage} */
    const entry = { version, cpu: [cpu], dev: pkg.dev, license: pkg.license, optional: true, os: [os] };
    if (abi?.startsWith('gnu')) entry.libc = ['glibc'];
    if (abi?.startsWith('musl')) entry.libc = ['musl'];
    if (!entry.dev) delete entry.dev;
    lock.packages[target] = entry;
    added.push(`${name}@${version} (for ${key || 'the root'})`);
  }
}

const sorted = Object.keys(lock.packages).sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)));
lock.packages = Object.fromEntries(sorted.map((k) => [k, lock.packages[k]]));
writeFileSync(path, JSON.stringify(lock, null, 2) + '\n');
console.log(added.length ? `added ${added.length}:\n  ${added.join('\n  ')}` : 'nothing to add');
