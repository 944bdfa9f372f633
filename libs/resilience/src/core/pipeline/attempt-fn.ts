import type { AttemptContext } from '../context/attempt.js';

/** The function a pipeline runs once per attempt. */
export type AttemptFn<T> = (context: AttemptContext) => Promise<T>;
