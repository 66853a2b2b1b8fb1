// Drives a compiled policy pack the way the Pulumi engine does, without the CLI: start the pack's program as a child
// process, read the port it prints, and speak `pulumirpc.Analyzer` to it over gRPC. The engine's own side of policy
// configuration (defaults from each policy's schema, validation against it) is reproduced in `configure`, so a test
// can show both what the engine would refuse and what the pack itself refuses.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { z } from "zod";
import { perTestFile } from "./perTestFile";

export const REPO_ROOT = resolve(__dirname, "..", "..");
export const EXAMPLE_PACK_PROGRAM = join(REPO_ROOT, "dist", "examples", "policy-pack", "index.js");

/**
 * The type token the engine reports for the dynamic resource (`pulumi-nodejs:dynamic/<module>:<type>`), written out
 * rather than imported, so a test fails if the package's constant drifts from what the SDK registers.
 */
export const ORGANIZATION_CLIENT_GRANTS_TYPE = "pulumi-nodejs:dynamic/auth0:OrganizationClientGrants";

export { UNKNOWN, rpcSecret as secret } from "./rpcWire";

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

/** A policy pack configuration in the `--policy-pack-config` file format. */
export type PolicyPackConfig = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

export interface ResourceUnderTest {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** Inputs for `analyze`, outputs for `analyzeStack`: plain JSON, with `UNKNOWN` sentinels and `secret(...)` allowed. */
  readonly properties: Record<string, unknown>;
  readonly parent?: string;
  readonly dependencies?: readonly string[];
  /** For `analyzeStack`: which resources each input property came from, by URN. */
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

export interface Diagnostic {
  readonly policyName: string;
  readonly policyPackName: string;
  readonly policyPackVersion: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly description: string;
  readonly message: string;
  readonly urn: string;
}

export interface AnalyzeResult {
  readonly diagnostics: Diagnostic[];
  readonly notApplicable: { policyName: string; reason: string }[];
}

export interface PolicyInfo {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly policyType: "resource" | "stack" | "unknown";
  readonly configSchema?: { properties: Record<string, Record<string, unknown>>; required: string[] };
}

export interface AnalyzerInfo {
  readonly name: string;
  readonly version: string;
  readonly supportsConfig: boolean;
  readonly policies: PolicyInfo[];
}

export function resourceUrn(type: string, name: string): string {
  return `urn:pulumi:dev::auth0-grants::${type}::${name}`;
}

// What the dynamic-resource SDK puts in `__provider`: the provider's serialized module. Policies must ignore it.
const SERIALIZED_PROVIDER = 'exports.handler = __provider;\nvar __provider = {create: __f0, read: __f1};\nfunction __f0() { return (function() { with({  }) { return async (inputs) => require("pulumi-auth0-org-grants/dynamic-provider").create(inputs); } }).apply(undefined, undefined).apply(this, arguments); }\n';

/**
 * An `OrganizationClientGrants` as the engine describes it to the analyzer. `properties` are its outputs for
 * `analyzeStack` or its inputs for `analyze`; the dynamic provider's `__provider` is added as the engine would.
 */
export function organizationClientGrantsResource(name: string, properties: Record<string, unknown>): ResourceUnderTest {
  return {
    type: ORGANIZATION_CLIENT_GRANTS_TYPE,
    name,
    urn: resourceUrn(ORGANIZATION_CLIENT_GRANTS_TYPE, name),
    // Outputs the real host produced carry their own provider text; fixtures get the stand-in.
    properties: { __provider: SERIALIZED_PROVIDER, ...properties },
  };
}

const LEVEL_TO_PROTO: Record<EnforcementLevel, analyzerpb.EnforcementLevel> = {
  advisory: analyzerpb.EnforcementLevel.ADVISORY,
  mandatory: analyzerpb.EnforcementLevel.MANDATORY,
  remediate: analyzerpb.EnforcementLevel.REMEDIATE,
  disabled: analyzerpb.EnforcementLevel.DISABLED,
};

function levelFromProto(level: analyzerpb.EnforcementLevel): EnforcementLevel {
  const found = (Object.keys(LEVEL_TO_PROTO) as EnforcementLevel[]).find((name) => LEVEL_TO_PROTO[name] === level);
  if (!found) throw new Error(`unknown enforcement level ${level}`);
  return found;
}

/** The engine refused a configuration before sending it (the CLI prints these and stops). */
export class EngineConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid policy pack configuration:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "EngineConfigError";
  }
}

