// The plugin as the engine starts it from an installed copy of the packed package: the handshake, GetPluginInfo,
// GetSchema against Pulumi's metaschema, CheckConfig's secrets, and UNIMPLEMENTED for what it does not serve.
import { UNKNOWN as WIRE_UNKNOWN } from "../helpers/rpcWire";
import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { HostCallError, installedPackages, installedProject, pluginFolderCopy, PluginProcess, rpcSecret, withPlugin, FUNCTION_TOKEN, RESOURCE_TOKEN } from "../helpers/pluginProcess";
import { repoRoot } from "../helpers/dist";

const hosted = withPlugin();
const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
  version: string;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
};

type Json = Record<string, unknown>;

/** Every `$ref` in the schema, with where it was found. */
function refs(value: unknown, at = "#"): { at: string; ref: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => refs(v, `${at}/${i}`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => (k === "$ref" && typeof v === "string" ? [{ at, ref: v }] : refs(v, `${at}/${k}`)));
}

/** Every object spec (`properties` beside `required`/`requiredInputs`) whose required names are not properties. */
function dangling(value: unknown, at = "#"): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => dangling(v, `${at}/${i}`));
  if (value === null || typeof value !== "object") return [];
  const o = value as Json;
  const own = [
    ...((o.required as string[] | undefined) ?? []).filter((n) => Array.isArray(o.required) && !(n in ((o.properties as Json) ?? {}))).map((n) => `${at}: required ${n}`),
    ...((o.requiredInputs as string[] | undefined) ?? []).filter((n) => !(n in ((o.inputProperties as Json) ?? {}))).map((n) => `${at}: requiredInputs ${n}`),
  ];
  return [...own, ...Object.entries(o).flatMap(([k, v]) => dangling(v, `${at}/${k}`))];
}

