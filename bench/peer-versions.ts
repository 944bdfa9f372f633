import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** A peer library as installed: its version and the Node versions it declares. */
export interface PeerVersion {
  name: string;
  version: string;
  nodeEngines: string | undefined;
}

const require = createRequire(import.meta.url);

/** The installed versions of the peers the bench compares against. */
export function peerVersions(names: readonly string[] = ['cockatiel', 'opossum']): PeerVersion[] {
  return names.map((name) => {
    // The package.json beside the entry point: some packages do not export ./package.json.
    const entry = require.resolve(name);
    const manifestPath = `${entry.slice(0, entry.lastIndexOf(`/node_modules/${name}/`))}/node_modules/${name}/package.json`;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      version: string;
      engines?: { node?: string };
    };
    return { name, version: manifest.version, nodeEngines: manifest.engines?.node };
  });
}

/** One line naming each peer's version, and saying when this Node is outside its declared engines. */
export function describePeers(peers: readonly PeerVersion[], node = process.version): string {
  const listed = peers
    .map((p) => `${p.name} ${p.version}${p.nodeEngines ? ` (declares node ${p.nodeEngines})` : ''}`)
    .join(', ');
  const major = Number(/^v?(\d+)/.exec(node)?.[1]);
  const outside = peers.filter((p) => p.nodeEngines !== undefined && !allowsMajor(p.nodeEngines, major));
  const note = outside.length
    ? `; run here on Node ${node}, which ${outside.map((p) => p.name).join(' and ')} do not list: they load and run, and every case checks its results`
    : '';
  return `Peers: ${listed}${note}.`;
}

// Enough of semver for engines ranges such as ">=22" or "^26 || ^24 || ^22": by major version.
function allowsMajor(range: string, major: number): boolean {
  return range.split('||').some((part) => {
    const match = /(>=|\^|~)?\s*v?(\d+)/.exec(part.trim());
    if (!match) return false;
    const bound = Number(match[2]);
    return match[1] === '>=' ? major >= bound : major === bound;
  });
}
