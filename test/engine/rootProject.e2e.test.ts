// The repository's own Pulumi.yaml (runtime nodejs) runs the example program, examples/program/index.ts, on a clean
// clone with and without dist/. The Node.js host cannot be built here, so the real engine is pointed at a stand-in
// that does what the host does (nodeHostStandIn.ts): `@pulumi/pulumi/cmd/run` started in the program directory the
// engine resolved from `main`, with the entry point it resolved.
import { READ_CLIENT_GRANTS, READ_ORGANIZATION_CLIENT_GRANTS } from "../../emulator";
import { ORG, withEmulator } from "../helpers/emulator";
import { ENGINE_SETUP_MS, withEngine } from "../helpers/engine";
import { cleanClone, type Project } from "../helpers/layouts";
import { startNodeHostStandIn } from "../helpers/nodeHostStandIn";
import { perTestFile } from "../helpers/perTestFile";

const tenant = withEmulator();
const engine = withEngine();

const hostStandIn = perTestFile("the Node.js host stand-in", () => startNodeHostStandIn(engine.sandbox.env()), (host) => host.stop());

let clone: Project | undefined;
afterEach(async () => {
  await clone?.remove();
  clone = undefined;
});

/** `pulumi up` of the clone's root project, as a user types it after the README's steps. */
async function upInClone(withDist: boolean) {
  clone = await cleanClone({ withDist });
  const cwd = clone.dir;
  const audience = tenant.emulator.grantsOf(ORG)![0]!.audience;
  const client = [`--client=127.0.0.1:${hostStandIn.current.port}`];
  await engine.sandbox.pulumiOk(["stack", "init", `root-${withDist ? "built" : "unbuilt"}`], { cwd });
  for (const [key, value] of [["organizationId", ORG], ["audience", audience], ["auth0:domain", tenant.emulator.origin]]) {
    await engine.sandbox.pulumiOk(["config", "set", key!, "--", value!], { cwd });
  }
  // The example reads with includeAnyOrganization, which needs read:client_grants as well.
  const token = tenant.emulator.issueToken([READ_ORGANIZATION_CLIENT_GRANTS, READ_CLIENT_GRANTS]);
  await engine.sandbox.pulumiOk(["config", "set", "--secret", "auth0:apiToken", "--", token], { cwd });
  const up = await engine.sandbox.pulumi(["up", "--yes", "--skip-preview", ...client], { cwd });
  const outputs = JSON.parse((await engine.sandbox.pulumiOk(["stack", "output", "--json"], { cwd })).stdout) as Record<string, unknown>;
  return { up, outputs, audience };
}

test("after npm run build, pulumi up runs the example program and exports its outputs", async () => {
  const { up, outputs } = await upInClone(true);

  expect({ code: up.code, printed: up.code === 0 ? "" : up.output }).toEqual({ code: 0, printed: "" });
  expect(Object.keys(outputs).sort()).toEqual(["apiGrantIds", "apiScopesByGrant", "audiencesPerClient", "grantCount", "grantIds"]);
  expect(outputs.grantCount).toBe(120);
  expect([...(outputs.grantIds as string[])].sort()).toEqual((tenant.emulator.grantsOf(ORG) ?? []).map((g) => g.id).sort());
}, ENGINE_SETUP_MS);

test("before npm run build, the example program still compiles and runs, and the resource says to build", async () => {
  const { up, outputs } = await upInClone(false);

  expect(up.code).not.toBe(0);
  expect(up.output).not.toMatch(/error TS\d+/);
  expect(up.output).toContain("run npm run build");
  expect(outputs).toEqual({});
}, ENGINE_SETUP_MS);