describe("the handshake", () => {
  test("prints the port as the first and only line of stdout, accepting the engine's logging flags", async () => {
    const { plugin } = hosted;
    await plugin.getPluginInfo();

    expect(plugin.firstStdoutLine).toBe(String(plugin.port));
    expect(plugin.stdout).toBe(`${plugin.port}\n`);
  });

  test("also starts from the package folder, as the plugin cache runs it after `pulumi plugin install --file`", async () => {
    const plugin = await PluginProcess.start({ executable: "packageFolder" });
    try {
      expect(await plugin.getPluginInfo()).toBe(pkg.version);
      expect(plugin.stdout).toBe(`${plugin.port}\n`);
    } finally {
      await plugin.stop();
    }
  });

  test("starts from a copy of a plugin folder made as docs/provider-plugin.md says, as the plugin cache holds it", async () => {
    // `pulumi plugin install --file <folder>` copies the folder: the copy must hold the plugin and everything it
    // requires, @pulumi/pulumi included (a global install's package folder does not: npm puts the peer beside it).
    const folder = await pluginFolderCopy();
    try {
      const plugin = await PluginProcess.start({ executable: { folder } });
      try {
        expect(await plugin.getPluginInfo()).toBe(pkg.version);
        expect(plugin.stdout).toBe(`${plugin.port}\n`);
      } finally {
        await plugin.stop();
      }
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  test("runs from an install that holds only the package's dependencies and peer dependencies", async () => {
    const installed = await installedPackages(await installedProject());

    for (const dev of ["jest", "typescript", "ajv", "fast-check", "@pulumi/auth0", "@pulumi/policy", "esbuild", "auth0"]) expect(installed).not.toContain(dev);
    for (const dep of [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies).filter((p) => p !== "@pulumi/policy")]) {
      expect(installed).toContain(dep);
    }
  });
});

test("GetPluginInfo answers the npm package's version", async () => {
  expect(await hosted.plugin.getPluginInfo()).toBe(pkg.version);
});

describe("GetSchema", () => {
  let schema: Json;
  beforeAll(async () => {
    schema = await hosted.plugin.getSchema();
  });

  test("is valid against Pulumi's package metaschema", () => {
    const metaschema = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "pulumi-package-metaschema.json"), "utf8")) as Json;
    const ajv = new Ajv2020({ allowUnionTypes: true, strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(metaschema);

    expect(validate(schema) ? [] : validate.errors).toEqual([]);
  });

  test("every $ref resolves to a type it declares, and every required name is a property", () => {
    const types = schema.types as Json;
    const unresolved = refs(schema).filter(({ ref }) => !(ref.startsWith("#/types/") && ref.slice("#/types/".length) in types));

    expect(refs(schema).length).toBeGreaterThan(0);
    expect(unresolved).toEqual([]);
    expect(dangling(schema)).toEqual([]);
  });

  test("names the package and its version, and declares the function, the resource and the types", () => {
    expect(schema).toMatchObject({ name: "auth0-org-grants", version: pkg.version });
    expect(Object.keys(schema.functions as Json)).toEqual([FUNCTION_TOKEN]);
    expect(Object.keys(schema.resources as Json)).toEqual([RESOURCE_TOKEN]);
    const fn = (schema.functions as Json)[FUNCTION_TOKEN] as { inputs: Json; outputs: Json };
    expect(fn.inputs).toMatchObject({ required: ["organizationId"], properties: { grantIds: { type: "array", items: { type: "string" } } } });
    expect(Object.keys(fn.inputs.properties as Json)).toEqual(["organizationId", "audience", "clientId", "grantIds", "includeAnyOrganization"]);
    expect(Object.keys(fn.outputs.properties as Json)).toEqual(["organizationId", "audience", "clientId", "grantIds", "includeAnyOrganization", "total", "clientGrants"]);
    expect((fn.outputs.properties as Json).clientGrants).toMatchObject({ type: "array", items: { $ref: "#/types/auth0-org-grants:index:ClientGrant" } });
    const grant = (schema.types as Json)["auth0-org-grants:index:ClientGrant"] as { properties: Json; required: string[] };
    expect(grant.required).toEqual(["id", "clientId", "audience", "scope"]);
    expect(Object.keys(grant.properties)).toEqual(expect.arrayContaining(["id", "clientId", "audience", "scope", "organizationUsage", "allowAnyOrganization", "allowAllScopes", "isSystem"]));
    expect(grant.properties.organizationUsage).toMatchObject({ $ref: "#/types/auth0-org-grants:index:OrganizationUsage" });
    expect((schema.types as Json)["auth0-org-grants:index:OrganizationUsage"]).toMatchObject({
      type: "string",
      enum: [{ value: "deny" }, { value: "allow" }, { value: "require" }],
    });
  });

  test("the resource takes the dynamic resource's inputs and has its outputs", () => {
    const resource = (schema.resources as Json)[RESOURCE_TOKEN] as Json;
    expect(Object.keys(resource.inputProperties as Json)).toEqual(["organizationId", "audience", "clientId", "grantIds", "includeAnyOrganization"]);
    expect(resource.requiredInputs).toEqual(["organizationId"]);
    expect(Object.keys(resource.properties as Json)).toEqual(["organizationId", "audience", "clientId", "grantIds", "includeAnyOrganization", "total", "clientGrants"]);
    expect(resource.required).toEqual(["organizationId", "total", "clientGrants"]);
  });

  test("every property has a description, and the config declares secrets and AUTH0_* defaults", () => {
    const undescribed: string[] = [];
    const walk = (value: unknown, at: string) => {
      if (value === null || typeof value !== "object") return;
      for (const [k, v] of Object.entries(value)) {
        if ((k === "properties" || k === "inputProperties" || k === "variables") && v && typeof v === "object") {
          for (const [name, prop] of Object.entries(v)) if (typeof (prop as Json).description !== "string" || !(prop as Json).description) undescribed.push(`${at}/${k}/${name}`);
        }
        walk(v, `${at}/${k}`);
      }
    };
    walk(schema, "#");
    expect(undescribed).toEqual([]);

    const variables = (schema.config as { variables: Record<string, Json> }).variables;
    expect(Object.keys(variables).sort()).toEqual(
      ["apiToken", "audience", "clientAssertionPrivateKey", "clientAssertionSigningAlg", "clientId", "clientSecret", "domain"].sort(),
    );
    expect(Object.entries(variables).filter(([, v]) => v.secret === true).map(([k]) => k).sort()).toEqual(["apiToken", "clientAssertionPrivateKey", "clientSecret"]);
    expect(variables.domain).toMatchObject({ type: "string", defaultInfo: { environment: ["AUTH0_DOMAIN"] } });
    expect(variables.clientSecret).toMatchObject({ defaultInfo: { environment: ["AUTH0_CLIENT_SECRET"] } });
  });

  test("has language sections for the Node, Python, Go and .NET SDKs", () => {
    const language = schema.language as Record<string, Json>;
    expect(language.nodejs).toMatchObject({ packageName: expect.any(String) });
    expect(language.python).toMatchObject({ packageName: "pulumi_auth0_org_grants" });
    expect(language.go).toMatchObject({ importBasePath: expect.stringMatching(/\/auth0orggrants$/) });
    // The local SDKs are reached through a `replace` (Go) or a `file:` dependency (Node). The Go import path sits
    // under example.com, Pulumi's own default for local SDKs, which nobody can publish a module at: a go.mod that
    // loses its replace fails instead of fetching whatever a stranger put at an unclaimed github.com owner.
    expect(language.go!.importBasePath).toMatch(/^example\.com\/pulumi-auth0-org-grants\/sdk\/go\//);
    expect(language.nodejs!.packageName).not.toBe("pulumi-auth0-org-grants");
    expect(language.csharp).toMatchObject({ namespaces: { "auth0-org-grants": "Auth0OrgGrants" } });
  });
});

describe("CheckConfig", () => {
  test("wraps the secret settings as secrets even when they come plain, and keeps the others as given", async () => {
    const answer = await hosted.plugin.checkConfig({
      domain: "tenant.eu.auth0.com",
      apiToken: "tok_checkConfig_plain_1234",
      clientId: "client-1",
      clientSecret: rpcSecret("secret_already_wrapped_1234"),
      clientAssertionPrivateKey: "-----BEGIN PRIVATE KEY-----x",
      version: "0.1.0",
    });

    expect(answer).toEqual({
      inputs: {
        domain: "tenant.eu.auth0.com",
        apiToken: rpcSecret("tok_checkConfig_plain_1234"),
        clientId: "client-1",
        clientSecret: rpcSecret("secret_already_wrapped_1234"),
        clientAssertionPrivateKey: rpcSecret("-----BEGIN PRIVATE KEY-----x"),
        version: "0.1.0",
      },
      failures: [],
    });
  });

  test("in a preview, leaves settings not known yet unjudged (an explicit provider fed by another resource's outputs)", async () => {
    const UNKNOWN = WIRE_UNKNOWN.string;
    const answer = await hosted.plugin.checkConfig({
      domain: UNKNOWN,
      clientId: "client-1",
      clientAssertionPrivateKey: rpcSecret(UNKNOWN),
      clientAssertionSigningAlg: UNKNOWN,
    });

    expect(answer).toEqual({
      inputs: { domain: UNKNOWN, clientId: "client-1", clientAssertionPrivateKey: rpcSecret(UNKNOWN), clientAssertionSigningAlg: UNKNOWN },
      failures: [],
    });
  });

  test("refuses a misspelt setting, which would be ignored while the environment's credentials stand in for it, and keeps it secret", async () => {
    const answer = await hosted.plugin.checkConfig({ domain: "tenant.eu.auth0.com", apitoken: "tok_misspelt_key_12345", client_secret: "misspelt-secret-1234", version: "0.1.0" });

    expect(answer.failures).toEqual([
      { property: "apitoken", reason: expect.stringContaining("auth0-org-grants:apiToken") },
      { property: "client_secret", reason: expect.stringContaining("auth0-org-grants:clientSecret") },
    ]);
    expect(answer.inputs).toMatchObject({ apitoken: rpcSecret("tok_misspelt_key_12345"), client_secret: rpcSecret("misspelt-secret-1234"), version: "0.1.0" });
    expect(JSON.stringify(answer.failures)).not.toMatch(/tok_misspelt|misspelt-secret/);
  });

  test("reports an unusable domain under `domain` without quoting it", async () => {
    const answer = await hosted.plugin.checkConfig({ domain: "http://tenant.example.com" });

    expect(answer.failures).toEqual([{ property: "domain", reason: expect.stringContaining("plain http:// is only allowed for loopback hosts") }]);
    expect(JSON.stringify(answer.failures)).not.toContain("tenant.example.com");
  });
});

test("answers UNIMPLEMENTED for what it does not serve", async () => {
  const error = await hosted.plugin.construct().catch((e: unknown) => e);

  expect(error).toBeInstanceOf(HostCallError);
  expect((error as HostCallError).code).toBe(grpc.status.UNIMPLEMENTED);
});
