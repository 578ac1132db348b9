/** Base class of every error this package throws on purpose; its message ends with the fix and holds no credential. */
export class OriginCloudRegionsError extends Error {
  /** Stable, machine-readable identifier of the failure kind (for example `OCR_INVALID_INPUT`). */
  public readonly code: string;

  public constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A value given by the caller (option, flag, environment variable, file) is not acceptable; thrown before requests. */
export class InvalidInputError extends OriginCloudRegionsError {
  /** The option, flag or field that was wrong, named as the user wrote it (for example `zoneId`, `perPage`). */
  public readonly field: string;

  public constructor(field: string, message: string, options?: ErrorOptions) {
    super('OCR_INVALID_INPUT', message, options);
    this.field = field;
  }
}

/** A value from outside cannot be emitted safely (a cdktf token marker `${TfToken[`, a `__proto__` key); nothing is. */
export class UntrustedValueError extends OriginCloudRegionsError {
  /** Where the value was found, for example `output ocr_<zone>_mappings["192.0.2.1"]`. */
  public readonly field: string;

  public constructor(field: string, message: string, options?: ErrorOptions) {
    super('OCR_UNTRUSTED_VALUE', message, options);
    this.field = field;
  }
}
