import type { Observable } from 'rxjs';

/** A method that returns a Promise or an Observable: the kinds the resilience decorators fit. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AsyncMethod = (...args: any[]) => Promise<unknown> | Observable<unknown>;

/** The signature of a method decorator restricted to {@link AsyncMethod}s. */
export type AsyncMethodDecorator = <T extends AsyncMethod>(
  target: object,
  key: string | symbol,
  descriptor: TypedPropertyDescriptor<T>,
) => void;

/** A decorator that records `value` under `key` on the method itself, and nothing else. */
export function recordOnMethod(key: string, value: unknown): AsyncMethodDecorator {
  return (_target, _key, descriptor) => {
    Reflect.defineMetadata(key, value, descriptor.value as object);
  };
}
