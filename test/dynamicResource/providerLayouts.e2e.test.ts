// The stored provider text (`__provider`) in the layouts Pulumi really runs it in. The engine starts the
// dynamic-provider host in the program's directory and the host evaluates the text there, so where the package is
// found depends on the layout: this repository's own example (Pulumi.yaml at the top, the program in
// examples/program/, the package itself rather than an installed copy), the package installed from its npm tarball,
// a project the package was removed from (its resources deleted in the same change), and a program bundled with
// esbuild. Each case runs through the real host against the emulator.
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { READ_ORGANIZATION_CLIENT_GRANTS, generateGrants, type Seed } from "../../emulator";
import { repoRoot } from "../helpers/dist";
import { HostCallError, RESOURCE_TYPE, rpcSecret, withDynamicHost, type DynamicHost } from "../helpers/dynamicHost";
import { expectedOutputs, withEmulator } from "../helpers/emulator";
import { bundleProgram, emptyProject, packedProject, PACKAGE_NAME, unbuiltClone, type Project } from "../helpers/layouts";
import { runProgram } from "../helpers/programRunner";

const TOKEN = "tok_layoutsTest_9b2e4c6d1a";
const ORG = "org_layoutsTest000001";

const seed: Seed = {
  organizations: { [ORG]: generateGrants(130, { organizationId: ORG }) },
  apiTokens: [{ token: TOKEN, scopes: [READ_ORGANIZATION_CLIENT_GRANTS] }],
};

/** The text version 0.1.0 stored in state: the SDK's serialization of that version's providerShell. */
const OLD_TEXT_FILE = join(__dirname, "..", "fixtures", "providerText-0.1.0.txt");
/**
 * The text the thin provider shell stored in every state written since it replaced 0.1.0's, up to this layout of the
 * sources: the serializer must go on making exactly this from the shell, wherever its file sits, or every stored state
 * would get a new provider text (and an update) for nothing.
 */
const SHELL_TEXT_FILE = join(__dirname, "..", "fixtures", "providerText-thinShell.txt");

type Props = Record<string, unknown>;

const fixture = withEmulator({ seed });
const stackConfig = () => ({ "auth0:domain": fixture.emulator.origin, "auth0:apiToken": rpcSecret(TOKEN) });

/** The outputs the emulator's data calls for, with the provider text they were made with. */
function expectedState(providerText: string): Props {
  return { ...expectedOutputs(fixture.emulator, ORG), __provider: providerText };
}

/** What the engine does over a resource's life: Check and Create, Diff and Read (refresh), Update, then Delete. */
async function lifecycle(host: DynamicHost, providerText: string): Promise<Props> {
  const inputs = { organizationId: ORG, __provider: providerText };
  const checked = await host.check({}, inputs);
  expect(checked.failures).toEqual([]);
  const created = await host.create(checked.inputs);
  expect(created).toEqual({ id: ORG, properties: expectedState(providerText) });
  await expect(host.diff(ORG, created.properties, inputs)).resolves.toEqual({ changes: "none", replaces: [] });
  expect((await host.read(ORG, created.properties)).properties).toEqual(expectedState(providerText));
  const updated = await host.update(ORG, created.properties, inputs);
  await host.delete(ORG, updated.properties);
  return created.properties;
}

let oldText: string;
let shellText: string;
beforeAll(async () => {
  oldText = await readFile(OLD_TEXT_FILE, "utf8");
  shellText = await readFile(SHELL_TEXT_FILE, "utf8");
});

describe("the repository's own example: Pulumi.yaml at the top, the program in examples/program/", () => {
  // The engine starts the host in the program's directory; from the root is checked too (a `main` file, no `main`).
  const atProgram = withDynamicHost(() => ({ cwd: join(repoRoot, "examples", "program"), config: stackConfig() }));
  const atRoot = withDynamicHost(() => ({ cwd: repoRoot, config: stackConfig() }));

  test("the package is not installed in the repository: it is the package itself", () => {
    expect(existsSync(join(repoRoot, "node_modules", PACKAGE_NAME))).toBe(false);
  });

  test("the host started in the program's directory runs the whole lifecycle", async () => {
    await lifecycle(atProgram.host, atProgram.providerText);
  });

  test("the host started in the repository root runs the whole lifecycle", async () => {
    await lifecycle(atRoot.host, atRoot.providerText);
  });

  describe("in a clone before `npm run build`", () => {
    let clone: Project;
    beforeAll(async () => {
      clone = await unbuiltClone();
    });
    afterAll(() => clone?.remove());
    const unbuilt = withDynamicHost(() => ({ cwd: join(clone.dir, "examples", "program"), config: stackConfig() }));

    test("a hook that needs the implementation says to build it, naming the missing file", async () => {
      const error = await unbuilt.host.check({}, { organizationId: ORG, __provider: unbuilt.providerText }).then(
        () => undefined,
        (e: unknown) => e,
      );

      expect(error).toBeInstanceOf(HostCallError);
      expect((error as HostCallError).details).toMatch(/compiled file \S*providerImplementation\.js is missing\. In a clone of its repository, run npm run build/);
      expect((error as HostCallError).details).not.toMatch(/Cannot find module/);
    });
  });
});

