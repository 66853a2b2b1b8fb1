// The package schema `GetSchema` serves: what `pulumi package add` / `gen-sdk` generate SDKs from and what Pulumi YAML
// type-checks `fn::invoke` against. The function's inputs and outputs and the ClientGrant type are generated from the
// zod schemas in provider/core/schemas.ts (the single source of truth, descriptions included), so a field added there
// appears here; only the Pulumi-specific parts (tokens, $refs, language sections, config) are written here.
import { z } from "zod";
import { clientGrantSchema, clientGrantsResultSchema, filtersSchema, GRANTED_VIA, ORGANIZATION_USAGES } from "../core/schemas";
import { version } from "../core/version";
import { CONFIG_VARIABLES, PACKAGE_NAME, type ConfigVariable } from "./pluginConfig";
import { GET_ORGANIZATION_CLIENT_GRANTS } from "./invoke";
import { ORGANIZATION_CLIENT_GRANTS } from "./resourceHooks";

export const CLIENT_GRANT_TYPE = `${PACKAGE_NAME}:index:ClientGrant`;
export const ORGANIZATION_USAGE_TYPE = `${PACKAGE_NAME}:index:OrganizationUsage`;
export const GRANTED_VIA_TYPE = `${PACKAGE_NAME}:index:GrantedVia`;

