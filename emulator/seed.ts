// What a tenant holds at start-up: organizations with their grants, client-credentials clients and static API
// tokens. A seed can come from code, from a JSON file (`--seed`), or from `demoTenant()`.
import { createPublicKey } from "node:crypto";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { SIGNING_ALGS } from "../provider/core/credentials/clientAssertion";
import { apiClientGrantSchema, organizationIdSchema } from "../provider/core/schemas";
import { generateClientIds, generateGrants } from "./generator";

function isPublicKey(pem: string): boolean {
  try {
    createPublicKey(pem);
    return true;
  } catch {
    return false;
  }
}

/** The scope the organization client-grants endpoint asks for. */
export const READ_ORGANIZATION_CLIENT_GRANTS = "read:organization_client_grants";

/** The scope the tenant-wide client-grants endpoint (`GET /api/v2/client-grants`) asks for. */
export const READ_CLIENT_GRANTS = "read:client_grants";

export const grantListSchema = z.array(apiClientGrantSchema).superRefine((grants, ctx) => {
  // Auth0 never lists one grant twice; a seed that does would make every dedupe test meaningless.
  const seen = new Set<string>();
  grants.forEach((grant, index) => {
    if (seen.has(grant.id)) ctx.addIssue({ code: "custom", path: [index, "id"], message: `duplicate grant id ${grant.id}` });
    seen.add(grant.id);
  });
});

export const seedClientSchema = z
  .strictObject({
    clientId: z.string().min(1),
    /** For client_secret_post / client_secret_basic. */
    clientSecret: z.string().min(1).optional(),
    /** PEM of the public key (SPKI, or an X.509 certificate) that verifies the client's private-key JWT assertions. */
    publicKey: z
      .string()
      .min(1)
      .refine(isPublicKey, { error: "publicKey must be a PEM public key or certificate" })
      .optional(),
    /** The one algorithm the key is registered for, as on an Auth0 credential; any of RS256, RS384, PS256 if left out. */
    publicKeyAlg: z.enum(SIGNING_ALGS).optional(),
    /** Management API scopes granted to this client; a token issued to it carries all of them. */
    scopes: z.array(z.string().min(1)),
  })
  .refine((c) => c.clientSecret !== undefined || c.publicKey !== undefined, {
    error: "a client needs a clientSecret or a publicKey (or both)",
  });
export type SeedClient = z.infer<typeof seedClientSchema>;

export const seedApiTokenSchema = z.strictObject({
  token: z.string().min(1),
  scopes: z.array(z.string().min(1)),
});
export type SeedApiToken = z.infer<typeof seedApiTokenSchema>;

/** The seed file's shape. Organization keys are organization ids; each list is kept in the order given. */
export const seedSchema = z.strictObject({
  organizations: z.record(organizationIdSchema, grantListSchema),
  /**
   * Client grants of the tenant that are associated with no organization, such as those with allow_any_organization.
   * The grants listed under organizations are the tenant's too: `GET /api/v2/client-grants` lists both.
   */
  clientGrants: grantListSchema.optional(),
  clients: z.array(seedClientSchema).optional(),
  apiTokens: z.array(seedApiTokenSchema).optional(),
});
export type Seed = z.infer<typeof seedSchema>;

/** Reads and validates a seed file; an invalid file fails with the path of every problem in it. */
export async function loadSeedFile(path: string): Promise<Seed> {
  const text = await readFile(path, "utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`Seed file ${path} is not JSON: ${(error as Error).message}`);
  }
  const parsed = seedSchema.safeParse(json);
  if (!parsed.success) throw new Error(`Seed file ${path} is invalid:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * Fixed, deliberately fake credentials of the demo tenant. They only work against the emulator and are printed by
 * `main.ts`; nothing about them is secret.
 */
export const DEMO_CREDENTIALS = {
  clientId: "demo-client-id-NOT-A-SECRET",
  clientSecret: "demo-client-secret-NOT-A-SECRET",
  apiToken: "demo-api-token-NOT-A-SECRET",
} as const;

export const DEMO_ORGANIZATIONS = {
  /** A handful of grants: fits on one page. */
  small: "org_demoSmall0000001",
  /** 350 grants: several pages at any page size, four at the maximum of 100. */
  large: "org_demoLarge0000001",
  /** No grants at all. */
  empty: "org_demoEmpty0000001",
} as const;

export const DEMO_LARGE_GRANT_COUNT = 350;

/** A small, fixed tenant for demos and examples. Same data every time. */
export function demoTenant(): Seed {
  const clients = generateClientIds(12, 2024);
  // Two grants that reach every organization without an association (allow_any_organization), as a tenant-wide back
  // office holds them, and one kept away from organizations (deny): what includeAnyOrganization adds, and does not.
  const [backOffice, auditor, legacy] = generateGrants(3, { organizationId: "tenant", clients, seed: 2024 });
  return {
    organizations: {
      [DEMO_ORGANIZATIONS.small]: generateGrants(4, { organizationId: DEMO_ORGANIZATIONS.small, clients }),
      [DEMO_ORGANIZATIONS.large]: generateGrants(DEMO_LARGE_GRANT_COUNT, { organizationId: DEMO_ORGANIZATIONS.large, clients }),
      [DEMO_ORGANIZATIONS.empty]: [],
    },
    clientGrants: [
      { ...backOffice!, organization_usage: "allow", allow_any_organization: true },
      { ...auditor!, organization_usage: "require", allow_any_organization: true },
      { ...legacy!, organization_usage: "deny", allow_any_organization: true },
    ],
    clients: [
      {
        clientId: DEMO_CREDENTIALS.clientId,
        clientSecret: DEMO_CREDENTIALS.clientSecret,
        scopes: [READ_ORGANIZATION_CLIENT_GRANTS, READ_CLIENT_GRANTS],
      },
    ],
    apiTokens: [{ token: DEMO_CREDENTIALS.apiToken, scopes: [READ_ORGANIZATION_CLIENT_GRANTS, READ_CLIENT_GRANTS] }],
  };
}
