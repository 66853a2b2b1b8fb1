// The provider object that the Pulumi SDK serializes into every `OrganizationClientGrants` resource's state
// (`__provider`). It is a thin shell on purpose:
//
// - The hooks that talk to Auth0 load the implementation when they run, inside the provider host, and delegate. The
//   engine starts the host in the program's directory, so the implementation is required by package name from
//   there: the project's node_modules (or a parent's), or the package itself when the program is this repository's
//   own example (Node resolves a package's own name inside it through its `exports`).
// - `configure` and `delete` do not load it: configure only keeps the stack's configuration (in a global slot the
//   implementation reads), delete sends nothing. So a project that removes its resources and this package in one
//   change can still deploy and destroy.
// - Nothing is captured: no schema, no client, no credential. `require`, `process` and `globalThis` are globals the
//   serializer leaves alone. No `require` call names the package, so a bundler (esbuild --bundle) cannot replace it
//   with the bundled module, which would drag the whole implementation into the text.
// - `refresh` and `destroy` run the shell stored in state, not the installed one (pulumi/pulumi #6490). This text
//   only names the package export, the hooks and the configuration slot, so an old state runs the installed
//   implementation; every shell ever stored must keep working (test/fixtures holds the texts stored so far).
//
// Do not change this file lightly: every change is a new provider text in users' states.
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type * as implementation from "./providerImplementation";

type Provider = (typeof implementation)["provider"];

/**
 * The installed implementation, required from the host's working directory. A missing package, or a package without
 * its compiled files (a clone of this repository before `npm run build`), is the user's layout, not a bug: say what to
 * do. These errors cannot be the package's own classes, which are what is missing. Any other failure is rethrown.
 */
function loadImplementation(hook: string): Provider {
  const name = "pulumi-auth0-org-grants/dynamic-provider";
  const path = require("node:path");
  try {
    return require("node:module").createRequire(path.join(process.cwd(), "index.js"))(name).provider;
  } catch (error) {
    const notFound = (error as { code?: unknown } | null)?.code === "MODULE_NOT_FOUND";
    const missing = notFound ? /Cannot find module '([^']*)'/.exec(String((error as Error).message))?.[1] : undefined;
    const where = `OrganizationClientGrants cannot ${hook} in ${process.cwd()}, where Pulumi runs the resource's provider`;
    if (missing === name) {
      throw new Error(
        `${where}: pulumi-auth0-org-grants is not installed there. Install pulumi-auth0-org-grants in the project that ` +
          "runs the Pulumi program (npm install pulumi-auth0-org-grants), also when the program is bundled: the " +
          "provider loads it from the project's node_modules.",
      );
    }
    if (missing !== undefined && path.isAbsolute(missing)) {
      throw new Error(
        `${where}: pulumi-auth0-org-grants is there, but its compiled file ${missing} is missing. In a clone of its ` +
          "repository, run npm run build; otherwise reinstall pulumi-auth0-org-grants in the project that runs the Pulumi program.",
      );
    }
    throw error;
  }
}

// Comments stay outside the hooks: a function's body, comments included, is what the serializer stores.
export const providerShell: dynamic.ResourceProvider = {
  // The slot's key is a contract with the implementation (providerImplementation.ts reads it) and with stored shells.
  configure: (req) => {
    (globalThis as Record<symbol, unknown>)[Symbol.for("pulumi-auth0-org-grants/stack-config")] = req.config;
    return Promise.resolve();
  },
  check: (olds, news) => loadImplementation("check its inputs").check(olds, news),
  diff: (id, olds, news) => loadImplementation("compare its grants").diff(id, olds, news),
  create: (inputs) => loadImplementation("list its grants").create(inputs),
  read: (id, props) => loadImplementation("refresh its grants").read(id, props),
  update: (id, olds, news) => loadImplementation("list its grants").update(id, olds, news),
  // The resource only reads: deleting it forgets the grants from state and sends nothing to Auth0.
  delete: () => Promise.resolve(),
};
