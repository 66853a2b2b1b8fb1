// The CLI as a user runs it: the compiled bin in a child process, configured only through its environment.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { DEMO_ORGANIZATIONS, DEMO_CREDENTIALS, demoTenant, startEmulator, type Emulator } from "../provider/emulator";
import { toClientGrant } from "../provider/schemas";
import { distFile, repoRoot } from "./helpers/dist";

const run = promisify(execFile);
let emulator: Emulator;
let token: string;

/** Runs the CLI with only the given environment (plus PATH), so nothing leaks in from the developer's shell. */
async function cli(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [distFile("provider/cli.js"), ...args], { env: { PATH: process.env.PATH ?? "", ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  emulator = await startEmulator({ seed: demoTenant() });
  token = emulator.issueToken();
});
afterAll(() => emulator.stop());

describe("the auth0-org-grants CLI", () => {
  it("prints every grant as JSON with --json, equal to the emulator's data", async () => {
    const { code, stdout } = await cli([DEMO_ORGANIZATIONS.large, "--json", "--quiet"], { AUTH0_DOMAIN: emulator.origin, AUTH0_API_TOKEN: token });
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { total: number; clientGrants: unknown[] };
    expect(result.clientGrants).toEqual(emulator.grantsOf(DEMO_ORGANIZATIONS.large)!.map(toClientGrant));
  });

  it("prints a table with one row per grant and reports page progress on stderr", async () => {
    const { code, stdout, stderr } = await cli([DEMO_ORGANIZATIONS.large], { AUTH0_DOMAIN: emulator.origin, AUTH0_API_TOKEN: token });
    const grants = emulator.grantsOf(DEMO_ORGANIZATIONS.large)!;
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toBe(`Organization ${DEMO_ORGANIZATIONS.large}: ${grants.length} client grant(s)`);
    expect(stdout.split("\n").filter((l) => l.startsWith("cgr_"))).toHaveLength(grants.length);
    expect(stderr).toContain(`fetched ${Math.ceil(grants.length / 100)}/${Math.ceil(grants.length / 100)} pages (${grants.length}/${grants.length} grants)`);
  });

  it("reads Pulumi config from PULUMI_CONFIG before the AUTH0_* environment", async () => {
    const { code, stdout } = await cli([DEMO_ORGANIZATIONS.empty, "--json"], {
      PULUMI_CONFIG: JSON.stringify({ "auth0:domain": emulator.origin, "auth0:apiToken": token }),
      AUTH0_DOMAIN: "tenant-that-does-not-exist.invalid",
      AUTH0_API_TOKEN: "a-wrong-token-from-the-environment",
    });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ organizationId: DEMO_ORGANIZATIONS.empty, total: 0 });
  });

  it("exits 1 with the error's code and message, and never prints the token", async () => {
    const planted = "planted-token-4f1c2a9e-never-print-me";
    const { code, stdout, stderr } = await cli(["org_unknownOrganization"], { AUTH0_DOMAIN: emulator.origin, AUTH0_API_TOKEN: planted });
    expect(code).toBe(1);
    expect(stderr).toMatch(/ERR_AUTH0_GRANTS_API: .*HTTP 401/);
    expect(stdout + stderr).not.toContain(planted);
  });

  it("exits 2 with the usage on a missing organization id", async () => {
    const { code, stderr } = await cli([], {});
    expect(code).toBe(2);
    expect(stderr).toMatch(/expected exactly one organization id.*\n\nUsage:/s);
  });

  describe("a bad option value is a usage error naming the flag, before any request", () => {
    it.each([
      ["--concurrency", "abc", /--concurrency must be a whole number from 1 to 16, not "abc"/],
      ["--concurrency", "0", /--concurrency must be a whole number from 1 to 16, not "0"/],
      ["--concurrency", "2.5", /--concurrency must be a whole number from 1 to 16, not "2.5"/],
      ["--timeout-ms", "50", /--timeout-ms must be a whole number from 100 to 300000, not "50"/],
      ["--timeout-ms", "", /--timeout-ms must be a whole number from 100 to 300000, not ""/],
      ["--max-attempts", "0", /--max-attempts must be a whole number from 1 to 10, not "0"/],
      ["--max-attempts", "-1", /--max-attempts must be a whole number from 1 to 10, not "-1"/],
    ])("%s %p", async (flag, value, message) => {
      const before = emulator.requests.length;
      const { code, stdout, stderr } = await cli([DEMO_ORGANIZATIONS.small, `${flag}=${value}`], { AUTH0_DOMAIN: emulator.origin, AUTH0_API_TOKEN: token });
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr).toMatch(/\n\nUsage:/);
      expect(stderr).not.toMatch(/options\.|ERR_AUTH0_GRANTS/);
      expect(stdout).toBe("");
      expect(emulator.requests.length).toBe(before);
    });

    it("takes good values, at the edges of their ranges", async () => {
      const args = ["--concurrency", "16", "--timeout-ms", "300000", "--max-attempts", "1", "--json", "--quiet"];
      const { code, stdout } = await cli([DEMO_ORGANIZATIONS.large, ...args], { AUTH0_DOMAIN: emulator.origin, AUTH0_API_TOKEN: token });
      expect(code).toBe(0);
      expect((JSON.parse(stdout) as { clientGrants: unknown[] }).clientGrants).toEqual(emulator.grantsOf(DEMO_ORGANIZATIONS.large)!.map(toClientGrant));
    });
  });

  it("exits 1 naming AUTH0_DOMAIN when no domain is configured", async () => {
    const { code, stderr } = await cli(["org_x"], {});
    expect(code).toBe(1);
    expect(stderr).toMatch(/ERR_AUTH0_GRANTS_CONFIGURATION: No Auth0 domain.*AUTH0_DOMAIN/);
  });
});

