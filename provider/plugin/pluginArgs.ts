// The command line the engine starts a resource plugin with: the engine's address first, plus logging flags that
// this plugin accepts and ignores (`--logtostderr`, `-v=N`, `--tracing X`).
export interface PluginArgs {
  /** The engine's gRPC address; the plugin does not call the engine, so it is only kept for messages. */
  readonly engineAddress?: string;
}

const FLAGS_WITH_VALUE = new Set(["--tracing", "-tracing", "--root", "-root"]);

export function parsePluginArgs(argv: readonly string[]): PluginArgs {
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (FLAGS_WITH_VALUE.has(arg)) i++;
    else if (!arg.startsWith("-")) positional.push(arg);
  }
  return { engineAddress: positional[0] };
}
