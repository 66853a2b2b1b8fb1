// `auth0-org-grants`, as a function a test or another program can call: lists the client grants of one organization from a terminal, with the library's own
// configuration (AUTH0_* environment, or PULUMI_CONFIG), as a table or as JSON. Everything it prints that came from
// a server or the command line goes through terminalText.ts.
import { parseArgs } from "node:util";
import { environmentLayer, pulumiConfigLayer, type SettingsLayer } from "../core/credentials/layers";
import { Auth0GrantsError, ValidationError } from "../core/errors";
import { closeConnections } from "../core/http/transport";
import { listClientGrants, type ListProgress } from "../core/listClientGrants";
import { tuningSchema, type ClientGrantsResult, type TuningInput } from "../core/schemas";
import { redact } from "../core/secrets";
import { version } from "../core/version";
import { pulumiConfigVariable } from "./pulumiConfigVariable";
import { escapeControls, terminalJson } from "./terminalText";

const USAGE = `Usage: auth0-org-grants <organization-id> [options]

Lists every client grant of an Auth0 Organization.

Options:
  --audience <url>        only grants for this API audience
  --client-id <id>        only grants of this application
  --grant-id <id>         only this grant (repeatable; any number)
  --include-any-organization
                          also the tenant's grants with allow_any_organization, which reach every
                          organization without an association (needs read:client_grants too)
  --json                  print JSON instead of a table
  --domain <domain>       the tenant (default: auth0:domain in PULUMI_CONFIG, else AUTH0_DOMAIN)
  --concurrency <n>       pages fetched at once (1-16, default 8)
  --timeout-ms <ms>       per-request timeout (default 30000)
  --max-attempts <n>      attempts per request on 5xx and network errors (default 4)
  --quiet                 no progress on stderr
  -h, --help              this text
  -v, --version           the version

Credentials come from the environment, never from the command line (where other users could read them):
  AUTH0_API_TOKEN, or AUTH0_CLIENT_ID with AUTH0_CLIENT_SECRET or AUTH0_CLIENT_ASSERTION_PRIVATE_KEY
  (+ AUTH0_CLIENT_ASSERTION_SIGNING_ALG, AUTH0_AUDIENCE), or the auth0:* keys of PULUMI_CONFIG. A credential is
  only sent to the domain it comes with (auth0:domain, else AUTH0_DOMAIN): --domain naming another tenant is
  refused. HTTPS_PROXY, HTTP_PROXY and NO_PROXY are honoured.`;

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env?: NodeJS.ProcessEnv;
}

const processIo: CliIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