/** The analyzer answered a call with an error; `details` is its text as the engine would print it. */
export class AnalyzerCallError extends Error {
  constructor(
    readonly method: string,
    readonly code: grpc.status,
    readonly details: string,
  ) {
    super(`${method} failed (${grpc.status[code]}): ${details}`);
    this.name = "AnalyzerCallError";
  }
}

export interface StartOptions {
  /** The compiled pack program; the example pack by default. */
  readonly program?: string;
  /** Where the pack runs: `new PolicyPack` reads its version from `<cwd>/package.json`. The repository root by default. */
  readonly cwd?: string;
  readonly startTimeoutMs?: number;
}

/** Starts a policy pack for this test file (beforeAll) and stops it (afterAll); `pack` is usable inside tests. */
export function withPolicyPack(options: StartOptions = {}): { readonly pack: PolicyPackUnderTest } {
  const started = perTestFile("the policy pack", () => startPolicyPack(options), (pack) => pack.stop());
  return {
    get pack() {
      return started.current;
    },
  };
}

/** Starts a policy pack program and connects to it. Call `stop()` in `afterAll`: the child outlives its parent otherwise. */
export async function startPolicyPack(options: StartOptions = {}): Promise<PolicyPackUnderTest> {
  const program = options.program ?? EXAMPLE_PACK_PROGRAM;
  if (!existsSync(program)) throw new Error(`${program} does not exist: run \`npm run build\` first (\`npm test\` does).`);
  const child = spawn(process.execPath, [program], {
    cwd: options.cwd ?? REPO_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  try {
    const port = await readPort(child, options.startTimeoutMs ?? 15_000);
    return new PolicyPackUnderTest(child, port, killOnExit);
  } catch (error) {
    child.kill("SIGKILL");
    process.removeListener("exit", killOnExit);
    throw error;
  }
}

function readPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => fail(new Error(`the policy pack printed no port within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf("\n");
      if (newline < 0) return;
      const port = Number(stdout.slice(0, newline).trim());
      clearTimeout(timer);
      if (Number.isInteger(port) && port > 0) resolvePort(port);
      else reject(new Error(`the policy pack printed ${JSON.stringify(stdout.slice(0, newline))} instead of a port; stderr: ${stderr}`));
    });
    child.once("exit", (code, signal) => fail(new Error(`the policy pack exited (${code ?? signal}) before printing its port; stderr: ${stderr}`)));
  });
}

export class PolicyPackUnderTest {
  private readonly client: AnalyzerClient;
  private info?: AnalyzerInfo;

  constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    private readonly killOnExit: () => void,
  ) {
    this.client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  }

  async getAnalyzerInfo(): Promise<AnalyzerInfo> {
    const response = await this.call<Empty, analyzerpb.AnalyzerInfo>("GetAnalyzerInfo", (req, cb) => this.client.getAnalyzerInfo(req, cb), new Empty());
    this.info = {
      name: response.getName(),
      version: response.getVersion(),
      supportsConfig: response.getSupportsconfig(),
      policies: response.getPoliciesList().map((p) => {
        const schema = p.getConfigschema();
        const type = p.getPolicyType();
        return {
          name: p.getName(),
          description: p.getDescription(),
          enforcementLevel: levelFromProto(p.getEnforcementlevel()),
          policyType:
            type === analyzerpb.PolicyType.POLICY_TYPE_RESOURCE ? "resource" : type === analyzerpb.PolicyType.POLICY_TYPE_STACK ? "stack" : "unknown",
          ...(schema
            ? {
                configSchema: {
                  properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<string, Record<string, unknown>>,
                  required: schema.getRequiredList(),
                },
              }
            : {}),
        };
      }),
    };
    return this.info;
  }

  /**
   * Configures the pack as the engine does (pkg/resource/analyzer ReconcilePolicyPackConfig): every policy starts at
   * its own enforcement level with the `default` of each property of its schema, the `all` entry then the per-policy
   * entries are applied, each policy's properties are validated against the schema it advertised, and only then is
   * the whole configuration sent. Throws {@link EngineConfigError} where the engine would refuse.
   */
  async configure(config: PolicyPackConfig = {}): Promise<void> {
    const info = this.info ?? (await this.getAnalyzerInfo());
    const reconciled = new Map<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }>();
    for (const policy of info.policies) {
      const properties: Record<string, unknown> = {};
      for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
        if ("default" in schema) properties[key] = schema.default;
      }
      reconciled.set(policy.name, { enforcementLevel: policy.enforcementLevel, properties });
    }
    const entries = Object.entries(config).map(([name, value]) => [name, typeof value === "string" ? { enforcementLevel: value } : value] as const);
    for (const [name, { enforcementLevel }] of entries) {
      if (name === "all" && enforcementLevel) for (const target of reconciled.values()) target.enforcementLevel = enforcementLevel;
    }
    for (const [name, { enforcementLevel, ...properties }] of entries) {
      if (name === "all") continue;
      const target = reconciled.get(name) ?? { enforcementLevel: "advisory", properties: {} };
      if (enforcementLevel) target.enforcementLevel = enforcementLevel;
      Object.assign(target.properties, properties);
      reconciled.set(name, target);
    }
    const problems: string[] = [];
    for (const policy of info.policies) {
      if (!policy.configSchema) continue;
      const schema = z.fromJSONSchema({ type: "object", properties: policy.configSchema.properties, required: policy.configSchema.required });
      const parsed = schema.safeParse(reconciled.get(policy.name)?.properties ?? {});
      if (!parsed.success) for (const issue of parsed.error.issues) problems.push(`${policy.name}: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
    }
    if (problems.length > 0) throw new EngineConfigError(problems);
    await this.configureRaw(
      Object.fromEntries([...reconciled].map(([name, { enforcementLevel, properties }]) => [name, { ...properties, enforcementLevel }])),
    );
  }

  /**
   * Sends a configuration as given, without the engine's checks: what an older engine or a hand-written client would
   * send. On the wire a policy without `enforcementLevel` is advisory (the enum's zero value).
   */
  async configureRaw(config: PolicyPackConfig): Promise<void> {
    const request = new analyzerpb.ConfigureAnalyzerRequest();
    const map = request.getPolicyconfigMap();
    for (const [name, value] of Object.entries(config)) {
      const { enforcementLevel, ...properties } = typeof value === "string" ? { enforcementLevel: value } : value;
      const policyConfig = new analyzerpb.PolicyConfig();
      if (enforcementLevel) policyConfig.setEnforcementlevel(LEVEL_TO_PROTO[enforcementLevel]);
      policyConfig.setProperties(Struct.fromJavaScript(properties as Record<string, never>));
      map.set(name, policyConfig);
    }
    await this.call<analyzerpb.ConfigureAnalyzerRequest, Empty>("Configure", (req, cb) => this.client.configure(req, cb), request);
  }

  /** `Analyze`: one resource's inputs, as the engine sends them before the resource is created or updated. */
  async analyze(resource: ResourceUnderTest): Promise<AnalyzeResult> {
    const request = new analyzerpb.AnalyzeRequest();
    request.setType(resource.type);
    request.setName(resource.name);
    request.setUrn(resource.urn);
    request.setProperties(Struct.fromJavaScript(resource.properties as Record<string, never>));
    request.setOptions(resourceOptions(resource));
    return toResult(await this.call("Analyze", (req, cb) => this.client.analyze(req, cb), request));
  }

  /** `AnalyzeStack`: every resource's outputs, as the engine sends them at the end of a preview or an update. */
  async analyzeStack(resources: readonly ResourceUnderTest[]): Promise<AnalyzeResult> {
    const request = new analyzerpb.AnalyzeStackRequest();
    request.setResourcesList(
      resources.map((resource) => {
        const r = new analyzerpb.AnalyzerResource();
        r.setType(resource.type);
        r.setName(resource.name);
        r.setUrn(resource.urn);
        r.setProperties(Struct.fromJavaScript(resource.properties as Record<string, never>));
        // Without options the analyzer answers that a newer Pulumi CLI is required.
        r.setOptions(resourceOptions(resource));
        if (resource.parent) r.setParent(resource.parent);
        r.setDependenciesList([...(resource.dependencies ?? [])]);
        for (const [key, urns] of Object.entries(resource.propertyDependencies ?? {})) {
          r.getPropertydependenciesMap().set(key, new analyzerpb.AnalyzerPropertyDependencies().setUrnsList([...urns]));
        }
        return r;
      }),
    );
    return toResult(await this.call("AnalyzeStack", (req, cb) => this.client.analyzeStack(req, cb), request));
  }

  /** Closes the connection and ends the child process, waiting for it to exit. */
  async stop(): Promise<void> {
    this.client.close();
    process.removeListener("exit", this.killOnExit);
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((done) => this.child.once("exit", () => done()));
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 3_000);
    await exited;
    clearTimeout(timer);
  }

  private call<Req, Res>(
    method: string,
    invoke: (request: Req, callback: (error: grpc.ServiceError | null, response: Res) => void) => unknown,
    request: Req,
  ): Promise<Res> {
    return new Promise((resolveCall, reject) => {
      invoke(request, (error, response) => {
        if (error) reject(new AnalyzerCallError(method, error.code, error.details));
        else resolveCall(response);
      });
    });
  }
}

