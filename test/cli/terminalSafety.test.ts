// What reaches a person's terminal from `auth0-org-grants`, against servers that put control characters in grant
// ids, audiences, scopes and error messages, or answer what no Management API would: the table, progress lines and
// every message on stderr show those characters escaped, --json stays exact JSON, and nothing a server sends
// reaches the terminal as "unexpected error". The CLI runs in this process (runCli) with its output captured.
import type { ServerResponse } from "node:http";
import { runCli } from "../../provider/cli/run";
import { toClientGrant } from "../../provider/core/schemas";
import { envelope, pageOf, someGrants, type Answer, type SeenRequest } from "../../scripts/hostileServer";
import { HOSTILE_ORG, serving } from "../helpers/hostileServer";

// eslint-disable-next-line no-control-regex
const RAW_CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/; // all but the line feeds the CLI writes itself

const ESC = "\u001b";
const CSI = "\u009b";
// Clear the screen, set the window title, return to the line start and paint over it.
const hostile = someGrants(150).map((g, i) =>
  i === 0 ? { ...g, id: `cgr_${ESC}[2J${ESC}]0;owned\u0007`, audience: `https://api.example.com/\r[ OK ] all grants verified${CSI}2K`, scope: ["read:x\u0085next line"] } : g,
);

async function run(serve: (r: SeenRequest) => Answer, args: string[] = []) {
  let stdout = "";
  let stderr = "";
  const code = await serving(serve, (server) =>
    runCli([HOSTILE_ORG, ...args], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: { AUTH0_DOMAIN: server.origin, AUTH0_API_TOKEN: "terminal-test-token" } }),
  );
  return { code, stdout, stderr };
}
const grantsPages = (r: SeenRequest): Answer => ({ json: envelope(pageOf(hostile, r.page, r.perPage), r, hostile.length) });

describe("the terminal", () => {
  it("shows control characters in the table escaped, and prints the rest as it is", async () => {
    const { code, stdout, stderr } = await run(grantsPages);
    expect(code).toBe(0);
    expect(stdout).not.toMatch(RAW_CONTROLS);
    expect(stdout).toContain("cgr_\\x1b[2J\\x1b]0;owned\\x07");
    expect(stdout).toContain("https://api.example.com/\\x0d[ OK ] all grants verified\\x9b2K");
    expect(stdout).toContain("read:x\\x85next line");
    expect(stderr).toMatch(/^fetched 1\/2 pages \(100\/150 grants\)$/m);
  });

  it("keeps --json exact: the same values parse back, with no raw control character on the terminal", async () => {
    const { code, stdout } = await run(grantsPages, ["--json", "--quiet"]);
    expect(code).toBe(0);
    expect(stdout).not.toMatch(RAW_CONTROLS);
    expect(JSON.parse(stdout).clientGrants).toEqual(hostile.map(toClientGrant));
  });

  it("escapes an API error message on stderr, line breaks included, so it cannot paint a line of its own", async () => {
    const message = `Bad request\n${ESC}[32mauth0-org-grants: 150 grants, all OK${ESC}[0m`;
    const { code, stderr } = await run(() => ({ status: 400, json: { statusCode: 400, error: "Bad Request", message, errorCode: "invalid_query_string" } }));
    expect(code).toBe(1);
    expect(stderr).not.toMatch(RAW_CONTROLS);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).toContain("Bad request\\x0a\\x1b[32mauth0-org-grants: 150 grants, all OK\\x1b[0m");
  });
});

describe("nothing a server sends reaches the terminal as an unexpected error", () => {
  const deep = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
  const endlessBody = (response: ServerResponse) => {
    response.writeHead(200, { "content-type": "application/json" });
    const chunk = Buffer.alloc(1 << 20, " ");
    const write = () => {
      while (!response.destroyed) if (!response.write(chunk)) return void response.once("drain", write);
    };
    write();
  };
  it.each<[string, (r: SeenRequest) => Answer]>([
    ["a total of 1e15", (r) => ({ json: envelope(pageOf(hostile, 0, 100), r, 1e15) })],
    ["a total of 1e300", (r) => ({ json: envelope(pageOf(hostile, 0, 100), r, 1e300) })],
    ["a grant with a field nested a million deep", () => ({ text: `[{"id":"cgr_1","client_id":"c","audience":"a","scope":[],"extra":${deep(1_000_000)}}]` })],
    ["a body that never ends", () => ({ raw: endlessBody })],
    ["a 404 page from a proxy", () => ({ status: 404, text: "<html><body>Not Found</body></html>" })],
    ["a grant whose scope holds numbers", (r) => ({ json: envelope([{ ...hostile[1]!, scope: [1, 2] as unknown as string[] }], r, 1) })],
  ])("%s", async (_, serve) => {
    const { code, stderr } = await run(serve, ["--max-attempts", "1", "--timeout-ms", "5000"]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^auth0-org-grants: ERR_AUTH0_GRANTS_[A-Z_]+: /);
    expect(stderr).not.toMatch(/unexpected error/);
  });
});
