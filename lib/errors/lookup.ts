import { OriginCloudRegionsError } from './base';

/**
 * The worker thread that runs a synchronous lookup could not start, died, or did not answer in time
 * (code `OCR_LOOKUP_WORKER`). The lookup itself reports its own, more specific errors.
 */
export class LookupWorkerError extends OriginCloudRegionsError {
  public constructor(message: string, options?: ErrorOptions) {
    super('OCR_LOOKUP_WORKER', message, options);
  }
}
