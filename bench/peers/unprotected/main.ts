// The floor: Carta's routes on Nest + Fastify, keep-alive axios clients, no protection and no
// fallbacks. Started by `npm run bench:http`.
import { runPeer } from '../shared/run-peer.js';
import { DirectCallsGuard } from './direct-calls.guard.js';

await runPeer({ name: 'unprotected', guard: DirectCallsGuard, fallbacks: false });