type JsonSchema = {
  type?: string;
  description?: string;
  items?: JsonSchema;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

export interface PropertySpec {
  type?: string;
  $ref?: string;
  items?: PropertySpec;
  description: string;
  secret?: boolean;
  defaultInfo?: { environment: string[] };
}

interface ObjectSpec {
  type: "object";
  description?: string;
  properties: Record<string, PropertySpec>;
  required: string[];
}

const ref = (token: string) => `#/types/${token}`;

/**
 * Fields Auth0 documents on its general client-grants endpoint, which the organization endpoint may start to send.
 * The library keeps any field it is sent (camelCased) without checking it, so these are declared for the SDKs here
 * rather than validated in the zod schema.
 */
const DOCUMENTED_EXTRA_FIELDS: Record<string, PropertySpec> = {
  allowAllScopes: { type: "boolean", description: "Whether the grant gives every scope of its audience, present and future (when Auth0 sends it)." },
  isSystem: { type: "boolean", description: "Whether Auth0 created and manages the grant (when Auth0 sends it)." },
  subjectType: { type: "string", description: "The kind of subject the grant is for, `client` or `user` (when Auth0 sends it)." },
  authorizationDetailsTypes: {
    type: "array",
    items: { type: "string", description: "An authorization details type." },
    description: "The Rich Authorization Request types the grant allows (when Auth0 sends them).",
  },
  defaultFor: { type: "string", description: "The kind of clients this grant is the default for, such as `third_party_clients` (when Auth0 sends it)." },
};

/** A zod-generated JSON Schema property as a Pulumi property; `refs` names the properties that are schema types. */
function toProperty(name: string, node: JsonSchema, refs: Record<string, PropertySpec>): PropertySpec {
  const description = node.description;
  if (description === undefined) throw new Error(`provider/core/schemas.ts gives no description for ${name}: add .describe(...)`);
  const known = refs[name];
  if (known !== undefined) return { ...known, description };
  if (node.type === "array") return { type: "array", items: toProperty(`${name}[]`, { description: `An item of ${name}.`, ...node.items }, refs), description };
  if (node.type === "string" || node.type === "boolean" || node.type === "integer" || node.type === "number") return { type: node.type, description };
  throw new Error(`no Pulumi type for ${name} (${JSON.stringify(node)})`);
}

function objectSpec(schema: z.ZodType, refs: Record<string, PropertySpec> = {}, io: "input" | "output" = "output"): ObjectSpec {
  const json = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  const properties = Object.fromEntries(Object.entries(json.properties ?? {}).map(([name, node]) => [name, toProperty(name, node, refs)]));
  return { type: "object", properties, required: json.required ?? [] };
}

function configProperty(variable: ConfigVariable): PropertySpec {
  return {
    type: "string",
    description: `${variable.description} Falls back to the environment variable \`${variable.env}\`.`,
    defaultInfo: { environment: [variable.env] },
    ...(variable.secret && { secret: true }),
  };
}

const RESOURCE_DESCRIPTION =
  "Every client grant of an Auth0 Organization that matches the filters, across all pages, held in state. It only reads " +
  "from Auth0: creating it lists the grants, `pulumi refresh` lists them again, deleting it forgets them and sends nothing.";

const FUNCTION_DESCRIPTION =
  "Lists every client grant of an Auth0 Organization (`GET /api/v2/organizations/{id}/client-grants`) across all pages, " +
  "with optional filters; grant ids are requested ten at a time. Read-only: nothing is changed in Auth0.";

/** The package schema, as a plain object (GetSchema serves its JSON). */
export function packageSchema(): Record<string, unknown> {
  const refs: Record<string, PropertySpec> = {
    clientGrants: { type: "array", items: { $ref: ref(CLIENT_GRANT_TYPE), description: "A client grant." }, description: "" },
    organizationUsage: { $ref: ref(ORGANIZATION_USAGE_TYPE), description: "" },
    grantedVia: { $ref: ref(GRANTED_VIA_TYPE), description: "" },
  };
  const inputs = objectSpec(filtersSchema, refs, "input");
  const outputs = objectSpec(clientGrantsResultSchema, refs);
  const clientGrant = objectSpec(clientGrantSchema, refs);
  const configVariables = Object.fromEntries(Object.entries(CONFIG_VARIABLES).map(([name, v]) => [name, configProperty(v)]));
  // The provider resource's inputs carry no `defaultInfo`: a generated SDK's Provider fills such inputs from the
  // program's environment, so tenant A's AUTH0_API_TOKEN would arrive beside tenant B's domain as one setting place
  // and be sent to B. The plugin falls back to AUTH0_* itself, as a layer of its own that the binding rule guards.
  const providerInputs = Object.fromEntries(
    Object.entries(CONFIG_VARIABLES).map(([name, v]) => {
      const { defaultInfo: _sdkFillsFromEnvironment, ...input } = configProperty(v);
      return [name, input];
    }),
  );

  return {
    name: PACKAGE_NAME,
    displayName: "Auth0 Organization client grants",
    version,
    description: "Complete, validated client grants of an Auth0 Organization: a function and a read-only resource.",
    keywords: ["pulumi", "auth0", "organizations", "client-grants", "category/utility", "kind/native"],
    license: "Apache-2.0",
    config: { variables: configVariables },
    provider: {
      description: `The ${PACKAGE_NAME} provider: which Auth0 tenant to read and with which credentials. Each explicit provider is its own tenant.`,
      inputProperties: providerInputs,
      properties: Object.fromEntries(Object.entries(providerInputs).filter(([name]) => name === "domain" || name === "clientId" || name === "audience")),
    },
    types: {
      [ORGANIZATION_USAGE_TYPE]: {
        type: "string",
        description: "Whether an application may, must, or may not use a grant with an organization.",
        enum: ORGANIZATION_USAGES.map((value) => ({ value, name: value[0]!.toUpperCase() + value.slice(1) })),
      },
      [GRANTED_VIA_TYPE]: {
        type: "string",
        description: "How a grant reaches an organization: associated with it, or applying to every organization (allowAnyOrganization).",
        enum: GRANTED_VIA.map((value) => ({ value, name: value[0]!.toUpperCase() + value.slice(1) })),
      },
      [CLIENT_GRANT_TYPE]: {
        ...clientGrant,
        description: "A client grant, camelCased. Fields Auth0 adds beyond the declared ones are kept in state and in the function's raw result.",
        properties: { ...clientGrant.properties, ...DOCUMENTED_EXTRA_FIELDS },
      },
    },
    functions: {
      [GET_ORGANIZATION_CLIENT_GRANTS]: { description: FUNCTION_DESCRIPTION, inputs, outputs },
    },
    resources: {
      [ORGANIZATION_CLIENT_GRANTS]: {
        description: RESOURCE_DESCRIPTION,
        inputProperties: inputs.properties,
        requiredInputs: inputs.required,
        properties: outputs.properties,
        required: outputs.required,
      },
    },
    // No `dependencies` (Node) nor `requires` (Python): they would replace the generators' own minimum Pulumi SDK,
    // which each generator raises with what its code calls (`invokeOutput` / `invoke_output` and later helpers).
    language: {
      nodejs: {
        // A name of its own (not this npm package's): `pulumi package add` links it as a `file:` dependency.
        packageName: "@pulumi-auth0-org-grants/sdk",
        packageDescription: "Complete client grants of an Auth0 Organization, generated from the auth0-org-grants provider schema.",
        respectSchemaVersion: true,
      },
      python: {
        packageName: "pulumi_auth0_org_grants",
        respectSchemaVersion: true,
      },
      go: {
        // Pulumi's own default root for local SDKs (example.com/pulumi-<name>), which nobody can publish a module at:
        // `pulumi package add` replaces it in go.mod with the generated folder, and a go.mod without that replace
        // fails rather than fetching a stranger's module from an unclaimed github.com owner.
        importBasePath: "example.com/pulumi-auth0-org-grants/sdk/go/auth0orggrants",
        generateResourceContainerTypes: true,
        respectSchemaVersion: true,
      },
      csharp: {
        rootNamespace: "Pulumi",
        namespaces: { [PACKAGE_NAME]: "Auth0OrgGrants" },
        packageReferences: { Pulumi: "3.*" },
        respectSchemaVersion: true,
      },
    },
  };
}
