// The emulated tenant's state: organizations and their grants (in insertion order, which is the order offset
// paging walks), the client-credentials clients, and the access tokens the emulator has handed out.
import { randomBytes } from "node:crypto";
import type { ApiClientGrant } from "../provider/core/schemas";
import { apiClientGrantSchema, organizationIdSchema } from "../provider/core/schemas";
import type { Seed, SeedClient } from "./seed";
import { grantListSchema, seedClientSchema, seedSchema } from "./seed";

export interface IssuedToken {
  readonly scopes: readonly string[];
  /** Epoch milliseconds; absent for a token that never expires (like a seeded API token). */
  readonly expiresAt?: number;
}

export type TokenCheck = { readonly valid: true; readonly token: IssuedToken } | { readonly valid: false };

export class Tenant {
  private organizations = new Map<string, ApiClientGrant[]>();
  /** Grants of the tenant associated with no organization (the seed's `clientGrants`). */
  private unassociated: ApiClientGrant[] = [];
  private clients = new Map<string, SeedClient>();
  private tokens = new Map<string, IssuedToken>();
  /** `jti`s of client assertions already accepted, per client, with their expiry: a replay is refused until then. */
  private assertionIds = new Map<string, number>();
  // Seeds for grants a fault inserts: far from the generator's usual small seeds, and new each time, so inserted
  // grants never repeat an id of the seed or of an earlier insertion.
  private mutationSeed = 1_000_000;

  constructor(seed: Seed = { organizations: {} }, private readonly now: () => number = Date.now) {
    this.replace(seed);
  }

  /** Replaces every organization, client and seeded token. Tokens issued so far are forgotten too. */
  replace(seed: Seed): void {
    const parsed = seedSchema.parse(seed);
    this.organizations = new Map(Object.entries(parsed.organizations).map(([id, grants]) => [id, grants.map(copy)]));
    this.unassociated = (parsed.clientGrants ?? []).map(copy);
    this.clients = new Map((parsed.clients ?? []).map((client) => [client.clientId, client]));
    this.tokens = new Map((parsed.apiTokens ?? []).map(({ token, scopes }) => [token, { scopes }]));
    this.assertionIds = new Map();
  }

  /** Records a client assertion's `jti`; false when the client has used it before (a replay). */
  useAssertionId(clientId: string, jti: string, expiresAt: number): boolean {
    const now = this.now();
    for (const [key, until] of this.assertionIds) if (until <= now) this.assertionIds.delete(key);
    const key = JSON.stringify([clientId, jti]);
    if (this.assertionIds.has(key)) return false;
    this.assertionIds.set(key, expiresAt);
    return true;
  }

  /** The emulator's clock, for checks such as a client assertion's expiry. */
  currentTime(): number {
    return this.now();
  }

  hasOrganization(organizationId: string): boolean {
    return this.organizations.has(organizationId);
  }

  /** The organization's grants, in listing order, as copies: changing them does not change the tenant. */
  grantsOf(organizationId: string): ApiClientGrant[] | undefined {
    return this.organizations.get(organizationId)?.map(copy);
  }

  /** The organization's own list, for reading only: listing a page must not copy every grant of a large org. */
  listing(organizationId: string): readonly ApiClientGrant[] | undefined {
    return this.organizations.get(organizationId);
  }

  /**
   * Every client grant of the tenant, as `GET /api/v2/client-grants` lists them: the unassociated ones and those of
   * every organization, once each (the first copy of an id wins: the seed's `clientGrants`, then the organizations in
   * order), sorted by id. For reading only.
   */
  clientGrants(): ApiClientGrant[] {
    const byId = new Map<string, ApiClientGrant>();
    for (const grant of [...this.unassociated, ...[...this.organizations.values()].flat()]) if (!byId.has(grant.id)) byId.set(grant.id, grant);
    return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  organizationIds(): string[] {
    return [...this.organizations.keys()];
  }

  /** Creates the organization, or replaces its grants. */
  setOrganization(organizationId: string, grants: readonly ApiClientGrant[] = []): void {
    const id = organizationIdSchema.parse(organizationId);
    // Parsed as a list, not through a record keyed by the id: an id such as "__proto__" is valid at Auth0 and must
    // not turn into an object's prototype here.
    this.organizations.set(id, grantListSchema.parse(grants).map(copy));
  }

  removeOrganization(organizationId: string): boolean {
    return this.organizations.delete(organizationId);
  }

  /** Adds a grant at `index` (default: the end, where Auth0 puts a new grant); the organization must exist. */
  addGrant(organizationId: string, grant: ApiClientGrant, index?: number): void {
    const grants = this.existing(organizationId);
    const parsed = apiClientGrantSchema.parse(grant);
    if (grants.some((g) => g.id === parsed.id)) throw new Error(`Organization ${organizationId} already has grant ${parsed.id}`);
    grants.splice(index ?? grants.length, 0, copy(parsed));
  }

  /** Removes a grant by id; answers whether it was there. */
  removeGrant(organizationId: string, grantId: string): boolean {
    const grants = this.existing(organizationId);
    const index = grants.findIndex((g) => g.id === grantId);
    if (index < 0) return false;
    grants.splice(index, 1);
    return true;
  }

  nextMutationSeed(): number {
    return this.mutationSeed++;
  }

  client(clientId: string): SeedClient | undefined {
    return this.clients.get(clientId);
  }

  addClient(client: SeedClient): void {
    const parsed = seedClientSchema.parse(client);
    this.clients.set(parsed.clientId, { ...parsed, scopes: [...parsed.scopes] });
  }

  /** Issues an opaque random token, as Auth0's are to a client that does not decode them. */
  issueToken(scopes: readonly string[], expiresInSeconds?: number): string {
    const token = randomBytes(32).toString("base64url");
    this.tokens.set(token, {
      scopes: [...scopes],
      expiresAt: expiresInSeconds === undefined ? undefined : this.now() + expiresInSeconds * 1000,
    });
    return token;
  }

  revokeToken(token: string): boolean {
    return this.tokens.delete(token);
  }

  checkToken(token: string | undefined): TokenCheck {
    const found = token === undefined ? undefined : this.tokens.get(token);
    if (found === undefined) return { valid: false };
    if (found.expiresAt !== undefined && this.now() >= found.expiresAt) return { valid: false };
    return { valid: true, token: found };
  }

  private existing(organizationId: string): ApiClientGrant[] {
    const grants = this.organizations.get(organizationId);
    if (grants === undefined) throw new Error(`No organization ${organizationId} in the emulated tenant`);
    return grants;
  }
}

// structuredClone keeps unknown fields and nested values exactly, and cuts every link to the caller's objects.
const copy = (grant: ApiClientGrant): ApiClientGrant => structuredClone(grant);
