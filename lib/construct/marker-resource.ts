import { hashMapperHcl, stringToHclTerraform, TerraformResource } from './engine';
import type { Construct } from 'constructs';

/**
 * A `terraform_data` resource whose only argument is `triggers_replace`.
 *
 * Emitted directly as a resource type rather than through cdktf's `DataResource`, which adds a
 * validation that runs `terraform version` during synth and so fails where Terraform is absent.
 */
export class TerraformDataMarker extends TerraformResource {
  /** The resource type: Terraform's built-in `terraform_data` (Terraform 1.4 and later). */
  public static readonly tfResourceType = 'terraform_data';
  private readonly triggers: Readonly<Record<string, string>>;

  /**
   * @param scope - the construct to add the resource to
   * @param id - the construct id
   * @param triggers - the value of `triggers_replace`
   */
  public constructor(scope: Construct, id: string, triggers: Readonly<Record<string, string>>) {
    super(scope, id, {
      terraformResourceType: TerraformDataMarker.tfResourceType,
      terraformGeneratorMetadata: { providerName: 'terraform' },
    });
    this.triggers = triggers;
  }

  /** The resource's arguments in `cdk.tf.json`: a copy of the triggers as `triggers_replace`. */
  protected override synthesizeAttributes(): Record<string, unknown> {
    return { triggers_replace: { ...this.triggers } };
  }

  /** The same argument for `cdktf synth --hcl`, typed as a string map so cdktf renders it as HCL. */
  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return {
      triggers_replace: {
        value: hashMapperHcl(stringToHclTerraform)({ ...this.triggers }) as unknown,
        isBlock: false,
        type: 'map',
        storageClassType: 'stringMap',
      },
    };
  }
}
