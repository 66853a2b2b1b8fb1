#!/usr/bin/env node
// `pulumi-resource-auth0-org-grants`: the provider plugin the Pulumi engine starts (from PATH, the plugin cache or
// `plugins.providers` in Pulumi.yaml). It prints its port on stdout and serves until the engine stops it.
import { parsePluginArgs } from "./pluginArgs";
import { startPlugin } from "./server";

async function main(): Promise<void> {
  parsePluginArgs(process.argv.slice(2));
  const plugin = await startPlugin(process.env);
  process.stdout.write(`${plugin.port}\n`);
  // The engine reads stdout only for the port: anything a dependency prints later belongs on stderr with the logs.
  console.log = console.error;
  console.info = console.error;
  const stop = () => void plugin.stop().then(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`pulumi-resource-auth0-org-grants: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
