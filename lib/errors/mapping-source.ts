import { OriginCloudRegionsError } from './base';

/** The source kinds `diff` accepts, as error messages and help text list them. */
export const ACCEPTED_SOURCES =
  'a snapshot file (.origin-cloud-regions/<zoneId>.json) or a folder of them, a cdktf.out folder, ' +
  "a stack's cdk.tf.json, or a Terraform plan in JSON (terraform show -json plan.out > plan.json)";

/** The path given as a mapping source does not exist (code `OCR_SOURCE_NOT_FOUND`). */
export class MappingSourceNotFoundError extends OriginCloudRegionsError {
  /** The path as given. */
  public readonly path: string;

  public constructor(path: string, options?: ErrorOptions) {
    super('OCR_SOURCE_NOT_FOUND', `${path} does not exist. Give ${ACCEPTED_SOURCES}.`, options);
    this.path = path;
  }
}

/** The path exists but is none of the accepted source kinds (code `OCR_SOURCE_UNKNOWN`). */
export class UnknownMappingSourceError extends OriginCloudRegionsError {
  /** The path as given. */
  public readonly path: string;

  public constructor(path: string, what: string, advice = `Give ${ACCEPTED_SOURCES}.`, options?: ErrorOptions) {
    super('OCR_SOURCE_UNKNOWN', `${path} is ${what}. ${advice}`, options);
    this.path = path;
  }
}

/** The path is a known source kind but its content is malformed (code `OCR_SOURCE_INVALID`). */
export class InvalidMappingSourceError extends OriginCloudRegionsError {
  /** The file whose content is wrong. */
  public readonly path: string;
  /** The field that is wrong, as messages name it (for example `output ocr_<zone>_mappings["192.0.2.1"]`), when one is. */
  public readonly field?: string;

  public constructor(path: string, problem: string, options?: ErrorOptions & { readonly field?: string }) {
    super('OCR_SOURCE_INVALID', `${path}: ${problem}`, options);
    this.path = path;
    if (options?.field !== undefined) this.field = options.field;
  }
}
