// `PULUMI_DEBUG_PROVIDERS=auth0-org-grants:<port>`: the engine attaches to a plugin started by hand (to debug it, or
// to watch its logs) instead of starting one. It connects to the port and calls `Attach` with its own address.
import { ORG, withEmulator } from "../helpers/emulator";
import { ENGINE_SETUP_MS, withEngine } from "../helpers/engine";
import { PluginProcess } from "../helpers/pluginProcess";
import { grantsProgram, yamlProject, YamlStack } from "../helpers/yamlProject";

const tenant = withEmulator();
const engine = withEngine();

const PROGRAM = grantsProgram("attach-check", ORG);

test("pulumi up attaches to a plugin started by hand, with no plugin installed", async () => {
  const plugin = await PluginProcess.start();
  try {
    const dir = await yamlProject(engine.sandbox, "attach", PROGRAM);
    const stack = await YamlStack.init(engine.sandbox, dir, "dev", { PULUMI_DEBUG_PROVIDERS: `auth0-org-grants:${plugin.port}` });
    await stack.config({ "auth0-org-grants:domain": tenant.emulator.origin, "auth0-org-grants:apiToken": { secret: tenant.token } });

    await stack.up();

    expect(await stack.outputs()).toEqual({ invokeTotal: 120, resourceTotal: 120 });
  } finally {
    await plugin.stop();
  }
}, ENGINE_SETUP_MS);
