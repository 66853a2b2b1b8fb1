// The official auth0 SDK v7 pointed at an emulator: a client nobody here wrote, to judge the emulator and this library.
import { ManagementClient } from "auth0";
import { redirectingFetch, type Emulator } from "../../emulator";
import type { ApiClientGrant } from "../../provider/core/schemas";

/** A client with a static token, or with the emulator's client credentials; no retries, so an error shows as it came. */
export function officialSdk(emulator: Emulator, credentials: { token: string } | { clientId: string; clientSecret: string }): ManagementClient {
  // The SDK always builds https://${domain}/api/v2; the fetch sends the same path and query to the emulator.
  const common = { domain: emulator.domain, fetch: redirectingFetch(emulator.origin), maxRetries: 0 };
  return "token" in credentials ? new ManagementClient({ ...common, token: credentials.token }) : new ManagementClient({ ...common, ...credentials, audience: emulator.audience });
}

/** Every grant of a listing, iterating the SDK's Page as its README shows (for await, which fetches the next pages). */
export async function collect(page: AsyncIterable<unknown>): Promise<ApiClientGrant[]> {
  const listed: ApiClientGrant[] = [];
  for await (const grant of page) listed.push(grant as ApiClientGrant);
  return listed;
}
