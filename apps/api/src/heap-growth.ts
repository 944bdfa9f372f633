import { setFlagsFromString } from 'node:v8';

/**
 * Caps how far V8 lets the old generation grow past what its last full collection kept, at
 * `percent` above it (`HEAP_GROWING_PERCENT`; 0 leaves V8's own factor). V8's factor, up to
 * 4x for a heap it collects fast, took the api's resident memory from about 150 MB to 280 MB
 * under 800 requests/s while its live heap stayed near 45 MB: objects of a request that
 * outlive two scavenges (socket and parser state, calls in flight) are promoted at about
 * 10 MB/s, and piled up that high before a full collection. The price of a lower cap is a
 * full collection more often (docs/drill.md, "Memory").
 *
 * Set at run time, so every way of starting the api gets it (`npm start`, `npm run
 * start:api`, the image's `node dist/...`): Node does not take this V8 flag from
 * NODE_OPTIONS, and V8 reads it at each full collection, not only at start.
 */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
