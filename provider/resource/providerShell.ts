// The provider object that the Pulumi SDK serializes into every `OrganizationClientGrants` resource's state
// (`__provider`). It is a thin shell on purpose:
//
// - Each hook requires the implementation by package name when it runs, inside the provider host, and delegates.
//   The host evaluates the shell with require-from-string, which resolves modules from its working directory: the
//   user's project, with this package in node_modules.
// - Nothing is captured: no schema, no client, no credential; `require` is a Node global the serializer leaves alone.
//   The text is a few hundred bytes, the same for every resource, and holds nothing secret.
// - `refresh` and `destroy` run the shell stored in state, not the installed one (pulumi/pulumi #6490). This text
//   only names the package export and the hooks, so an old state runs the installed implementation.
//
// Do not change this file lightly: every change is a new provider text in users' states.
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type * as implementation from "./providerImplementation";

type Implementation = typeof implementation;

export const providerShell: dynamic.ResourceProvider = {
  configure: (req) => (require("pulumi-auth0-org-grants/dynamic-provider") as Implementation).provider.configure(req),
  check: (olds, news) => (require("pulumi-auth0-org-grants/dynamic-provider") as Implementation).provider.check(olds, news),
  diff: (id, olds, news) => (require("pulumi-auth0-org-grants/dynamic-provider") as Implementation).provider.diff(id, olds, news),
  create: (inputs) => (require("pulumi-auth0-org-grants/dynamic-provider") as Implementation).provider.create(inputs),
  read: (id, props) => (require("pulumi-auth0-org-grants/dynamic-provider") as Implementation).provider.read(id, props),
  update: (id, olds, news) => (require("pulumi-auth0-org-grants/dynamic-provider") as Implementation).provider.update(id, olds, news),
  delete: (id, props) => (require("pulumi-auth0-org-grants/dynamic-provider") as Implementation).provider.delete(id, props),
};
