import { OriginCloudRegionsError } from './base';

/** The worker thread of a synchronous lookup could not start, died, or did not answer in time. */
export class LookupWorkerError extends OriginCloudRegionsError {
  public constructor(message: string, options?: ErrorOptions) {
    super('OCR_LOOKUP_WORKER', message, options);
  }
}
