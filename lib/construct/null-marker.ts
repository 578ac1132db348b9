import type { Construct } from 'constructs';
import {
  hashMapper,
  hashMapperHcl,
  stringToHclTerraform,
  stringToTerraform,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
} from './engine';

/**
 * The `null_resource` drift marker and its `hashicorp/null` provider block, emitted directly on the engine's
 * base classes, so that neither engine needs a provider package (there is no cdktn build of
 * `@cdktf/provider-null`). The JSON is the one `@cdktf/provider-null` 11.0.1 writes: the same provider source,
 * version and generator metadata, and `triggers` as a string map.
 */

/** The `hashicorp/null` provider as `@cdktf/provider-null` 11.0.1 declares it. */
export const NULL_PROVIDER = {
  /** The provider's local name and `terraformResourceType`. */
  name: 'null',
  /** The source in `required_providers` (Terraform reads `null` as `registry.terraform.io/hashicorp/null`). */
  source: 'null',
  /** The version in `required_providers` (the engines write the generator's exact provider version). */
  version: '3.2.4',
  /** The constraint the generator metadata records beside it. */
  versionConstraint: '~> 3.0',
} as const;

const generatorMetadata = {
  providerName: NULL_PROVIDER.name,
  providerVersion: NULL_PROVIDER.version,
  providerVersionConstraint: NULL_PROVIDER.versionConstraint,
};

/** A `provider "null" {}` block, with `hashicorp/null` 3.2.4 in `required_providers`. */
export class NullProviderBlock extends TerraformProvider {
  /**
   * @param scope - the stack to add the provider to
   * @param id - the construct id
   */
  public constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: NULL_PROVIDER.name,
      terraformGeneratorMetadata: generatorMetadata,
      terraformProviderSource: NULL_PROVIDER.source,
    });
  }

  /** The provider block's arguments: none. */
  protected override synthesizeAttributes(): Record<string, unknown> {
    return {};
  }

  /** The same for `synth --hcl`: none. */
  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return {};
  }
}

/** A `null_resource` whose only argument is `triggers`. */
export class NullResourceMarker extends TerraformResource {
  /** The resource type. */
  public static readonly tfResourceType = 'null_resource';
  private readonly triggers: Readonly<Record<string, string>>;

  /**
   * @param scope - the construct to add the resource to
   * @param id - the construct id
   * @param triggers - the value of `triggers`
   */
  public constructor(scope: Construct, id: string, triggers: Readonly<Record<string, string>>) {
    super(scope, id, {
      terraformResourceType: NullResourceMarker.tfResourceType,
      terraformGeneratorMetadata: generatorMetadata,
    });
    this.triggers = triggers;
  }

  /** The resource's arguments in `cdk.tf.json`: a copy of the triggers as `triggers`. */
  protected override synthesizeAttributes(): Record<string, unknown> {
    return { triggers: hashMapper(stringToTerraform)({ ...this.triggers }) as unknown };
  }

  /** The same argument for `synth --hcl`, typed as a string map so the engine renders it as HCL. */
  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return {
      triggers: {
        value: hashMapperHcl(stringToHclTerraform)({ ...this.triggers }) as unknown,
        isBlock: false,
        type: 'map',
        storageClassType: 'stringMap',
      },
    };
  }
}

/**
 * Adds a `null_resource` marker under `scope` with the given logical id, and a `null` provider block to the
 * stack unless the stack already has one. Providers are recognized by the engines' shared
 * `TerraformProvider.isTerraformProvider` marker, so a provider built on either engine's classes (or on
 * `@cdktf/provider-null`) counts; `instanceof` would miss those.
 */
export function emitNullResourceMarker(
  scope: Construct,
  logicalId: string,
  triggers: Readonly<Record<string, string>>,
): NullResourceMarker {
  const stack = TerraformStack.of(scope);
  if (!hasNullProvider(stack)) new NullProviderBlock(stack, 'ocr_null_provider');
  const marker = new NullResourceMarker(scope, 'marker', triggers);
  marker.overrideLogicalId(logicalId);
  return marker;
}

/** Whether a `null` provider is already declared somewhere in the stack, whichever classes built it. */
export function hasNullProvider(stack: Construct): boolean {
  return stack.node
    .findAll()
    .some((c) => TerraformProvider.isTerraformProvider(c) && c.terraformResourceType === NULL_PROVIDER.name);
}
