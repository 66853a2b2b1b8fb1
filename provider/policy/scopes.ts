// Every way a grant can hold a scope, read the same way by every rule: the scopes it lists, or all the scopes of its
// API when allowAllScopes is set (Auth0's allow_all_scopes, on a read grant or a declared ClientGrant alike).
import type { JudgedGrant } from "./view";

export type HeldScopes =
  | { readonly state: "known"; readonly audience: string; readonly allScopes: boolean; readonly scopes: readonly string[] }
  | { readonly state: "unknown"; readonly fields: readonly string[] };

export function heldScopes(judged: JudgedGrant): HeldScopes {
  if (judged.kind === "listed") {
    // Auth0's general client-grants endpoint reports allow_all_scopes; the field is kept camelCased when present.
    return { state: "known", audience: judged.grant.audience, allScopes: judged.grant.allowAllScopes === true, scopes: judged.grant.scope };
  }
  const { grant } = judged;
  const fields = (["audience", "allowAllScopes"] as const).filter((field) => grant.unknown.has(field));
  // The scopes do not matter when the grant holds them all.
  if (grant.allowAllScopes !== true && grant.unknown.has("scopes")) fields.push("scopes" as never);
  if (fields.length > 0 || grant.audience === undefined) return { state: "unknown", fields: fields.length > 0 ? fields : ["audience"] };
  return { state: "known", audience: grant.audience, allScopes: grant.allowAllScopes === true, scopes: grant.scopes ?? [] };
}

/** Whether the grant holds every scope of `needed`. */
export function holdsAll(held: Extract<HeldScopes, { state: "known" }>, needed: readonly string[]): boolean {
  return held.allScopes || needed.every((scope) => held.scopes.includes(scope));
}
