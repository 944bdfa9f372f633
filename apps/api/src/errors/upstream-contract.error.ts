/** A dependency answered 2xx with a body that is not what its contract says. */
export class UpstreamContractError extends Error {
  override readonly name = 'UpstreamContractError';

  constructor(
    readonly dependency: string,
    readonly detail: string,
  ) {
    super(`${dependency} answered with an unexpected body: ${detail}`);
  }
}
