// Carta's routes on Nest + Fastify with opossum 10 per dependency and Carta's fallbacks written
// by hand. Started by `npm run bench:http`.
import { runPeer } from '../shared/run-peer.js';
import { OpossumGuard } from './opossum.guard.js';

await runPeer({ name: 'opossum', guard: OpossumGuard, fallbacks: true });
