// Carta's routes on Nest + Fastify with cockatiel 4 wrap(retry, breaker, bulkhead, timeout) per
// dependency and Carta's fallbacks written by hand. Started by `npm run bench:http`.
import { runPeer } from '../shared/run-peer.js';
import { CockatielGuard } from './cockatiel.guard.js';

await runPeer({ name: 'cockatiel', guard: CockatielGuard, fallbacks: true });
