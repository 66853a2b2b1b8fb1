// The emulator on its own (`npm run emulator`, which runs `node dist/emulator/main.js` after a build), as
// docs/emulator.md tells a newcomer to start it:
// the settings it prints for the demo tenant must work when pasted into this package's CLI.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { DEMO_ORGANIZATIONS, demoTenant } from "../../emulator";
import { distFile, repoRoot } from "../helpers/dist";

const run = promisify(execFile);
let emulator: ChildProcess;
let printed: Record<string, string>;

/** The setting lines exactly as printed, for pasting into a shell. */
const printedLines: string[] = [];

/** Starts main.js and collects the `[export ]NAME=value` lines it prints, up to the list of organizations. */
async function startMain(): Promise<Record<string, string>> {
  emulator = spawn(process.execPath, [distFile("emulator/main.js")], { stdio: ["ignore", "pipe", "inherit"] });
  const settings: Record<string, string> = {};
  for await (const line of createInterface({ input: emulator.stdout! })) {
    const setting = /^\s*(?:export )?(AUTH0_[A-Z_]+)=(\S+)$/.exec(line);
    if (setting) {
      settings[setting[1]!] = setting[2]!;
      printedLines.push(line);
    }
    if (/^\s*organizations:/.test(line)) break;
  }
  return settings;
}

async function cli(env: Record<string, string>) {
  const args = [distFile("provider/cli/main.js"), DEMO_ORGANIZATIONS.small, "--json", "--quiet", "--max-attempts", "1"];
  try {
    const { stdout } = await run(process.execPath, args, { env: { PATH: process.env.PATH ?? "", ...env } });
    return { code: 0, stdout, stderr: "" };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  printed = await startMain();
});
afterAll(async () => {
  if (emulator.exitCode === null) {
    emulator.kill("SIGTERM");
    await once(emulator, "exit");
  }
});

describe("the emulator started from the command line", () => {
  const expectedIds = demoTenant().organizations[DEMO_ORGANIZATIONS.small]!.map((g) => g.id);

  it("is what `npm run emulator` starts once the package is built", () => {
    const scripts = (JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts.emulator?.split("&&").map((command) => command.trim())).toEqual(["npm run build --silent", "node dist/emulator/main.js"]);
  });

  it("prints every setting with a domain that has its scheme, and all of them together list the demo grants", async () => {
    expect(Object.keys(printed).sort()).toEqual(["AUTH0_API_TOKEN", "AUTH0_AUDIENCE", "AUTH0_CLIENT_ID", "AUTH0_CLIENT_SECRET", "AUTH0_DOMAIN"]);
    expect(printed.AUTH0_DOMAIN).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const { code, stdout, stderr } = await cli(printed);

    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect((JSON.parse(stdout) as { clientGrants: { id: string }[] }).clientGrants.map((g) => g.id)).toEqual(expectedIds);
  });

  // What a newcomer does with them: paste the lines into another terminal, then run the CLI there. A bare
  // `NAME=value` line only sets a shell variable, which the CLI never sees ("No Auth0 domain: set AUTH0_DOMAIN").
  it("prints lines that, pasted into another shell as they are, configure the CLI run there", async () => {
    const script = [...printedLines, `"${process.execPath}" "${distFile("provider/cli/main.js")}" ${DEMO_ORGANIZATIONS.small} --json --quiet`].join("\n");
    let result: { code: number; stdout: string; stderr: string };
    try {
      result = { code: 0, ...(await run("/bin/sh", ["-c", script], { env: { PATH: process.env.PATH ?? "" } })) };
    } catch (error) {
      result = error as { code: number; stdout: string; stderr: string };
    }
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
    expect((JSON.parse(result.stdout) as { clientGrants: { id: string }[] }).clientGrants.map((g) => g.id)).toEqual(expectedIds);
  });

  it("prints a domain and an API token that the CLI lists the demo grants with", async () => {
    const { code, stdout, stderr } = await cli({ AUTH0_DOMAIN: printed.AUTH0_DOMAIN!, AUTH0_API_TOKEN: printed.AUTH0_API_TOKEN! });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { clientGrants: { id: string }[] }).clientGrants.map((g) => g.id)).toEqual(expectedIds);
  });

  it("prints client credentials that the CLI lists the demo grants with", async () => {
    const { AUTH0_DOMAIN, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_AUDIENCE } = printed;
    const { code, stdout, stderr } = await cli({ AUTH0_DOMAIN: AUTH0_DOMAIN!, AUTH0_CLIENT_ID: AUTH0_CLIENT_ID!, AUTH0_CLIENT_SECRET: AUTH0_CLIENT_SECRET!, AUTH0_AUDIENCE: AUTH0_AUDIENCE! });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { clientGrants: { id: string }[] }).clientGrants.map((g) => g.id)).toEqual(expectedIds);
  });
});
