// Auth0 compares API identifiers (audiences) exactly: "https://api.example.com/" and "https://API.example.com" are
// two APIs. In a policy configuration such a difference is nearly always a typo, so the rules look for it to say so.

/** An audience without case or trailing slashes: two audiences with the same loose form were probably meant as one. */
export function looseAudience(audience: string): string {
  return audience.toLowerCase().replace(/\/+$/, "");
}

/** Whether `a` and `b` differ, but only by case or trailing slashes. */
export function nearlySameAudience(a: string, b: string): boolean {
  return a !== b && looseAudience(a) === looseAudience(b);
}
