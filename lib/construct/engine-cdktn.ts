/**
 * The construct layer's engine binding for CDK Terrain (`cdktn`): the same names as `engine.ts`, from
 * `cdktn`. The build copies the compiled construct layer to `dist/lib/construct-cdktn/` with this module in
 * place of `engine.ts` (see scripts/emit-cdktn.mjs); tests load it from source the same way
 * (test/support/cdktn.ts). Keep the export list identical to `engine.ts`.
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
  hashMapper,
  hashMapperHcl,
  stringToHclTerraform,
  stringToTerraform,
} from 'cdktn';

/** The engine this copy of the construct layer is bound to. */
export const ENGINE: EngineBinding = ENGINE_BINDINGS.cdktn;
