// A program or policy pack that depends on this package imports its subpaths ("pulumi-auth0-org-grants/policy", as
// docs/policies.md shows). Pulumi's TypeScript templates compile with `"moduleResolution": "node"`, which ignores
// package.json `exports`; without `typesVersions` such a pack fails to type-check before any policy runs.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { distFile, repoRoot } from "../helpers/dist";

const consumerSource = `
import { getOrganizationClientGrantsOutput, OrganizationClientGrants } from "pulumi-auth0-org-grants";
import { organizationClientGrantsPolicies } from "pulumi-auth0-org-grants/policy";
import { startEmulator } from "pulumi-auth0-org-grants/emulator";
import * as dynamicProvider from "pulumi-auth0-org-grants/dynamic-provider";

export const uses = [getOrganizationClientGrantsOutput, OrganizationClientGrants, organizationClientGrantsPolicies, startEmulator, dynamicProvider];
`;

/** Type-checks a consumer project that has this package in its node_modules; returns the diagnostics as text. */
function typeCheckConsumer(options: ts.CompilerOptions): string[] {
  const dir = mkdtempSync(join(tmpdir(), "consumer-types-"));
  try {
    mkdirSync(join(dir, "node_modules"));
    // The package as an installed dependency; its own dependencies resolve through its real path.
    symlinkSync(repoRoot, join(dir, "node_modules", "pulumi-auth0-org-grants"), "dir");
    const file = join(dir, "index.ts");
    writeFileSync(file, consumerSource);
    const all = { ...options, strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2020, types: [] };
    const program = ts.createProgram([file], all);
    return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the package's types, as a dependent project sees them", () => {
  beforeAll(() => {
    distFile("provider/policy/index.d.ts");
  });

  test('every export resolves with "moduleResolution": "node" (Pulumi\'s TypeScript templates)', () => {
    expect(typeCheckConsumer({ module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 })).toEqual([]);
  });

  test('every export resolves with "moduleResolution": "node16"', () => {
    expect(typeCheckConsumer({ module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 })).toEqual([]);
  });
});
