/** A message as Maelstrom frames it: who sent it, to whom, and what it says. */
export interface Envelope<B = Body> {
  src: string;
  dest: string | null;
  body: B;
}

/** A message body: a type, plus msg_id on requests and in_reply_to on replies. */
export interface Body {
  type: string;
  msg_id?: number;
  in_reply_to?: number;
  [field: string]: unknown;
}

/** Maelstrom's standard error codes, of those this node sends. */
export const ErrorCode = {
  notSupported: 10,
  malformedRequest: 12,
} as const;

/** One of {@link ErrorCode}'s values. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Maelstrom's names for its error codes, sent as the `error` field beside `code`. */
export const ERROR_NAMES: Readonly<Record<ErrorCode, string>> = {
  10: 'not-supported',
  12: 'malformed-request',
};
