import type { Construct } from 'constructs';
import { hashMapperHcl, stringToHclTerraform, TerraformProvider, TerraformResource, TerraformStack } from './engine';
import type { MarkerKind } from './props';

/**
 * The drift marker resources, emitted directly on the engine's base classes: there is no cdktn build of
 * `@cdktf/provider-null`, and cdktf's `DataResource` (`terraform_data`) adds a validation that runs
 * `terraform version` during synth, which fails where Terraform is absent. The `null_resource` JSON is the one
 * `@cdktf/provider-null` 11.0.1 writes: the same provider source, version and generator metadata.
 */

const NULL_PROVIDER_METADATA = {
  providerName: 'null',
  // The engines write the generator's exact provider version into `required_providers`.
  providerVersion: '3.2.4',
  providerVersionConstraint: '~> 3.0',
};

/** A `provider "null" {}` block, with `hashicorp/null` 3.2.4 in `required_providers`. */
class NullProviderBlock extends TerraformProvider {
  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: 'null',
      terraformGeneratorMetadata: NULL_PROVIDER_METADATA,
      // Terraform reads `null` as `registry.terraform.io/hashicorp/null`.
      terraformProviderSource: 'null',
    });
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return {};
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return {};
  }
}

/** A marker resource whose only argument is a string map: `triggers`, or `triggers_replace` for `terraform_data`. */
class MarkerResource extends TerraformResource {
  private readonly argument: string;

  public constructor(
    scope: Construct,
    id: string,
    kind: Exclude<MarkerKind, 'none'>,
    private readonly triggers: Readonly<Record<string, string>>,
  ) {
    super(scope, id, {
      terraformResourceType: kind,
      terraformGeneratorMetadata: kind === 'null_resource' ? NULL_PROVIDER_METADATA : { providerName: 'terraform' },
    });
    this.argument = kind === 'null_resource' ? 'triggers' : 'triggers_replace';
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { [this.argument]: { ...this.triggers } };
  }

  /** Typed as a string map, so the engine renders it as HCL. */
  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return {
      [this.argument]: {
        value: hashMapperHcl(stringToHclTerraform)({ ...this.triggers }) as unknown,
        isBlock: false,
        type: 'map',
        storageClassType: 'stringMap',
      },
    };
  }
}

/**
 * Adds a marker under `scope` with the given logical id; for a `null_resource`, also a `null` provider block to the
 * stack unless the stack already has one.
 */
export function emitMarker(
  scope: Construct,
  kind: Exclude<MarkerKind, 'none'>,
  logicalId: string,
  triggers: Readonly<Record<string, string>>,
): TerraformResource {
  const stack = TerraformStack.of(scope);
  if (kind === 'null_resource' && !hasNullProvider(stack)) new NullProviderBlock(stack, 'ocr_null_provider');
  const marker = new MarkerResource(scope, 'marker', kind, triggers);
  marker.overrideLogicalId(logicalId);
  return marker;
}

/**
 * Whether a `null` provider is already declared in the stack. Recognized by the engines' shared
 * `TerraformProvider.isTerraformProvider` marker, so that a provider built on either engine's classes (or on
 * `@cdktf/provider-null`) counts; `instanceof` would miss those.
 */
export function hasNullProvider(stack: Construct): boolean {
  return stack.node
    .findAll()
    .some((c) => TerraformProvider.isTerraformProvider(c) && c.terraformResourceType === 'null');
}