describe("with the lines `npm run emulator` prints for copying", () => {
  let child: ChildProcess | undefined;
  let printed: Record<string, string>;

  beforeAll(async () => {
    // What the npm script runs once the package is built (the build itself is left to `npm test`).
    const script = (JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.emulator;
    const command = script?.split("&&").pop()?.trim();
    expect(command).toBe("node dist/provider/emulator/main.js");
    child = spawn(process.execPath, [distFile("provider/emulator/main.js")], { stdio: ["ignore", "pipe", "inherit"] });
    const stdout = await new Promise<string>((resolve, reject) => {
      let text = "";
      child!.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
        text += chunk;
        if (/organizations:.*\n/.test(text)) resolve(text);
      });
      child!.once("exit", (code) => reject(new Error(`the emulator exited (${code}) before printing its credentials:\n${text}`)));
    });
    // `  AUTH0_DOMAIN=...`: a line a user copies into a shell or a .env file, used exactly as printed.
    printed = Object.fromEntries([...stdout.matchAll(/^\s*(AUTH0_[A-Z_]+)=(\S*)$/gm)].map((m) => [m[1]!, m[2]!]));
  });
  afterAll(() => {
    child?.kill("SIGTERM");
  });

  test("prints a domain with its scheme, and the demo credentials", () => {
    expect(Object.keys(printed).sort()).toEqual(["AUTH0_API_TOKEN", "AUTH0_AUDIENCE", "AUTH0_CLIENT_ID", "AUTH0_CLIENT_SECRET", "AUTH0_DOMAIN"]);
    expect(printed.AUTH0_DOMAIN).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(printed.AUTH0_CLIENT_SECRET).toBe(DEMO_CREDENTIALS.clientSecret);
  });

  const kinds: [string, string[]][] = [
    ["every line", ["AUTH0_DOMAIN", "AUTH0_AUDIENCE", "AUTH0_CLIENT_ID", "AUTH0_CLIENT_SECRET", "AUTH0_API_TOKEN"]],
    ["the domain and the API token", ["AUTH0_DOMAIN", "AUTH0_API_TOKEN"]],
    ["the domain, the audience and the client credentials", ["AUTH0_DOMAIN", "AUTH0_AUDIENCE", "AUTH0_CLIENT_ID", "AUTH0_CLIENT_SECRET"]],
  ];
  test.each(kinds)("%s let the CLI list the demo grants", async (_kind, names) => {
    const env = Object.fromEntries(names.map((name) => [name, printed[name]!]));

    const { code, stdout, stderr } = await cli([DEMO_ORGANIZATIONS.large, "--json", "--quiet"], env);

    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const expected = demoTenant().organizations[DEMO_ORGANIZATIONS.large]!.map(toClientGrant);
    expect((JSON.parse(stdout) as { clientGrants: unknown[] }).clientGrants).toEqual(expected);
  });
});
