// Read from the package's own package.json so the User-Agent and the CLI's --version never drift from the release.
// The file sits one level up from the sources and two from the compiled output, so look upwards for it.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

function packageVersion(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "pulumi-auth0-org-grants" && pkg.version) return pkg.version;
    }
    if (dirname(dir) === dir) return "0.0.0";
  }
}

export const version: string = packageVersion(__dirname);
