#!/usr/bin/env node
// `auth0-org-grants`: the executable npm links as the package's bin; the command itself is run.ts.
import { runCli } from "./run";

void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
