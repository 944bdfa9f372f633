/** The dependency behind a service, simulated: it fails when messages say it should. */
export class SimulatedDependency {
  private pendingFailures = 0;

  /** The next `count` calls fail; replaces any count still pending. */
  failNext(count: number): void {
    this.pendingFailures = count;
  }

  /**
   * Calls it and returns whether it succeeded. A forced outcome wins, but the call still
   * uses up a pending failure: the count is of calls that reach the dependency.
   */
  call(forced: 'success' | 'failure' | undefined): boolean {
    const pending = this.pendingFailures > 0;
    if (pending) this.pendingFailures--;
    return forced === undefined ? !pending : forced === 'success';
  }
}
