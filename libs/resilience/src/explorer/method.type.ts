/** A provider or controller method as the explorer finds it on a prototype. */
export type Method = (this: unknown, ...args: unknown[]) => unknown;
