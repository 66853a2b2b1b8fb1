// Deterministic, realistic grants for tests and the benchmark: the same arguments always give the same grants, so a
// failing test can be replayed and two runs of the benchmark list the same data.
import type { ApiClientGrant, OrganizationUsage } from "../provider/core/schemas";
import { ORGANIZATION_USAGES } from "../provider/core/schemas";

export interface GenerateGrantsOptions {
  /** Mixed into the seed, so two organizations generated with the same `seed` still get different grants. */
  readonly organizationId: string;
  /** Defaults to 1. */
  readonly seed?: number;
  /** Audiences to draw from; defaults to a few fictional APIs. */
  readonly audiences?: readonly string[];
  /** Client ids to draw from; defaults to ten generated ones. */
  readonly clients?: readonly string[];
}

export const DEFAULT_AUDIENCES: readonly string[] = [
  "https://api.example.com/orders",
  "https://api.example.com/billing",
  "https://inventory.example.net/",
  "urn:example:reporting",
];

const SCOPES_BY_VERB = ["read", "create", "update", "delete"] as const;
const RESOURCES = ["orders", "invoices", "customers", "reports", "stock", "shipments"] as const;
const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** mulberry32: tiny, fast and good enough for test data; not for anything secret. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, to turn an organization id into part of the seed. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const randomString = (random: () => number, length: number): string =>
  Array.from({ length }, () => pick(random, [...ALPHANUMERIC])).join("");

export function generateClientIds(count: number, seed = 1): string[] {
  const random = prng(hashString(`clients:${seed}`));
  return Array.from({ length: count }, () => randomString(random, 32));
}

/**
 * `count` grants shaped like Auth0's: `cgr_` ids, 32-character client ids, scopes as arrays. Some grants leave out
 * `organization_usage` / `allow_any_organization` (as Auth0 does where they were never set) and some carry fields the
 * organization endpoint does not document yet (`is_system`, `subject_type`), so that clients prove they keep them.
 */
export function generateGrants(count: number, options: GenerateGrantsOptions): ApiClientGrant[] {
  const random = prng(hashString(`${options.organizationId}:${options.seed ?? 1}`));
  const audiences = options.audiences ?? DEFAULT_AUDIENCES;
  const clients = options.clients ?? generateClientIds(10, options.seed ?? 1);
  if (audiences.length === 0 || clients.length === 0) throw new Error("generateGrants needs at least one audience and one client");
  const ids = new Set<string>();
  const grants: ApiClientGrant[] = [];
  while (grants.length < count) {
    const id = `cgr_${randomString(random, 16)}`;
    if (ids.has(id)) continue;
    ids.add(id);
    const index = grants.length;
    const grant: ApiClientGrant = {
      id,
      client_id: pick(random, clients),
      audience: pick(random, audiences),
      scope: scopes(random),
    };
    // Every seventh grant was created before organization support and so has neither organization field.
    if (index % 7 !== 3) {
      grant.organization_usage = pick<OrganizationUsage>(random, ORGANIZATION_USAGES);
      grant.allow_any_organization = random() < 0.3;
    }
    if (index % 5 === 1) grant.is_system = false;
    if (index % 6 === 2) grant.subject_type = "client";
    grants.push(grant);
  }
  return grants;
}

function scopes(random: () => number): string[] {
  const chosen = new Set<string>();
  const wanted = Math.floor(random() * 4); // zero scopes is a legal, if useless, grant
  while (chosen.size < wanted) chosen.add(`${pick(random, SCOPES_BY_VERB)}:${pick(random, RESOURCES)}`);
  return [...chosen].sort();
}
