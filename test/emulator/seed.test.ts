// The emulator's data: the seed file schema, the deterministic generator, the demo tenant and the command line.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DEMO_CREDENTIALS,
  DEMO_LARGE_GRANT_COUNT,
  DEMO_ORGANIZATIONS,
  demoTenant,
  generateGrants,
  loadSeedFile,
  seedSchema,
  startEmulator,
} from "../../emulator";
import { startFromCommandLine } from "../../emulator/commandLine";
import type { Running } from "../../emulator/commandLine";
import { apiClientGrantSchema } from "../../provider/core/schemas";
import { call, grantsPath } from "../helpers/emulator";

describe("generateGrants", () => {
  const grants = generateGrants(200, { organizationId: "org_a" });

  test("is deterministic: the same arguments give the same grants", () => {
    expect(generateGrants(200, { organizationId: "org_a" })).toEqual(grants);
  });

  test("gives another organization other grants", () => {
    expect(generateGrants(5, { organizationId: "org_b" })[0]?.id).not.toBe(grants[0]?.id);
  });

  test("gives another seed other grants", () => {
    expect(generateGrants(5, { organizationId: "org_a", seed: 2 })[0]?.id).not.toBe(grants[0]?.id);
  });

  test("ids are unique", () => {
    expect(new Set(grants.map((g) => g.id)).size).toBe(200);
  });

  test("ids look like Auth0's: cgr_ and 16 letters or digits", () => {
    expect(grants.filter((g) => !/^cgr_[A-Za-z0-9]{16}$/.test(g.id))).toEqual([]);
  });

  test("every grant parses with the shared API schema", () => {
    expect(apiClientGrantSchema.array().safeParse(grants).success).toBe(true);
  });

  test("some grants carry fields the organization endpoint does not document", () => {
    expect(grants.some((g) => g.is_system === false) && grants.some((g) => g.subject_type === "client")).toBe(true);
  });

  test("some grants leave out organization_usage, as Auth0 does where it was never set", () => {
    expect(grants.some((g) => !("organization_usage" in g))).toBe(true);
  });

  test("draws only from the audiences and clients it is given", () => {
    const drawn = generateGrants(50, { organizationId: "org_a", audiences: ["https://only/"], clients: ["only-client"] });
    expect(new Set(drawn.flatMap((g) => [g.audience, g.client_id]))).toEqual(new Set(["https://only/", "only-client"]));
  });
});

describe("seedSchema", () => {
  test("refuses two grants with one id in an organization", () => {
    const [grant] = generateGrants(1, { organizationId: "org_a" });
    expect(seedSchema.safeParse({ organizations: { org_a: [grant, grant] } }).success).toBe(false);
  });

  test("refuses an organization id longer than Auth0 allows", () => {
    expect(seedSchema.safeParse({ organizations: { ["o".repeat(51)]: [] } }).success).toBe(false);
  });

  test("keeps unknown grant fields", () => {
    const grant = { id: "cgr_1", client_id: "c", audience: "a", scope: [], default_for: "third_party_clients" };
    expect(seedSchema.parse({ organizations: { org_a: [grant] } }).organizations.org_a).toEqual([grant]);
  });
});

describe("loadSeedFile", () => {
  const write = async (content: string) => {
    const path = join(await mkdtemp(join(tmpdir(), "emulator-seed-")), "seed.json");
    await writeFile(path, content);
    return path;
  };

  test("reads a valid file", async () => {
    const seed = { organizations: { org_a: generateGrants(3, { organizationId: "org_a" }) }, apiTokens: [{ token: "t", scopes: [] }] };
    expect(await loadSeedFile(await write(JSON.stringify(seed)))).toEqual(seed);
  });

  test("names the path of a problem in an invalid file", async () => {
    const path = await write(JSON.stringify({ organizations: { org_a: [{ id: "cgr_1", client_id: "c", audience: "a", scope: "read" }] } }));
    await expect(loadSeedFile(path)).rejects.toThrow(/organizations\.org_a\[0\]\.scope/);
  });

  test("says so when the file is not JSON", async () => {
    await expect(loadSeedFile(await write("{ nope"))).rejects.toThrow(/not JSON/);
  });
});

describe("demoTenant", () => {
  const demo = demoTenant();

  test("has a large organization of 350 grants, a small one and an empty one", () => {
    expect(Object.fromEntries(Object.entries(demo.organizations).map(([id, grants]) => [id, grants.length]))).toEqual({
      [DEMO_ORGANIZATIONS.large]: DEMO_LARGE_GRANT_COUNT,
      [DEMO_ORGANIZATIONS.small]: 4,
      [DEMO_ORGANIZATIONS.empty]: 0,
    });
  });

  test("is a valid seed", () => {
    expect(seedSchema.safeParse(demo).success).toBe(true);
  });

  test("is the same every time", () => {
    expect(demoTenant()).toEqual(demo);
  });

  test("is what startEmulator serves without a seed, and its API token works", async () => {
    const emulator = await startEmulator();
    try {
      const answer = await call(emulator, grantsPath(DEMO_ORGANIZATIONS.small), { token: DEMO_CREDENTIALS.apiToken });
      expect(answer.json()).toEqual(demo.organizations[DEMO_ORGANIZATIONS.small]);
    } finally {
      await emulator.stop();
    }
  });
});

describe("main", () => {
  test("prints the origin and the demo credentials", async () => {
    const lines: string[] = [];
    const running = await startFromCommandLine(["--latency", "1", "--rate", "10:20"], (line) => lines.push(line));
    await running?.close();
    expect(lines.join("\n")).toEqual(
      expect.stringMatching(new RegExp(`listening on ${running?.emulator.origin}[\\s\\S]*AUTH0_CLIENT_SECRET=${DEMO_CREDENTIALS.clientSecret}`)),
    );
  });

  test("applies --rate as the rate limit", async () => {
    const { emulator, close } = (await startFromCommandLine(["--rate", "10:20"], () => undefined)) as Running;
    try {
      const answer = await call(emulator, grantsPath(DEMO_ORGANIZATIONS.small), { token: DEMO_CREDENTIALS.apiToken });
      expect(answer.headers["x-ratelimit-limit"]).toBe("20");
    } finally {
      await close();
    }
  });

  test("refuses a malformed --rate", async () => {
    await expect(startFromCommandLine(["--rate", "fast"], () => undefined)).rejects.toThrow(/perSecond:burst/);
  });
});
