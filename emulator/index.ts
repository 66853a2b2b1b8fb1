// A faithful emulator of the parts of Auth0 this package talks to: POST /oauth/token (client credentials),
// GET /api/v2/organizations/{id}/client-grants and GET /api/v2/client-grants, with Auth0's validation, errors, paging
// and rate-limit headers, plus programmable faults. Documented in docs/emulator.md.
export { startEmulator, emulatorOptionsSchema } from "./emulatorServer";
export type { Emulator, EmulatorOptions, IssueTokenOptions } from "./emulatorServer";
export { faultRuleSchema, faultSchema } from "./faults";
export type { Fault, FaultHandle, FaultInput, FaultKind, FaultRule, FaultRuleInput, Endpoint } from "./faults";
export { TokenBucket, rateLimitHeaders, rateLimitSchema } from "./tokenBucket";
export type { BucketDecision, RateLimit } from "./tokenBucket";
export {
  DEMO_CREDENTIALS,
  DEMO_LARGE_GRANT_COUNT,
  DEMO_ORGANIZATIONS,
  READ_CLIENT_GRANTS,
  READ_ORGANIZATION_CLIENT_GRANTS,
  demoTenant,
  loadSeedFile,
  seedApiTokenSchema,
  seedClientSchema,
  seedSchema,
} from "./seed";
export type { Seed, SeedApiToken, SeedClient } from "./seed";
export { DEFAULT_AUDIENCES, generateClientIds, generateGrants } from "./generator";
export type { GenerateGrantsOptions } from "./generator";
export type { Counters, LoggedRequest } from "./requestLog";
export { redirectingFetch } from "./redirectingFetch";
