// examples/yaml/Pulumi.yaml against the schema the plugin serves: every resource's type and properties, every
// `fn::invoke`'s function, arguments and `return`, and every `${...}` reference (config, variables, resource outputs
// walked through the schema's types), as Pulumi YAML type-checks them before it runs anything.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../helpers/dist";
import * as yaml from "js-yaml";
import { withPlugin } from "../helpers/pluginProcess";

type Json = Record<string, unknown>;
interface Spec {
  type?: string;
  $ref?: string;
  items?: Spec;
  properties?: Record<string, Spec>;
  enum?: { value: unknown }[];
}
interface Program {
  config?: Record<string, { type: string }>;
  resources?: Record<string, { type: string; properties?: Json; options?: Json }>;
  variables?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

const hosted = withPlugin();
const program = yaml.load(readFileSync(join(repoRoot, "examples", "yaml", "Pulumi.yaml"), "utf8")) as Program & Json;

/** A checker of one program against one schema; every problem is collected as "where: what". */
function checker(schema: Json) {
  const problems: string[] = [];
  const types = schema.types as Record<string, Spec>;
  const functions = schema.functions as Record<string, { inputs: { properties: Record<string, Spec>; required?: string[] }; outputs: { properties: Record<string, Spec> } }>;
  const resources = schema.resources as Record<string, { inputProperties: Record<string, Spec>; requiredInputs?: string[]; properties: Record<string, Spec> }>;
  const provider = schema.provider as { inputProperties: Record<string, Spec>; properties?: Record<string, Spec> };
  const providerType = `pulumi:providers:${schema.name as string}`;

  const deref = (spec: Spec): Spec => (spec.$ref ? (types[spec.$ref.replace("#/types/", "")] ?? { type: `dangling ${spec.$ref}` }) : spec);

  const resourceInputs = (type: string) => (type === providerType ? provider.inputProperties : resources[type]?.inputProperties);
  const resourceOutputs = (type: string) => (type === providerType ? (provider.properties ?? {}) : resources[type]?.properties);

  /** The type of `${expression}`: config, a variable, or a resource output walked property by property. */
  function typeOf(expression: string, at: string): Spec | undefined {
    const [head, ...rest] = expression.split(/\.|(?=\[)/);
    let spec: Spec | undefined;
    if (program.config?.[head!]) spec = { type: program.config[head!]!.type };
    else if (program.variables && head! in program.variables) spec = valueType(program.variables[head!], `variables.${head}`);
    else if (program.resources?.[head!]) spec = { type: "object", properties: resourceOutputs(program.resources[head!]!.type) };
    else problems.push(`${at}: \${${expression}} names nothing the program declares`);
    for (const step of rest) {
      if (spec === undefined) return undefined;
      spec = deref(spec);
      if (/^\[\d+\]$/.test(step)) spec = spec.type === "array" ? spec.items : undefined;
      else spec = spec.properties?.[step];
      if (spec === undefined) problems.push(`${at}: \${${expression}} has no ${step}`);
    }
    return spec === undefined ? undefined : deref(spec);
  }

  const EXPRESSION = /^\$\{([^}]+)\}$/;

  /** The type a value has (for variables and invoke results). */
  function valueType(value: unknown, at: string): Spec | undefined {
    if (typeof value === "string") return EXPRESSION.test(value) ? typeOf(EXPRESSION.exec(value)![1]!, at) : { type: "string" };
    if (value !== null && typeof value === "object" && "fn::invoke" in value) return invoke((value as Json)["fn::invoke"] as Json, at);
    return undefined;
  }

  /** Checks `value` against `spec`, reporting a mismatch. */
  function check(value: unknown, spec: Spec, at: string): void {
    const want = deref(spec);
    const got = valueType(value, at);
    if (got !== undefined) {
      if (got.type !== want.type && !(want.enum && got.type === "string")) problems.push(`${at}: a ${got.type} where the schema wants a ${want.type}`);
      return;
    }
    if (Array.isArray(value)) {
      if (want.type !== "array") problems.push(`${at}: a list where the schema wants a ${want.type}`);
      else value.forEach((item, i) => check(item, want.items!, `${at}[${i}]`));
      return;
    }
    if (typeof value !== want.type) problems.push(`${at}: ${JSON.stringify(value)} is not a ${want.type}`);
  }

  function argumentsOf(values: Json, properties: Record<string, Spec>, required: readonly string[], at: string): void {
    for (const [key, value] of Object.entries(values)) {
      const spec = properties[key];
      if (spec === undefined) problems.push(`${at}.${key}: not a property the schema declares`);
      else check(value, spec, `${at}.${key}`);
    }
    for (const name of required) if (!(name in values)) problems.push(`${at}: ${name} is required`);
  }

  function invoke(call: Json, at: string): Spec | undefined {
    const token = call.function as string;
    const fn = functions[token];
    if (fn === undefined) {
      problems.push(`${at}: no function ${token}`);
      return undefined;
    }
    argumentsOf((call.arguments as Json) ?? {}, fn.inputs.properties, fn.inputs.required ?? [], `${at}.arguments`);
    if (call.return === undefined) return { type: "object", properties: fn.outputs.properties };
    const returned = fn.outputs.properties[call.return as string];
    if (returned === undefined) problems.push(`${at}.return: ${String(call.return)} is not an output of ${token}`);
    return returned;
  }

  return {
    problems,
    run(): string[] {
      for (const [name, resource] of Object.entries(program.resources ?? {})) {
        const inputs = resourceInputs(resource.type);
        if (inputs === undefined) {
          problems.push(`resources.${name}: no resource type ${resource.type}`);
          continue;
        }
        const required = resource.type === providerType ? [] : (resources[resource.type]!.requiredInputs ?? []);
        argumentsOf(resource.properties ?? {}, inputs, required, `resources.${name}.properties`);
        const providerRef = resource.options?.provider;
        if (providerRef !== undefined && program.resources?.[EXPRESSION.exec(String(providerRef))?.[1] ?? ""]?.type !== providerType) {
          problems.push(`resources.${name}.options.provider: not a ${providerType} resource`);
        }
      }
      for (const [name, value] of Object.entries(program.variables ?? {})) valueType(value, `variables.${name}`);
      for (const [name, value] of Object.entries(program.outputs ?? {})) valueType(value, `outputs.${name}`);
      return problems;
    },
  };
}

test("is a Pulumi YAML program that invokes the function and declares the resource, on two tenants", () => {
  expect(program.runtime).toBe("yaml");
  const text = JSON.stringify(program);
  expect(text).toContain('"fn::invoke":{"function":"auth0-org-grants:index:getOrganizationClientGrants"');
  expect(Object.values(program.resources ?? {}).map((r) => r.type)).toEqual(
    expect.arrayContaining(["auth0-org-grants:index:OrganizationClientGrants", "pulumi:providers:auth0-org-grants"]),
  );
  // The grants themselves (each with its id), as whole lists: an element by index fails on an organization without grants.
  expect(Object.values(program.outputs ?? {})).toEqual(expect.arrayContaining(["${organizationGrants.clientGrants}", "${tenantBGrants.clientGrants}"]));
  expect(JSON.stringify(program.outputs)).not.toMatch(/\[\d+\]/);
});

test("every resource, invoke and reference checks against the schema the plugin serves", async () => {
  const schema = await hosted.plugin.getSchema();

  expect(checker(schema).run()).toEqual([]);
});

test("the checker catches what Pulumi YAML would refuse", async () => {
  const schema = await hosted.plugin.getSchema();
  const broken = checker({
    ...schema,
    functions: { "auth0-org-grants:index:getOrganizationClientGrants": { inputs: { properties: {}, required: ["organizationIdx"] }, outputs: { properties: {} } } },
    resources: {},
  });

  const problems = broken.run();
  expect(problems).toEqual(
    expect.arrayContaining([
      expect.stringContaining("no resource type auth0-org-grants:index:OrganizationClientGrants"),
      expect.stringContaining("organizationId: not a property the schema declares"),
      expect.stringContaining("organizationIdx is required"),
      expect.stringContaining("clientGrants is not an output"),
    ]),
  );
});
