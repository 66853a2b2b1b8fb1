// A hand-written server for one test: the scenario is the `serve` function the test writes, the listing runs against
// it over real HTTP with a static token, and the server is stopped whatever happens.
import { listClientGrants } from "../../provider/core/listClientGrants";
import type { ClientGrantsResult, TuningInput } from "../../provider/core/schemas";
import { startHostileServer, type HostileServer, type Serve } from "../../scripts/hostileServer";

export const HOSTILE_ORG = "org_hostile000000001";

/** Starts a server answering with `serve`, runs `use` against it, and stops it. */
export async function serving<T>(serve: Serve, use: (server: HostileServer) => Promise<T>): Promise<T> {
  const server = await startHostileServer(serve);
  try {
    return await use(server);
  } finally {
    await server.stop();
  }
}

/** Lists `HOSTILE_ORG` (or the filters given) from `server`; settles to the result or the error. */
export function listFrom(server: HostileServer, filters: Record<string, unknown> = {}, options: TuningInput = {}): Promise<ClientGrantsResult | Error> {
  return listClientGrants(
    { organizationId: HOSTILE_ORG, ...filters },
    { connection: { domain: server.origin, apiToken: "hostile-server-test-token" }, options, config: () => undefined, env: {} },
  ).catch((error: unknown) => error as Error);
}
