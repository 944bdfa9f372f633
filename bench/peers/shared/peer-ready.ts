/** What a peer announces once it serves. */
export interface PeerReady {
  name: string;
  url: string;
}

/** The start of a peer's ready line: the bench waits for it and parses the JSON after it. */
export const PEER_READY_PREFIX = 'peer ready';

/** The one line a peer prints on stdout once it serves: `peer ready {"name":...,"url":...}`. */
export const peerReadyLine = (ready: PeerReady): string => `${PEER_READY_PREFIX} ${JSON.stringify(ready)}`;
