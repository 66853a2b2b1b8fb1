// An Output as the engine would see it, outside a Pulumi program's own machinery.
import type * as pulumi from "@pulumi/pulumi";

/**
 * Resolves an Output the way the engine would see it: its value, whether it is known, and whether it is secret. A
 * failed listing rejects all three, so they are awaited together and none is left unhandled.
 */
export async function observe<T>(output: pulumi.Output<T>): Promise<{ value: T | undefined; known: boolean; secret: boolean }> {
  const internal = output as unknown as { promise(): Promise<T>; isKnown: Promise<boolean>; isSecret: Promise<boolean> };
  const [value, known, secret] = await Promise.all([internal.promise(), internal.isKnown, internal.isSecret]);
  return { value, known, secret };
}