/** Runs the command; resolves to the exit code (0 success, 1 failure, 2 usage error). */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        audience: { type: "string" },
        "client-id": { type: "string" },
        "grant-id": { type: "string", multiple: true },
        "include-any-organization": { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        domain: { type: "string" },
        concurrency: { type: "string" },
        "timeout-ms": { type: "string" },
        "max-attempts": { type: "string" },
        quiet: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
        version: { type: "boolean", short: "v", default: false },
      },
    });
  } catch (error) {
    io.stderr(`auth0-org-grants: ${escapeControls((error as Error).message)}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) return io.stdout(`${USAGE}\n`), 0;
  if (values.version) return io.stdout(`${version}\n`), 0;
  if (positionals.length !== 1) {
    io.stderr(`auth0-org-grants: expected exactly one organization id, got ${positionals.length}\n\n${USAGE}\n`);
    return 2;
  }

  // `--domain "$TENANT_DOMAIN"` with the variable unset names no tenant. Reading AUTH0_DOMAIN's tenant instead, with
  // its credentials, would answer for another tenant than the one asked for, without a word.
  if (values.domain !== undefined && values.domain.trim() === "") {
    io.stderr(`auth0-org-grants: --domain is empty: give the tenant (--domain tenant.eu.auth0.com), or leave --domain out to use AUTH0_DOMAIN\n\n${USAGE}\n`);
    return 2;
  }
  const tuning = parseTuningFlags(values);
  if (typeof tuning === "string") {
    io.stderr(`auth0-org-grants: ${escapeControls(tuning)}\n\n${USAGE}\n`);
    return 2;
  }
  const progress = (p: ListProgress) => {
    if (!values.quiet && p.pagesTotal !== undefined && p.pagesTotal > 1) {
      io.stderr(escapeControls(`fetched ${p.pagesFetched}/${p.pagesTotal} pages (${p.itemsFetched}/${p.total} grants)`) + "\n");
    }
  };
  try {
    const result = await listClientGrants(
      {
        organizationId: positionals[0],
        ...(values.audience !== undefined && { audience: values.audience }),
        ...(values["client-id"] !== undefined && { clientId: values["client-id"] }),
        ...(values["grant-id"] !== undefined && { grantIds: values["grant-id"] }),
        ...(values["include-any-organization"] && { includeAnyOrganization: true }),
      },
      {
        layers: commandLineLayers(values.domain, io.env ?? process.env),
        options: tuning,
        env: io.env,
        onProgress: progress,
      },
    );
    io.stdout(values.json ? `${terminalJson(result)}\n` : formatTable(result));
    return 0;
  } catch (error) {
    const kind = error instanceof Auth0GrantsError ? error.code : "unexpected error";
    const message = `auth0-org-grants: ${kind}: ${escapeControls(redact((error as Error)?.message ?? String(error)))}\n`;
    // An argument the listing refuses (an empty organization id, an empty --grant-id) is found before any request:
    // a usage error, like a bad option value.
    if (error instanceof ValidationError) return io.stderr(`${message}\n${USAGE}\n`), 2;
    io.stderr(message);
    return 1;
  } finally {
    await closeConnections();
  }
}

/**
 * Where the CLI finds its settings, highest first: `--domain`, Pulumi config from PULUMI_CONFIG (only when that is
 * set, so that messages do not send a terminal user to Pulumi), then the AUTH0_* environment. Messages name
 * `--domain` and `AUTH0_*`, never the function's `connection`. Throws a ConfigurationError for a PULUMI_CONFIG that
 * is set but cannot be read.
 */
export function commandLineLayers(domain: string | undefined, env: NodeJS.ProcessEnv): SettingsLayer[] {
  const commandLine: SettingsLayer = {
    place: "the command line",
    nameOf: (field) => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
    values: domain === undefined ? {} : { domain },
    // Credentials never come from the command line, where other users of the machine could read them.
    fields: ["domain"],
    // A domain for this one command: a credential from PULUMI_CONFIG or AUTH0_* keeps the domain those pair it with.
    override: true,
  };
  const layers = [commandLine];
  const pulumiConfig = pulumiConfigVariable(env);
  if (pulumiConfig) {
    const config = pulumiConfigLayer(pulumiConfig);
    layers.push({ ...config, place: "PULUMI_CONFIG", nameOf: (field) => `${config.nameOf(field)} in PULUMI_CONFIG` });
  }
  layers.push(environmentLayer(env));
  return layers;
}

/** The flags that set a tuning option: [option, flag]. */
const TUNING_FLAGS = [
  ["concurrency", "concurrency"],
  ["timeoutMs", "timeout-ms"],
  ["maxAttempts", "max-attempts"],
] as const;

/**
 * The tuning options the flags give, or what is wrong with one of them, in the flag's terms (`--concurrency`, not
 * `options.concurrency`): a bad value is a usage error, found before any request. The ranges are the schema's.
 */
function parseTuningFlags(values: Readonly<Record<string, unknown>>): TuningInput | string {
  const options: TuningInput = {};
  for (const [key, flag] of TUNING_FLAGS) {
    const raw = values[flag];
    if (typeof raw !== "string") continue;
    const range = tuningSchema.shape[key].unwrap();
    const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!range.safeParse(value).success) return `--${flag} must be a whole number from ${range.minValue} to ${range.maxValue}, not "${raw}"`;
    options[key] = value;
  }
  return options;
}

/** A fixed-width table; scopes joined with spaces, as Auth0's dashboard shows them. */
export function formatTable(result: ClientGrantsResult): string {
  // How each grant reaches the organization is a column only when the listing says (includeAnyOrganization).
  const via = result.includeAnyOrganization === true;
  const header = ["GRANT ID", "CLIENT ID", "AUDIENCE", "USAGE", "ANY ORG", ...(via ? ["VIA"] : []), "SCOPES"];
  const rows = result.clientGrants.map((g) =>
    [
      g.id,
      g.clientId,
      g.audience,
      g.organizationUsage ?? "-",
      g.allowAnyOrganization === undefined ? "-" : String(g.allowAnyOrganization),
      ...(via ? [g.grantedVia === "anyOrganization" ? "any organization" : "association"] : []),
      g.scope.join(" ") || "-",
    ].map(escapeControls),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join("  ").trimEnd();
  const filters = [
    result.audience && `audience ${result.audience}`,
    result.clientId && `client ${result.clientId}`,
    result.grantIds && `${result.grantIds.length} grant id(s)`,
  ].filter(Boolean);
  const anyOrganization = via ? `, ${result.clientGrants.filter((g) => g.grantedVia === "anyOrganization").length} of them through allow_any_organization` : "";
  const title = `Organization ${result.organizationId}: ${result.total} client grant(s)${filters.length ? ` matching ${filters.join(", ")}` : ""}${anyOrganization}`;
  return [escapeControls(title), "", line(header), ...rows.map(line), ""].join("\n");
}
