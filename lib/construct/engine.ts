/**
 * Every engine name the construct layer uses comes from this one module, bound to cdktf. The build's cdktn copy of
 * the layer (scripts/emit-cdktn.ts) replaces it with `engine-cdktn.ts`: add a name to both alike.
 */
import { ENGINE_BINDINGS, type EngineBinding } from './engine-info';

export {
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
