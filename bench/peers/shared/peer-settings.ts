import type { ApiConfig } from '../../../apps/api/src/config/api.config.js';
import type { DependencyName } from '../../../apps/upstreams/src/faults/dependency-name.js';
import { peerPoliciesOf, type PeerPolicy } from './peer-policies.js';

/** The peers' outbound HTTP: axios's own node:http adapter, or Carta's axios-on-undici clients. */
export const PEER_CLIENTS = ['axios', 'undici'] as const;
/** One of {@link PEER_CLIENTS}. */
export type PeerClients = (typeof PEER_CLIENTS)[number];
/** The bench's own variable naming the peers' {@link PeerClients} (not the api's). @default 'axios' */
export const PEER_CLIENTS_VARIABLE = 'PEER_CLIENTS';

/** Where a peer listens and where its dependencies are: the api's own variables, same names. */
export interface PeerSettings {
  port: number;
  redisUrl: string;
  catalogUrl: string;
  inventoryUrl: string;
  paymentsUrl: string;
  /** Carta's policies with the environment's RESILIENCE_* overrides, for the guards that use them. */
  policies: Record<DependencyName, PeerPolicy>;
  /** How the peer sends to its dependencies. */
  clients: PeerClients;
}

/** Token of the peer's {@link PeerSettings}. */
export const PEER_SETTINGS = Symbol('PEER_SETTINGS');

/** The environment variables a peer reads; named as the api names them, so one env feeds both. */
export const PEER_VARIABLES = [
  'PORT',
  'REDIS_URL',
  'CATALOG_URL',
  'INVENTORY_URL',
  'PAYMENTS_URL',
] as const satisfies readonly (keyof ApiConfig)[];

/** A variable a peer needs is not set: the bench starts peers, so this is a bench bug. */
export class MissingPeerSettingError extends Error {
  override readonly name = 'MissingPeerSettingError';

  constructor(readonly variable: string) {
    super(`${variable} must be set: the http bench passes every peer its port, Redis and dependency URLs`);
  }
}

/** A peer setting has a value the peer does not take: the bench starts peers, so this is a bench bug. */
export class InvalidPeerSettingError extends Error {
  override readonly name = 'InvalidPeerSettingError';
}

/** Reads {@link PEER_VARIABLES}, every one required (a peer has no defaults to drift from the api's), and RESILIENCE_*. */
export function readPeerSettings(env: Record<string, string | undefined>): PeerSettings {
  const value = (variable: (typeof PEER_VARIABLES)[number]): string => {
    const raw = env[variable];
    if (raw === undefined || raw === '') throw new MissingPeerSettingError(variable);
    return raw;
  };
  return {
    port: Number(value('PORT')),
    redisUrl: value('REDIS_URL'),
    catalogUrl: value('CATALOG_URL'),
    inventoryUrl: value('INVENTORY_URL'),
    paymentsUrl: value('PAYMENTS_URL'),
    policies: peerPoliciesOf(env),
    clients: peerClientsOf(env[PEER_CLIENTS_VARIABLE]),
  };
}

/** The {@link PeerClients} named `raw`, or undefined for any other name. */
export function peerClientsNamed(raw: string): PeerClients | undefined {
  return PEER_CLIENTS.find((name) => name === raw);
}

function peerClientsOf(raw: string | undefined): PeerClients {
  if (raw === undefined || raw === '') return 'axios';
  const clients = peerClientsNamed(raw);
  if (clients === undefined)
    throw new InvalidPeerSettingError(
      `${PEER_CLIENTS_VARIABLE}=${raw}: expected one of ${PEER_CLIENTS.join(', ')}`,
    );
  return clients;
}
