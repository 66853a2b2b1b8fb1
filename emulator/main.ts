// `npm run emulator`, or after a build `node dist/emulator/main.js --help`: the emulator as a process of its own.
import { z } from "zod";
import { startFromCommandLine } from "./commandLine";

startFromCommandLine(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof z.ZodError ? z.prettifyError(error) : error instanceof Error ? error.message : String(error));
  process.exit(1);
});
