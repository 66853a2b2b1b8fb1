// `PULUMI_DEBUG_PROVIDERS=auth0-org-grants:<port>`: the engine attaches to a plugin started by hand (to debug it, or
// to watch its logs) instead of starting one. It connects to the port and calls `Attach` with its own address.
import { ORG, withEmulator } from "../helpers/emulator";
import { ENGINE_SETUP_MS, withEngine } from "../helpers/engine";
import { PluginProcess } from "../helpers/pluginProcess";
import { yamlProject, YamlStack } from "../helpers/yamlProject";

const tenant = withEmulator();
const engine = withEngine();

const PROGRAM = `
name: attach-check
runtime: yaml
resources:
  grants:
    type: auth0-org-grants:index:OrganizationClientGrants
    properties:
      organizationId: ${ORG}
outputs:
  total: \${grants.total}
`;

test("pulumi up attaches to a plugin started by hand, with no plugin installed", async () => {
  const plugin = await PluginProcess.start();
  try {
    const dir = await yamlProject(engine.sandbox, "attach", PROGRAM);
    const stack = await YamlStack.init(engine.sandbox, dir, "dev", { PULUMI_DEBUG_PROVIDERS: `auth0-org-grants:${plugin.port}` });
    await stack.config({ "auth0-org-grants:domain": tenant.emulator.origin, "auth0-org-grants:apiToken": { secret: tenant.token } });

    await stack.up();

    expect(await stack.outputs()).toEqual({ total: 120 });
  } finally {
    await plugin.stop();
  }
}, ENGINE_SETUP_MS);
