// `Invoke` of `auth0-org-grants:index:getOrganizationClientGrants`: the library's listing, answered as protobuf bytes
// written by structEncoder (the answer for 10,000 grants is about 1.8 MB; see the benchmark).
import * as grpc from "@grpc/grpc-js";
import { ValidationError } from "../core/errors";
import { listClientGrants, type ListOptions } from "../core/listClientGrants";
import { parseFilters } from "../core/arguments";
import { INPUT_KEYS } from "../shared/resourceState";
import { PACKAGE_NAME } from "./pluginConfig";
import { containsUnknown, unwrapSecrets } from "./rpcValues";
import { RpcError } from "./status";
import { encodeInvokeResponse, type Failure } from "./structEncoder";

export const GET_ORGANIZATION_CLIENT_GRANTS = `${PACKAGE_NAME}:index:getOrganizationClientGrants`;

/**
 * Answers one invoke. Invalid or unknown arguments come back as `failures` naming the property, before anything is
 * sent to Auth0; a listing that fails is thrown (a gRPC error with the library's message).
 */
export async function invoke(token: string, rawArgs: Record<string, unknown>, options: ListOptions): Promise<Buffer> {
  if (token !== GET_ORGANIZATION_CLIENT_GRANTS) {
    throw new RpcError(grpc.status.NOT_FOUND, `Unknown function ${JSON.stringify(token)}: the ${PACKAGE_NAME} provider serves only ${GET_ORGANIZATION_CLIENT_GRANTS}.`);
  }
  const args = unwrapSecrets(rawArgs) as Record<string, unknown>;
  const failures: Failure[] = [];
  for (const key of Object.keys(args)) {
    if (!(INPUT_KEYS as string[]).includes(key)) {
      failures.push({ property: key, reason: `${key} is not an argument of getOrganizationClientGrants (it takes ${INPUT_KEYS.join(", ")})` });
    } else if (containsUnknown(args[key])) {
      failures.push({ property: key, reason: `${key} is not known yet: the function can only run once its arguments are known` });
    }
  }
  const known = Object.fromEntries(Object.entries(args).filter(([key]) => !failures.some((f) => f.property === key)));
  let filters;
  try {
    filters = parseFilters(known);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    // A property already refused (unknown, or not known yet) is not reported again as missing.
    const refused = (path: string) => failures.some((f) => path === f.property || path.startsWith(`${f.property}[`));
    failures.push(...error.issues.filter((i) => !refused(i.path)).map((i) => ({ property: i.path, reason: i.message })));
  }
  if (failures.length > 0 || filters === undefined) return encodeInvokeResponse(undefined, failures);
  return encodeInvokeResponse({ ...(await listClientGrants(filters, options)) });
}
