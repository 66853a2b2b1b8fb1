// Property-based tests over the arguments, the configuration and the responses. Seeded: a failure prints the
// seed and path to replay; set FC_SEED to run another sequence.
import fc from "fast-check";
import { parseDomain } from "../../provider/core/credentials/domain";
import { Auth0GrantsError, ConfigurationError, ResponseFormatError, ValidationError } from "../../provider/core/errors";
import { listClientGrants } from "../../provider/core/listClientGrants";
import { parseFilters } from "../../provider/core/arguments";
import { grantsPagePath, parseGrantsPage } from "../../provider/core/managementApi";
import { apiClientGrantSchema, toClientGrant, type ApiClientGrant } from "../../provider/core/schemas";
import { generateGrants, startEmulator, type Emulator } from "../../emulator";

const seed = Number(process.env.FC_SEED ?? 20261126);
beforeAll(() => {
  fc.configureGlobal({ seed, numRuns: 200, interruptAfterTimeLimit: 20_000 });
  process.stdout.write(`fast-check seed ${seed} (replay with FC_SEED=${seed})\n`);
});

const nasty = fc.constantFrom("/", "?", "#", "%", "..", ".", " ", "\t", "\n", "\u0000", "&", "=", "+", "é", "日本", "🔑", "%2F", "\\");
const organizationIds = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.array(fc.oneof(nasty, fc.string({ minLength: 1, maxLength: 5 })), { maxLength: 12 }).map((parts) => parts.join("")),
  fc.string({ unit: "grapheme", maxLength: 55 }),
);

describe("organization ids", () => {
  it("are refused with a ValidationError, or become exactly one path segment that decodes back to the id", () => {
    fc.assert(
      fc.property(organizationIds, (id) => {
        let filters;
        try {
          filters = parseFilters({ organizationId: id });
        } catch (error) {
          return error instanceof ValidationError && /^organizationId/.test(error.issues[0]!.path);
        }
        const url = new URL(grantsPagePath({ organizationId: filters.organizationId, page: 0, perPage: 100 }), "https://tenant.auth0.com");
        const segments = url.pathname.split("/");
        return url.pathname.startsWith("/api/v2/organizations/") && segments.length === 6 && segments[5] === "client-grants" && decodeURIComponent(segments[4]!) === id;
      }),
    );
  });

  describe("over HTTP", () => {
    let emulator: Emulator;
    let token: string;
    beforeAll(async () => {
      emulator = await startEmulator({ seed: { organizations: {} } });
      token = emulator.issueToken();
    });
    afterAll(() => emulator.stop());

    it("reach the emulator as the same id, whatever they contain", async () => {
      await fc.assert(
        fc.asyncProperty(organizationIds, async (id) => {
          let valid = true;
          try {
            parseFilters({ organizationId: id });
          } catch {
            valid = false;
          }
          fc.pre(valid);
          emulator.setOrganization(id, generateGrants(3, { organizationId: "fuzz" }));
          try {
            const result = await listClientGrants({ organizationId: id }, { connection: { domain: emulator.origin, apiToken: token }, config: () => undefined, env: {} });
            return result.organizationId === id && result.total === 3;
          } finally {
            emulator.removeOrganization(id);
          }
        }),
        { numRuns: 60 },
      );
    });

    it("grantIds of any length are sent in requests of at most 10 that cover each id once", async () => {
      const org = "org_fuzzGrantIds";
      const grants = generateGrants(40, { organizationId: org });
      emulator.setOrganization(org, grants);
      const known = grants.map((g) => g.id);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.oneof(fc.constantFrom(...known), fc.stringMatching(/^cgr_[A-Za-z0-9]{1,16}$/)), { minLength: 1, maxLength: 45 }), async (ids) => {
          emulator.resetLog();
          const result = await listClientGrants({ organizationId: org, grantIds: ids }, { connection: { domain: emulator.origin, apiToken: token }, config: () => undefined, env: {} });
          const sent = emulator.requests.map((r) => [r.query.grant_ids ?? []].flat());
          const unique = [...new Set(ids)];
          return (
            sent.every((s) => s.length >= 1 && s.length <= 10) &&
            JSON.stringify(sent.flat().sort()) === JSON.stringify([...unique].sort()) &&
            JSON.stringify(result.clientGrants.map((g) => g.id).sort()) === JSON.stringify(unique.filter((i) => known.includes(i)).sort())
          );
        }),
        { numRuns: 60 },
      );
    });
  });
});

describe("the query", () => {
  it("round-trips to the filters it was built from", () => {
    const filters = fc.record(
      {
        organizationId: fc.string({ minLength: 1, maxLength: 50 }),
        audience: fc.string({ maxLength: 600 }),
        clientId: fc.string(),
        grantIds: fc.array(fc.string(), { minLength: 1, maxLength: 10 }),
        page: fc.nat(1000),
        perPage: fc.integer({ min: 1, max: 100 }),
      },
      { requiredKeys: ["organizationId", "page", "perPage"] },
    );
    fc.assert(
      fc.property(filters, (q) => {
        const url = new URL(grantsPagePath(q), "https://tenant.auth0.com");
        const p = url.searchParams;
        return (
          (p.get("audience") ?? undefined) === q.audience &&
          (p.get("client_id") ?? undefined) === q.clientId &&
          JSON.stringify(p.getAll("grant_ids")) === JSON.stringify(q.grantIds ?? []) &&
          p.get("page") === String(q.page) &&
          p.get("per_page") === String(q.perPage) &&
          p.get("include_totals") === "true" &&
          [...p.keys()].every((k) => ["audience", "client_id", "grant_ids", "page", "per_page", "include_totals"].includes(k))
        );
      }),
    );
  });
});

