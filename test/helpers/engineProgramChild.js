// A TypeScript-surface Pulumi program run by the real engine, in a child Node process started in the project's folder:
// the Automation API's inline programs are how Node.js programs run without the Node language host (which cannot be
// built here). The SDK serves the program itself to the real `pulumi` (`--client`); the CLI, the engine, state, diffs
// and the dynamic-provider process are the real ones. The child is outside jest's module sandbox because the SDK's
// closure serializer needs real Node modules, and it loads `@pulumi/pulumi` from the project's node_modules (the
// packed install), so the program and the SDK share one copy, as in a user's project.
//
// The parent sends { seq, op, args } over IPC and gets { seq, result } or { seq, error } back; see engineProgram.ts.
// The program is the project's index.js, loaded afresh for every operation, as the language host does.
/* global process */
"use strict";
const path = require("node:path");
const { createRequire } = require("node:module");

const projectDir = process.cwd();
const entry = path.join(projectDir, "index.js");
const projectRequire = createRequire(entry);
const automation = projectRequire("@pulumi/pulumi/automation");

let stack;

/** The program: index.js, required afresh (its module only; the package and the SDK stay loaded, as in one host). */
async function program() {
  delete require.cache[entry];
  const exports = projectRequire(entry);
  return typeof exports === "function" ? exports() : exports;
}

function quiet(options = {}) {
  // Colour codes would stand between the words a test searches for.
  return { color: "never", ...options };
}

const ops = {
  async open({ projectName, stackName, config }) {
    stack = await automation.LocalWorkspace.createOrSelectStack(
      { projectName, stackName, program },
      { workDir: projectDir, projectSettings: { name: projectName, runtime: "nodejs" } },
    );
    if (config) await stack.setAllConfig(config);
    return { name: stack.name };
  },
  setConfig: ({ config }) => stack.setAllConfig(config).then(() => ({})),
  async up(options) {
    const r = await stack.up(quiet(options));
    return { stdout: r.stdout, stderr: r.stderr, outputs: r.outputs, summary: r.summary };
  },
  async preview(options) {
    const r = await stack.preview(quiet({ diff: true, ...options }));
    return { stdout: r.stdout, stderr: r.stderr, changeSummary: r.changeSummary };
  },
  async refresh(options) {
    const r = await stack.refresh(quiet(options));
    return { stdout: r.stdout, stderr: r.stderr, summary: r.summary };
  },
  async destroy(options) {
    const r = await stack.destroy(quiet(options));
    return { stdout: r.stdout, stderr: r.stderr, summary: r.summary };
  },
  exportStack: () => stack.exportStack(),
  outputs: () => stack.outputs(),
};

process.on("message", ({ seq, op, args }) => {
  Promise.resolve()
    .then(() => ops[op](args ?? {}))
    .then(
      (result) => process.send({ seq, result }),
      (error) =>
        process.send({
          seq,
          error: {
            message: String((error && error.message) || error),
            stdout: (error && error.commandResult && error.commandResult.stdout) || "",
            stderr: (error && error.commandResult && error.commandResult.stderr) || "",
          },
        }),
    );
});
process.send({ ready: true });
