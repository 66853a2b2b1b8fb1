import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const repoRoot = join(__dirname, "..", "..");

/** The version in package.json: what the plugin reports, the plugin cache installs and the example pack advertises. */
export const packageVersion = (JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string }).version;

/** The compiled file for `relative` (e.g. "provider/cli/main.js"); `npm test` builds before jest runs. */
export function distFile(relative: string): string {
  const file = join(repoRoot, "dist", relative);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` (npm test does it first).`);
  return file;
}
