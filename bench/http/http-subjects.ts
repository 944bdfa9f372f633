/** The peers: the same routes on a minimal Nest + Fastify app each (bench/peers/<name>). */
export const PEER_NAMES = ['unprotected', 'opossum', 'cockatiel'] as const;

/** One of {@link PEER_NAMES}. */
export type PeerName = (typeof PEER_NAMES)[number];

/** What is loaded: Carta's api, or one of the peers. */
export type SubjectName = 'carta' | PeerName;

/** Every subject, Carta first: the order of the table's rows. */
export const SUBJECT_NAMES: readonly SubjectName[] = ['carta', ...PEER_NAMES];
