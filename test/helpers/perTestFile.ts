// Something a test file starts once before its tests (an emulator, a provider process) and stops after them, handed
// to the tests through a getter that says so when it is used outside a test.
export interface PerTestFile<T> {
  /** The started thing; throws outside a test (at module level, say), where it does not exist yet. */
  readonly current: T;
}

export function perTestFile<T>(what: string, start: () => Promise<T>, stop: (started: T) => Promise<void>, startTimeoutMs?: number): PerTestFile<T> {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  }, startTimeoutMs);
  afterAll(async () => {
    if (started !== undefined) await stop(started);
  });
  return {
    get current() {
      if (started === undefined) throw new Error(`${what} is only available inside tests`);
      return started;
    },
  };
}
