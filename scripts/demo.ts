// `npm start`: the product end to end without an Auth0 account. Starts the emulator with the demo tenant and runs
// the CLI against it, authenticating with client credentials exactly as against a real tenant.
import { runCli } from "../provider/cli/run";
import { DEMO_CREDENTIALS, DEMO_ORGANIZATIONS, demoTenant, startEmulator } from "../emulator";

async function main(): Promise<number> {
  const emulator = await startEmulator({ seed: demoTenant(), latencyMs: 20 });
  const env = { AUTH0_DOMAIN: emulator.origin, AUTH0_CLIENT_ID: DEMO_CREDENTIALS.clientId, AUTH0_CLIENT_SECRET: DEMO_CREDENTIALS.clientSecret };
  const io = { stdout: (t: string) => process.stdout.write(t), stderr: (t: string) => process.stderr.write(t), env };
  try {
    const say = (text: string) => process.stderr.write(`\n== ${text}\n\n`);
    say(`Auth0 Management API emulator at ${emulator.origin} (demo tenant, 20 ms per request, client credentials)`);
    say(`auth0-org-grants ${DEMO_ORGANIZATIONS.large}`);
    let code = await runCli([DEMO_ORGANIZATIONS.large], io);
    const audience = emulator.grantsOf(DEMO_ORGANIZATIONS.small)?.[0]?.audience;
    if (code === 0 && audience) {
      say(`auth0-org-grants ${DEMO_ORGANIZATIONS.small} --audience ${audience}`);
      code = await runCli([DEMO_ORGANIZATIONS.small, "--audience", audience], io);
    }
    const tokenRequests = emulator.requests.filter((r) => r.endpoint === "token").length;
    const grantRequests = emulator.requests.filter((r) => r.endpoint === "grants").length;
    say(`${grantRequests} grant requests and ${tokenRequests} token request(s) sent. Try: npm test, npm run bench, npm run faults`);
    return code;
  } finally {
    await emulator.stop();
  }
}

void main().then((code) => {
  process.exitCode = code;
});
