import js from "@eslint/js";
import tseslint from "typescript-eslint";

// The architecture as lint rules: the core knows nothing of Pulumi nor of any surface; `shared/` (what two surfaces
// share) builds on the core only; no surface reaches into another; the emulator builds on the core only.
const SURFACES = ["function", "dynamicResource", "plugin", "policy", "cli"];
const forbid = (names, why) => ({ regex: `^\\.{1,2}/(.*/)?(${names.join("|")})(/|$)`, message: why });
const pulumiPackages = { regex: "^@pulumi/", message: "The core knows nothing of Pulumi: read Pulumi config or providers in a surface (or provider/shared/) and hand the core plain values." };
const requireOf = (pattern, message) => ({ selector: `CallExpression[callee.name='require'][arguments.0.value=/${pattern}/]`, message });

const boundaries = [
  {
    files: ["provider/core/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [pulumiPackages, forbid([...SURFACES, "shared", "emulator"], "The core imports no surface, nothing of provider/shared/ and not the emulator: surfaces build on the core, not the other way round.")] }],
      "no-restricted-syntax": ["error", requireOf("^@pulumi\\/", pulumiPackages.message)],
    },
  },
  {
    files: ["provider/shared/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [forbid([...SURFACES, "emulator"], "provider/shared/ serves the surfaces: it builds on the core only.")] }] },
  },
  ...SURFACES.map((surface) => ({
    files: [`provider/${surface}/**/*.ts`],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [forbid([...SURFACES.filter((s) => s !== surface), "emulator"], `A surface does not reach into another: move what ${surface}/ needs to provider/core/ (no Pulumi) or provider/shared/.`)] },
      ],
    },
  })),
  {
    files: ["emulator/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [forbid([...SURFACES, "shared"], "The emulator stands apart from the product: it may use the core's schemas, never a surface.")] }] },
  },
];

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // The dynamic provider's thin shell must call require() at run time (see provider/dynamicResource/providerShell.ts).
      "@typescript-eslint/no-require-imports": "off",
    },
  },
  ...boundaries,
  { files: ["**/*.js", "**/*.cjs"], languageOptions: { globals: { module: "writable", require: "readonly" } } },
);
