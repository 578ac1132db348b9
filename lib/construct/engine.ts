/**
 * The engine binding of the construct layer: every engine name the construct layer uses comes from this
 * ONE module. This file binds to CDK for Terraform (`cdktf`); the build (scripts/emit-cdktn.ts) emits a
 * second copy of the compiled construct layer, `dist/lib/construct-cdktn/`, in which this module is
 * replaced by `engine-cdktn.ts` and nothing else differs. Add a name here and in `engine-cdktn.ts` alike.
 */
import { ENGINE_BINDINGS, type EngineBinding } from './engine-info';

export {
  Annotations,
  App,
  Aspects,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  hashMapperHcl,
  stringToHclTerraform,
} from 'cdktf';

/** The engine this copy of the construct layer is bound to. */
export const ENGINE: EngineBinding = ENGINE_BINDINGS.cdktf;