function resourceOptions(resource: ResourceUnderTest): analyzerpb.AnalyzerResourceOptions {
  const options = new analyzerpb.AnalyzerResourceOptions();
  options.setProtect(false);
  if (resource.parent) options.setParent(resource.parent);
  return options;
}

function toResult(response: analyzerpb.AnalyzeResponse): AnalyzeResult {
  return {
    diagnostics: response.getDiagnosticsList().map((d) => ({
      policyName: d.getPolicyname(),
      policyPackName: d.getPolicypackname(),
      policyPackVersion: d.getPolicypackversion(),
      enforcementLevel: levelFromProto(d.getEnforcementlevel()),
      description: d.getDescription(),
      message: d.getMessage(),
      urn: d.getUrn(),
    })),
    notApplicable: response.getNotApplicableList().map((n) => ({ policyName: n.getPolicyName(), reason: n.getReason() })),
  };
}

/** The parts of a diagnostic a test asserts on. */
export interface Violation {
  readonly policyName: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly message: string;
  readonly urn: string;
}

export function violations(result: AnalyzeResult): Violation[] {
  return result.diagnostics.map(({ policyName, enforcementLevel, message, urn }) => ({ policyName, enforcementLevel, message, urn }));
}

/**
 * The violation a policy reports with `reportViolation(text, urn)`: @pulumi/policy puts the policy's description on
 * the first line of the message and the text on the second.
 */
export function violation(policy: { name: string; description: string }, enforcementLevel: EnforcementLevel, text: string, urn: string): Violation {
  return { policyName: policy.name, enforcementLevel, message: `${policy.description}\n${text}`, urn };
}

/** A note the policy module reports at the advisory level (properties not known yet): the text alone. */
export function note(policy: { name: string }, text: string, urn: string): Violation {
  return { policyName: policy.name, enforcementLevel: "advisory", message: text, urn };
}
