/** Adds the hashicorp/external provider to a stack once, unless the user already declared one. */
import { ExternalProvider } from "@cdktf/provider-external/lib/provider";
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";

const PROVIDER_ID = "crs-backup-external-provider";
const checked = new WeakSet<TerraformStack>();

/** Ensures the stack holding `scope` configures the external provider. */
export function ensureExternalProvider(scope: Construct): void {
  const stack = TerraformStack.of(scope);
  if (checked.has(stack)) return;
  checked.add(stack);
  const declared = stack.node.findAll().some((child) => child instanceof ExternalProvider);
  if (!declared) new ExternalProvider(stack, PROVIDER_ID);
}
