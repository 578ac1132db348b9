import { OriginCloudRegionsError } from './base';

/** A vendor's IP range feed could not be fetched, read or trusted; that vendor's mappings become `unverified`. */
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
