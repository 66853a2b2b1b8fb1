// The program side of a Pulumi deployment, in a child Node process: the SDK's closure serializer needs real Node
// modules, not jest's sandbox, and the package is loaded compiled from dist/, as users load it.
//
//   node pulumiProgramChild.js serialize          the `__provider` text the SDK stores with a resource
//   node pulumiProgramChild.js run <program.js>   the program under `pulumi.runtime.setMocks`
//   node pulumiProgramChild.js capture <program.js> preview|update
//                                                  the same, recording every registration as the engine receives it
//
// In `run`, every dynamic resource the program registers goes to the parent over IPC, which hands it to the real
// dynamic-provider host (Check, then Create) and answers with what the host returned. Configuration comes from
// PULUMI_CONFIG and PULUMI_CONFIG_SECRET_KEYS, as the Pulumi CLI passes the stack's config to a program.
/* global process, __dirname */
"use strict";
const path = require("node:path");
const pulumi = require("@pulumi/pulumi");

const dist = path.join(__dirname, "..", "..", "dist");
const [mode, programPath] = process.argv.slice(2);
const project = process.env.TEST_PULUMI_PROJECT || "org-grants-project";
const stack = "test";

let failed = false;
function fail(error) {
  if (failed) return;
  failed = true;
  process.send({ kind: "error", message: String((error && error.stack) || error) }, () => process.exit(1));
}
// Under mocks, a serialization failure shows only as an unhandled rejection: it must fail the run.
process.on("unhandledRejection", fail);
process.on("uncaughtException", fail);

let seq = 0;
const pending = new Map();
process.on("message", (message) => {
  const waiting = pending.get(message.seq);
  if (!waiting) return;
  pending.delete(message.seq);
  if (message.error) waiting.reject(new Error(message.error));
  else waiting.resolve(message.answer);
});

function ask(request) {
  const id = ++seq;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    process.send({ kind: "newResource", seq: id, request });
  });
}

/** Secret inputs arrive wrapped; the host reports acceptSecrets=false, so the engine would send them plain. */
function unwrapSecrets(value) {
  const unwrapped = pulumi.runtime.unwrapRpcSecret(value);
  if (Array.isArray(unwrapped)) return unwrapped.map(unwrapSecrets);
  if (unwrapped !== null && typeof unwrapped === "object") {
    return Object.fromEntries(Object.entries(unwrapped).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return unwrapped;
}

async function serialize() {
  const { OrganizationClientGrants } = require(path.join(dist, "provider", "index.js"));
  const { providerShell } = require(path.join(dist, "provider", "dynamicResource", "providerShell.js"));
  const registered = [];
  pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => {
        throw new Error(`unexpected invoke ${args.token}`);
      },
    },
    project,
    stack,
    false,
  );
  // Directly, as the issue asks: a failure here is an error, not a silent missing resource.
  const direct = await pulumi.runtime.serializeFunction(() => providerShell);
  await pulumi.runtime.runInPulumiStack(async () => {
    // Returning the id makes the stack wait for the registration.
    return { id: new OrganizationClientGrants("probe", { organizationId: "org_probe" }).id };
  });
  const resource = registered.find((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));
  if (!resource) throw new Error(`no dynamic resource was registered (got ${JSON.stringify(registered.map((r) => r.type))})`);
  return { providerText: resource.inputs.__provider, directText: direct.text, type: resource.type, inputs: resource.inputs };
}

async function run() {
  const registered = [];
  pulumi.runtime.setMocks(
    {
      newResource: async (args) => {
        const inputs = unwrapSecrets(args.inputs);
        registered.push({ type: args.type, name: args.name, inputs });
        if (!args.type.startsWith("pulumi-nodejs:dynamic/")) return { id: `${args.name}-id`, state: inputs };
        const answer = await ask({ type: args.type, name: args.name, inputs });
        return { id: answer.id, state: answer.state };
      },
      call: (args) => {
        throw new Error(`unexpected invoke ${args.token}`);
      },
    },
    project,
    stack,
    false,
  );
  const outputs = await pulumi.runtime.runInPulumiStack(async () => require(path.resolve(programPath)));
  return { outputs: unwrapSecrets(outputs), registered };
}

