import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PEER_READY_PREFIX, type PeerReady } from '../peers/shared/peer-ready.js';
import {
  PEER_CLIENTS_VARIABLE,
  type PeerSettings,
  type PEER_VARIABLES,
} from '../peers/shared/peer-settings.js';
import type { PeerName } from './http-subjects.js';
import { OutputTail } from './output-tail.js';

/** A peer app running in a process of its own. */
export interface PeerProcess {
  name: PeerName;
  url: string;
  /** SIGTERM (SIGKILL after 5 s); resolves once it has exited. Safe to call twice. */
  stop(): Promise<void>;
}

/** A peer exited before or while it was measured. */
export class PeerExitedError extends Error {
  override readonly name = 'PeerExitedError';
}

type PeerEnv = Record<(typeof PEER_VARIABLES)[number] | typeof PEER_CLIENTS_VARIABLE, string>;

const READY_TIMEOUT_MS = 60_000;
const KILL_AFTER_MS = 5_000;

// This file runs as dist/bench/http/peer.process.js, beside dist/bench/peers/.
const mainOf = (name: PeerName): string =>
  fileURLToPath(new URL(`../peers/${name}/main.js`, import.meta.url));

/** Starts `bench/peers/<name>` on a free loopback port; `onExit` hears of a death after it was ready. */
export function startPeerProcess({
  name,
  env: baseEnv = process.env,
  settings,
  onExit,
}: {
  name: PeerName;
  /** The environment it inherits, under its own settings. @default process.env */
  env?: Record<string, string | undefined>;
  settings: Omit<PeerSettings, 'port' | 'policies'>;
  onExit: (error: PeerExitedError) => void;
}): Promise<PeerProcess> {
  const env: PeerEnv = {
    PORT: '0',
    REDIS_URL: settings.redisUrl,
    CATALOG_URL: settings.catalogUrl,
    INVENTORY_URL: settings.inventoryUrl,
    PAYMENTS_URL: settings.paymentsUrl,
    [PEER_CLIENTS_VARIABLE]: settings.clients,
  };
  const child = spawn(process.execPath, [mainOf(name)], {
    env: { ...baseEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail = new OutputTail();
  let stopping = false;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS).unref();
    }
    await exited;
  };
  child.stderr.on('data', (chunk: Buffer) => tail.push(chunk));
  return new Promise((resolve, reject) => {
    let ready = false;
    const timer = setTimeout(() => {
      void stop();
      reject(
        new PeerExitedError(
          `peer ${name} was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${tail.text()}`,
        ),
      );
    }, READY_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      tail.push(chunk);
      if (ready) return;
      const line = tail
        .text()
        .split('\n')
        .find((l) => l.startsWith(`${PEER_READY_PREFIX} `));
      if (!line) return;
      ready = true;
      clearTimeout(timer);
      const { url } = JSON.parse(line.slice(PEER_READY_PREFIX.length + 1)) as PeerReady;
      resolve({ name, url, stop });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const error = new PeerExitedError(`peer ${name} exited (${code ?? signal}):\n${tail.text()}`);
      if (!ready) reject(error);
      else if (!stopping) onExit(error);
    });
  });
}