describe("domains", () => {
  const host = fc.domain();
  it("accept any host name as HTTPS", () => {
    fc.assert(fc.property(host, (h) => parseDomain(h).origin === `https://${h.toLowerCase()}`));
  });

  it("refuse paths, user information, white space, queries, fragments, other schemes, and http to non-loopback hosts", () => {
    const bad = fc.oneof(
      fc.tuple(host, fc.webPath({ size: "small" }).filter((p) => p.length > 1)).map(([h, p]) => `https://${h}${p.startsWith("/") ? p : `/${p}`}`),
      fc.tuple(fc.webAuthority({ withUserInfo: true }).filter((a) => a.includes("@")), fc.constant("")).map(([a]) => `https://${a}`),
      fc.tuple(host, fc.constantFrom(" ", "\t", "\n")).map(([h, w]) => `${w}${h}`),
      fc.tuple(host, fc.webQueryParameters()).map(([h, q]) => `https://${h}/?${q}`),
      fc.tuple(host, fc.webFragments()).map(([h, f]) => `https://${h}#${f}`),
      fc.tuple(fc.constantFrom("ftp", "ws", "file", "javascript", "gopher"), host).map(([s, h]) => `${s}://${h}`),
      host.filter((h) => h !== "localhost").map((h) => `http://${h}`),
      fc.ipV4().filter((ip) => !ip.startsWith("127.")).map((ip) => `http://${ip}`),
    );
    fc.assert(
      fc.property(bad, (d) => {
        try {
          parseDomain(d);
          return false;
        } catch (error) {
          return error instanceof ConfigurationError;
        }
      }),
    );
  });

  it("accept loopback over http with any port", () => {
    fc.assert(
      fc.property(fc.constantFrom("127.0.0.1", "localhost", "[::1]", "127.1.2.3"), fc.integer({ min: 1, max: 65535 }), (h, port) => {
        const origin = parseDomain(`http://${h}:${port}`).origin;
        return origin.startsWith("http://") && (origin.endsWith(`:${port}`) || port === 80);
      }),
    );
  });
});

describe("response parsing", () => {
  const response = (body: string) => ({ status: 200, headers: { "content-type": "application/json" }, body });
  const wireGrant: fc.Arbitrary<Record<string, unknown>> = fc.record(
    {
      id: fc.oneof(fc.string({ minLength: 1 }), fc.constant(""), fc.integer()),
      client_id: fc.oneof(fc.string(), fc.constant(null)),
      audience: fc.string(),
      scope: fc.oneof(fc.array(fc.string()), fc.string(), fc.array(fc.integer())),
      organization_usage: fc.constantFrom("deny", "allow", "require", "sometimes"),
      allow_any_organization: fc.oneof(fc.boolean(), fc.constant("yes")),
      is_system: fc.boolean(),
      extra_field: fc.jsonValue(),
    },
    { requiredKeys: [] },
  );
  const bodies = fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.array(wireGrant, { maxLength: 5 }).map((gs) => JSON.stringify(gs)),
    fc.record({ client_grants: fc.array(wireGrant, { maxLength: 5 }), start: fc.nat(), limit: fc.nat(), total: fc.oneof(fc.nat(), fc.constant(-1), fc.constant("3")) }, { requiredKeys: ["client_grants"] }).map((e) => JSON.stringify(e)),
    fc.string(),
  );

  it("gives valid grants, keeping every field, or a typed ResponseFormatError", () => {
    fc.assert(
      fc.property(bodies, (body) => {
        let page;
        try {
          page = parseGrantsPage("Fuzzing", response(body));
        } catch (error) {
          return error instanceof ResponseFormatError && error instanceof Auth0GrantsError;
        }
        const json = JSON.parse(body) as unknown;
        const wire = (Array.isArray(json) ? json : (json as { client_grants: unknown[] }).client_grants) as ApiClientGrant[];
        return page.grants.every((g, i) => apiClientGrantSchema.safeParse(g).success && JSON.stringify(g) === JSON.stringify(wire[i]));
      }),
    );
  });
});

describe("mapping a grant", () => {
  it("never overwrites a documented field with an added one, and keeps every value", () => {
    const added = fc.dictionary(fc.constantFrom("clientId", "client_id_", "isSystem", "is_system", "scope_", "audience_x", "id_"), fc.jsonValue());
    fc.assert(
      fc.property(added, (extra) => {
        const wire = { id: "cgr_1", client_id: "real-client", audience: "https://a/", scope: ["read:a"], ...extra } as ApiClientGrant;
        const mapped = toClientGrant(wire);
        const values = Object.values(mapped).map((v) => JSON.stringify(v)).sort();
        return mapped.clientId === "real-client" && mapped.id === "cgr_1" && JSON.stringify(values) === JSON.stringify(Object.values(wire).map((v) => JSON.stringify(v)).sort());
      }),
    );
  });

  it("refuses a lone surrogate in any argument with a ValidationError", () => {
    for (const args of [{ organizationId: "org_\uDC00" }, { organizationId: "org_1", audience: "https://api\uD800/" }, { organizationId: "org_1", clientId: "\uD800" }]) {
      expect(() => parseFilters(args)).toThrow(ValidationError);
    }
  });
});