// What a registration looks like on the wire, for `capture`: the SDK's RegisterResourceRequest (inputs with the
// engine's unknown sentinels, dependencies, property dependencies) and the monitor's answer (URN, id, outputs).
// The mock's newResource never sees dependencies, so the capture wraps the mock monitor's registerResource.
function recordRegistrations(registrations) {
  const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks");
  // A resource read with `Resource.get` reaches the engine as a ReadResource: it is in the stack (AnalyzeStack sees
  // its state) but the engine never hands it to Analyze. Recorded with `read: true`.
  const originalRead = MockMonitor.prototype.readResource;
  MockMonitor.prototype.readResource = function (req, callback) {
    return originalRead.call(this, req, (error, response) => {
      if (!error) {
        registrations.push({
          type: req.getType(),
          name: req.getName(),
          custom: true,
          read: true,
          parent: req.getParent() || undefined,
          urn: response.getUrn(),
          id: req.getId(),
          inputs: req.getProperties() ? req.getProperties().toJavaScript() : {},
          outputs: response.getProperties() ? response.getProperties().toJavaScript() : {},
          dependencies: req.getDependenciesList(),
          propertyDependencies: {},
        });
      }
      callback(error, response);
    });
  };
  const original = MockMonitor.prototype.registerResource;
  MockMonitor.prototype.registerResource = function (req, callback) {
    return original.call(this, req, (error, response) => {
      if (!error) {
        const propertyDependencies = {};
        for (const [key, deps] of req.getPropertydependenciesMap().entries()) propertyDependencies[key] = deps.getUrnsList();
        registrations.push({
          type: req.getType(),
          name: req.getName(),
          custom: req.getCustom(),
          parent: req.getParent() || undefined,
          urn: response.getUrn(),
          id: response.getId() || undefined,
          inputs: req.getObject() ? req.getObject().toJavaScript() : {},
          outputs: response.getObject() ? response.getObject().toJavaScript() : {},
          dependencies: req.getDependenciesList(),
          propertyDependencies,
        });
      }
      callback(error, response);
    });
  };
}

// The engine's marker for a value not known in a preview (sdk/go/common/resource/plugin/rpc.go).
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * `capture`: the program under mocks in a preview or an update. In a preview a custom resource has no id yet and
 * its outputs are its inputs (the engine does not create it); in an update the ids come from TEST_MOCK_IDS (by
 * resource name), what the provider reads back beyond the inputs from TEST_MOCK_STATES (by resource name), and
 * dynamic resources are answered by the parent. Outputs of @pulumi/auth0 resources carry their id, as bridged
 * providers' outputs do.
 */
async function capture() {
  const preview = process.argv[4] === "preview";
  const ids = JSON.parse(process.env.TEST_MOCK_IDS || "{}");
  const states = JSON.parse(process.env.TEST_MOCK_STATES || "{}");
  const registrations = [];
  recordRegistrations(registrations);
  pulumi.runtime.setMocks(
    {
      newResource: async (args) => {
        const dynamic = args.type.startsWith("pulumi-nodejs:dynamic/");
        if (!args.custom) return { id: undefined, state: args.inputs };
        // A read (`get`) names an existing resource: the engine reads it in a preview too, so its id is known.
        if (args.id) return { id: args.id, state: { ...args.inputs, id: args.id } };
        if (preview) return { id: undefined, state: dynamic ? args.inputs : { ...args.inputs, id: UNKNOWN_STRING } };
        if (dynamic) {
          const answer = await ask({ type: args.type, name: args.name, inputs: unwrapSecrets(args.inputs) });
          return { id: answer.id, state: answer.state };
        }
        const id = ids[args.name] || `${args.name}-id`;
        return { id, state: { ...args.inputs, ...states[args.name], id } };
      },
      call: (args) => {
        throw new Error(`unexpected invoke ${args.token}`);
      },
    },
    project,
    stack,
    preview,
  );
  const outputs = await pulumi.runtime.runInPulumiStack(async () => require(path.resolve(programPath)));
  return { outputs: unwrapSecrets(outputs), registrations };
}

const modes = { serialize, run, capture };
(modes[mode] ? modes[mode]() : Promise.reject(new Error(`unknown mode ${mode}`))).then(
  (result) => process.send({ kind: "done", result }, () => process.exit(0)),
  fail,
);
