import { OriginCloudRegionsError } from './base';

/**
 * A cloud vendor's IP range feed could not be used: it is not JSON, is an HTML error page, has the wrong
 * shape, holds an invalid prefix or unprintable value, is too large, or could not be fetched or read.
 * That vendor's mappings become `unverified`; nothing is guessed.
 */
export class IpRangeFeedError extends OriginCloudRegionsError {
  /** The vendor whose feed failed (`aws`, `gcp`, `oci`, `azure`). */
  public readonly vendor: string;
  /** Where the feed came from: its URL (without credentials or query) or file path. */
  public readonly source: string;

  public constructor(vendor: string, source: string, message: string, options?: ErrorOptions) {
    super('OCR_IP_RANGE_FEED', message, options);
    this.vendor = vendor;
    this.source = source;
  }
}
