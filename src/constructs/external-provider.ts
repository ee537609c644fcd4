/** Adds the hashicorp/external provider to a stack once, unless the user declares their own. */
import { ExternalProvider } from "@cdktf/provider-external/lib/provider";
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";

const PROVIDER_ID = "crs-backup-external-provider";

/**
 * The provider this library adds. It steps aside at synthesis when the stack holds another ExternalProvider,
 * whenever that one was declared (before or after the lookups): two default configurations of one provider
 * make Terraform fail with "Duplicate provider configuration".
 */
class DefaultExternalProvider extends ExternalProvider {
  private userDeclaredOne(): boolean {
    return TerraformStack.of(this)
      .node.findAll()
      .some((child) => child instanceof ExternalProvider && child !== this);
  }

  override toTerraform(): Record<string, unknown> {
    return this.userDeclaredOne() ? {} : super.toTerraform();
  }

  override toHclTerraform(): Record<string, unknown> {
    return this.userDeclaredOne() ? {} : super.toHclTerraform();
  }

  override toMetadata(): Record<string, unknown> {
    return this.userDeclaredOne() ? {} : super.toMetadata();
  }
}

/** Ensures the stack holding `scope` configures the external provider. */
export function ensureExternalProvider(scope: Construct): void {
  const stack = TerraformStack.of(scope);
  if (stack.node.tryFindChild(PROVIDER_ID)) return;
  const declared = stack.node.findAll().some((child) => child instanceof ExternalProvider);
  if (!declared) new DefaultExternalProvider(stack, PROVIDER_ID);
}
