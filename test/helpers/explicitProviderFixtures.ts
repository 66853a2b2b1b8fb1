// Fixtures for explicit providers under the SDK's runtime (pulumi.runtime.setMocks): a component to inherit
// providers from and a provider of another package. Names are unique within a test file, as the SDK requires.
import * as pulumi from "@pulumi/pulumi";

let names = 0;
export const unique = (name: string) => `${name}-${++names}`;

/** A component resource, whose `providers` its children inherit. */
export class Team extends pulumi.ComponentResource {
  constructor(name: string, opts: pulumi.ComponentResourceOptions) {
    super("test:index:Team", name, {}, opts);
  }
}

/** A provider of another package, as any generated SDK's `Provider` is. */
export class AwsProvider extends pulumi.ProviderResource {
  constructor(name: string) {
    super("aws", name, { region: "eu-west-1" });
  }
}
