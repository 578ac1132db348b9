import type { ApiSupportedRegions } from './types';

/*
 * Region ids are real (each is in lib/validate/cloud-regions.json). The upper-tier colo codes are
 * illustrative: plausible nearby Cloudflare colos, not what Cloudflare returns for any real zone.
 */
const REGIONS: Record<string, [string, string[]][]> = {
  aws: [
    ['us-east-1', ['IAD', 'EWR']],
    ['us-east-2', ['ORD']],
    ['us-west-1', ['SJC']],
    ['us-west-2', ['SEA']],
    ['ca-central-1', ['YYZ']],
    ['sa-east-1', ['GRU']],
    ['eu-west-1', ['DUB']],
    ['eu-west-2', ['LHR']],
    ['eu-west-3', ['CDG']],
    ['eu-central-1', ['FRA']],
    ['eu-north-1', ['ARN']],
    ['ap-northeast-1', ['NRT']],
    ['ap-northeast-2', ['ICN']],
    ['ap-southeast-1', ['SIN']],
    ['ap-southeast-2', ['SYD']],
    ['ap-south-1', ['BOM']],
  ],
  azure: [
    ['eastus', ['IAD']],
    ['eastus2', ['IAD', 'EWR']],
    ['westus', ['SJC']],
    ['westus2', ['SEA']],
    ['centralus', ['ORD']],
    ['southcentralus', ['DFW']],
    ['canadacentral', ['YYZ']],
    ['brazilsouth', ['GRU']],
    ['northeurope', ['DUB']],
    ['westeurope', ['AMS']],
    ['uksouth', ['LHR']],
    ['francecentral', ['CDG']],
    ['germanywestcentral', ['FRA']],
    ['japaneast', ['NRT']],
    ['southeastasia', ['SIN']],
    ['australiaeast', ['SYD']],
    ['centralindia', ['BOM']],
  ],
  gcp: [
    ['us-central1', ['ORD']],
    ['us-east1', ['ATL']],
    ['us-east4', ['IAD']],
    ['us-west1', ['SEA']],
    ['us-west2', ['LAX']],
    ['northamerica-northeast1', ['YUL']],
    ['southamerica-east1', ['GRU']],
    ['europe-west1', ['BRU']],
    ['europe-west2', ['LHR']],
    ['europe-west3', ['FRA']],
    ['europe-west4', ['AMS']],
    ['europe-north1', ['HEL']],
    ['asia-northeast1', ['NRT']],
    ['asia-southeast1', ['SIN']],
    ['australia-southeast1', ['SYD']],
    ['asia-south1', ['BOM']],
  ],
  oci: [
    ['us-ashburn-1', ['IAD']],
    ['us-phoenix-1', ['PHX']],
    ['us-sanjose-1', ['SJC']],
    ['us-chicago-1', ['ORD']],
    ['ca-toronto-1', ['YYZ']],
    ['sa-saopaulo-1', ['GRU']],
    ['uk-london-1', ['LHR']],
    ['eu-frankfurt-1', ['FRA']],
    ['eu-amsterdam-1', ['AMS']],
    ['eu-paris-1', ['CDG']],
    ['ap-tokyo-1', ['NRT']],
    ['ap-singapore-1', ['SIN']],
    ['ap-sydney-1', ['SYD']],
    ['ap-mumbai-1', ['BOM']],
  ],
};

/**
 * The emulator's default answer to `supported_regions`: 14–17 common regions for each of aws,
 * azure, gcp and oci, each with illustrative upper-tier colo IATA codes. A fresh copy each call.
 */
export function defaultSupportedRegions(): ApiSupportedRegions {
  const vendors: ApiSupportedRegions['vendors'] = {};
  for (const [vendor, regions] of Object.entries(REGIONS)) {
    vendors[vendor] = regions.map(([name, colos]) => ({ name, upper_tier_colos: [...colos] }));
  }
  return { obtained_codes: true, vendors };
}

/** Whether `region` is listed for `vendor` in `supported`. */
export function isSupportedRegion(supported: ApiSupportedRegions, vendor: string, region: string): boolean {
  return Object.hasOwn(supported.vendors, vendor) && (supported.vendors[vendor] ?? []).some((r) => r.name === region);
}
