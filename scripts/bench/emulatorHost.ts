// The child-process side of childProcessHost(): starts emulators on request and answers questions about them over
// the IPC channel. Exits when the parent disconnects.
import { setMaxListeners } from "node:events";
import { startEmulator, type Emulator } from "../../emulator";
import { seedOf, summarize } from "./spec";
import { BENCH_SCOPES, type HostReply, type HostRequest } from "./benchTenant";

// Every delayed request of an emulator listens on its one stop signal; 150 at once are expected here, not a leak.
setMaxListeners(1000);

const emulators = new Map<number, Emulator>();
let next = 0;

function emulatorOf(handle: number | undefined): Emulator {
  const emulator = handle === undefined ? undefined : emulators.get(handle);
  if (!emulator) throw new Error(`no emulator ${handle}`);
  return emulator;
}

async function answer(request: HostRequest): Promise<unknown> {
  switch (request.op) {
    case "start": {
      if (!request.spec) throw new Error("start needs a spec");
      const emulator = await startEmulator({ seed: seedOf(request.spec), latencyMs: request.spec.latencyMs, rateLimit: request.spec.rateLimit });
      const handle = ++next;
      emulators.set(handle, emulator);
      return { handle, origin: emulator.origin, domain: emulator.domain, token: emulator.issueToken(BENCH_SCOPES) };
    }
    case "counters":
      return emulatorOf(request.handle).counters;
    case "requests":
      return summarize(emulatorOf(request.handle).requests);
    case "grantsOf":
      return emulatorOf(request.handle).grantsOf(request.organizationId ?? "") ?? [];
    case "clientGrants":
      return emulatorOf(request.handle).clientGrants();
    case "stop":
      await emulatorOf(request.handle).stop();
      emulators.delete(request.handle!);
      return undefined;
  }
}

process.on("message", (request: HostRequest) => {
  answer(request).then(
    (value) => process.send?.({ id: request.id, ok: true, value } satisfies HostReply),
    (error: unknown) => process.send?.({ id: request.id, ok: false, error: String((error as Error)?.message ?? error) } satisfies HostReply),
  );
});
process.on("disconnect", () => {
  void Promise.all([...emulators.values()].map((e) => e.stop())).then(() => process.exit(0));
});
