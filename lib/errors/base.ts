/**
 * Base class of every error this package throws on purpose.
 *
 * Each subclass carries a stable {@link OriginCloudRegionsError.code} that callers can test
 * without parsing messages, and a message that ends with what to do about it.
 * Messages never contain credentials.
 */
export class OriginCloudRegionsError extends Error {
  /** Stable, machine-readable identifier of the failure kind (for example `OCR_INVALID_INPUT`). */
  public readonly code: string;

  /**
   * @param code - stable identifier of the failure kind
   */
  public constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/**
 * A value given by the caller (option, flag, environment variable, file) is not acceptable.
 * Thrown before any request is sent.
 */
export class InvalidInputError extends OriginCloudRegionsError {
  /** The option, flag or field that was wrong, named as the user wrote it (for example `zoneId`, `perPage`). */
  public readonly field: string;

  public constructor(field: string, message: string, options?: ErrorOptions) {
    super('OCR_INVALID_INPUT', message, options);
    this.field = field;
  }
}

/**
 * A value from outside (the API, a snapshot, a file) cannot be written safely where it was going: for
 * example a string holding cdktf's own token marker (`${TfToken[`), which cdktf would resolve as a reference,
 * or a key named `__proto__`. Nothing is emitted; the message names the field and where the value came from.
 */
export class UntrustedValueError extends OriginCloudRegionsError {
  /** Where the value was found, for example `output ocr_<zone>_mappings["192.0.2.1"]`. */
  public readonly field: string;

  public constructor(field: string, message: string, options?: ErrorOptions) {
    super('OCR_UNTRUSTED_VALUE', message, options);
    this.field = field;
  }
}