describe("installed from the npm tarball", () => {
  let project: Project;
  beforeAll(async () => {
    project = await packedProject();
  });
  afterAll(() => project?.remove());
  const installed = withDynamicHost(() => ({ cwd: project.dir, config: stackConfig() }));

  test("the package is the extracted tarball, not a link to the repository", () => {
    expect(existsSync(join(project.dir, "node_modules", PACKAGE_NAME, "dist", "provider", "dynamicResource", "providerImplementation.js"))).toBe(true);
    expect(existsSync(join(project.dir, "node_modules", PACKAGE_NAME, "provider"))).toBe(false);
  });

  test("the current text runs the whole lifecycle", async () => {
    await lifecycle(installed.host, installed.providerText);
  });

  test("the current shell serializes to exactly the text the states written by earlier versions of it hold", () => {
    expect(installed.providerText).toBe(shellText);
  });

  test("the text 0.1.0 stored in state still runs the whole lifecycle, next to the current one", async () => {
    expect(oldText).toContain('require("pulumi-auth0-org-grants/dynamic-provider")');
    expect(oldText).not.toBe(installed.providerText);

    await lifecycle(installed.host, oldText);
  });

  describe("a program bundled with esbuild", () => {
    const program = (name: string) => `
      const { OrganizationClientGrants } = require("${PACKAGE_NAME}");
      const grants = new OrganizationClientGrants("${name}", { organizationId: "${ORG}" });
      exports.total = grants.total;
      exports.grantIds = grants.clientGrants.apply((gs) => gs.map((g) => g.id));
    `;

    test.each([
      ["the package inside the bundle", "inside", { minify: false }],
      ["the package inside a minified bundle", "minified", { minify: true }],
      ["the package marked external", "external", { external: [PACKAGE_NAME] }],
    ])("%s: the program runs, and its provider text runs through the host", async (_what, name, options) => {
      const entry = join(project.dir, `${name}.js`);
      await writeFile(entry, program(`bundled-${name}`));
      const bundle = await bundleProgram(entry, join(project.dir, `${name}.bundle.js`), options);
      // The package is in the bundle (its code, and no require of it left for Node to resolve), or only required.
      const inside = !("external" in options);
      expect(bundle.includes("OrganizationClientGrants takes no connection")).toBe(inside);
      expect(/require\(["']pulumi-auth0-org-grants["']\)/.test(bundle)).toBe(!inside);

      const run = await runProgram({ program: join(project.dir, `${name}.bundle.js`), cwd: project.dir, project: "layouts", config: {}, host: installed.host });

      const grants = fixture.emulator.grantsOf(ORG)!;
      expect(run.result.outputs).toEqual({ total: grants.length, grantIds: grants.map((g) => g.id) });
      const registered = run.result.registered.find((r) => r.type === RESOURCE_TYPE)!;
      const text = registered.inputs.__provider as string;
      expect(Buffer.byteLength(text)).toBeLessThan(32 * 1024);
      expect(text).not.toMatch(/zod|undici|__commonJS/);
      const read = await installed.host.read(ORG, expectedState(text));
      expect(read.properties).toEqual(expectedState(text));
      await installed.host.delete(ORG, read.properties);
    });
  });
});

describe("a project the package was removed from, with its resources, in one change", () => {
  let project: Project;
  beforeAll(async () => {
    project = await emptyProject();
  });
  afterAll(() => project?.remove());
  const removed = withDynamicHost(() => ({ cwd: project.dir, config: stackConfig() }));

  test("`pulumi up` and `pulumi destroy` delete the resources (Configure, then Delete) without the package", async () => {
    fixture.emulator.resetLog();

    await removed.host.delete(ORG, expectedState(removed.providerText));
    await removed.host.delete("org_another", { organizationId: "org_another", total: 0, clientGrants: [], __provider: removed.providerText });

    expect(fixture.emulator.requests).toEqual([]);
  });

  test.each(["check", "create", "read"] as const)("%s says to install the package in the project, not a bare 'Cannot find module'", async (hook) => {
    const inputs = { organizationId: ORG, __provider: removed.providerText };
    const call = { check: () => removed.host.check({}, inputs), create: () => removed.host.create(inputs), read: () => removed.host.read(ORG, inputs) }[hook];

    const error = await call().then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(HostCallError);
    expect((error as HostCallError).details).toMatch(/install pulumi-auth0-org-grants in the project that runs the Pulumi program/i);
    expect((error as HostCallError).details).not.toMatch(/Cannot find module/);
  });
});
