import { AWS_REGION_PATTERN } from "../../text/awsNames";
import { scanJson } from "./jsonScan";

/** Linux on-demand, shared-tenancy hourly prices read from an AWS Price List offer file for AmazonEC2. */
export interface OfferPrices {
  offerCode?: string;
  version?: string;
  publicationDate?: string;
  /** USD per hour by instance type, then region. */
  prices: Map<string, Map<string, number>>;
  /** Products that matched the filters but had no usable on-demand price, and other remarks. */
  warnings: string[];
  /** How many products were read, and how many passed the filters. */
  productsRead: number;
  productsMatched: number;
}

/** Region codes of the offer file's `location` names, for files without `regionCode`. */
const LOCATIONS: Record<string, string> = {
  "US East (N. Virginia)": "us-east-1",
  "US East (Ohio)": "us-east-2",
  "US West (N. California)": "us-west-1",
  "US West (Oregon)": "us-west-2",
  "Canada (Central)": "ca-central-1",
  "Canada West (Calgary)": "ca-west-1",
  "South America (Sao Paulo)": "sa-east-1",
  "EU (Ireland)": "eu-west-1",
  "EU (London)": "eu-west-2",
  "EU (Paris)": "eu-west-3",
  "EU (Frankfurt)": "eu-central-1",
  "EU (Zurich)": "eu-central-2",
  "EU (Stockholm)": "eu-north-1",
  "EU (Milan)": "eu-south-1",
  "EU (Spain)": "eu-south-2",
  "Asia Pacific (Tokyo)": "ap-northeast-1",
  "Asia Pacific (Seoul)": "ap-northeast-2",
  "Asia Pacific (Osaka)": "ap-northeast-3",
  "Asia Pacific (Singapore)": "ap-southeast-1",
  "Asia Pacific (Sydney)": "ap-southeast-2",
  "Asia Pacific (Jakarta)": "ap-southeast-3",
  "Asia Pacific (Melbourne)": "ap-southeast-4",
  "Asia Pacific (Mumbai)": "ap-south-1",
  "Asia Pacific (Hyderabad)": "ap-south-2",
  "Asia Pacific (Hong Kong)": "ap-east-1",
  "Middle East (Bahrain)": "me-south-1",
  "Middle East (UAE)": "me-central-1",
  "Israel (Tel Aviv)": "il-central-1",
  "Africa (Cape Town)": "af-south-1",
  "AWS GovCloud (US-West)": "us-gov-west-1",
  "AWS GovCloud (US-East)": "us-gov-east-1",
};

const REGION = AWS_REGION_PATTERN;

interface Product {
  sku?: string;
  productFamily?: string;
  attributes?: Record<string, string | undefined>;
}
interface Term {
  priceDimensions?: Record<string, { unit?: string; pricePerUnit?: { USD?: string } }>;
}

/**
 * Reads an AmazonEC2 offer file (https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/<region>/index.json,
 * or the all-regions index) and keeps the Linux, shared-tenancy, no-pre-installed-software, on-demand
 * ("capacitystatus: Used") hourly price of every instance type `keep` accepts. Streams the file: offer files
 * are larger than a JavaScript string may be.
 */
export function readAwsOffer(file: string, keep: (instanceType: string) => boolean): OfferPrices {
  const wanted = new Map<string, { type: string; region: string }>();
  const terms = new Map<string, Term[]>();
  const result: OfferPrices = { prices: new Map(), warnings: [], productsRead: 0, productsMatched: 0 };
  scanJson(file, {
    want: (path) =>
      (path.length === 2 && path[0] === "products") || (path.length === 3 && path[0] === "terms" && path[1] === "OnDemand"),
    onValue: (path, value) => {
      if (path[0] === "products") {
        result.productsRead++;
        const match = matchProduct(value as Product, keep);
        if (match) {
          result.productsMatched++;
          wanted.set(path[1], match);
        }
      } else if (wanted.has(path[2]) || result.productsRead === 0) {
        // Offer files list products before terms, so only the terms of kept products are held in memory.
        terms.set(path[2], Object.values((value ?? {}) as Record<string, Term>));
      }
    },
    onString: (path, value) => {
      if (path.length !== 1) return;
      if (path[0] === "offerCode") result.offerCode = value;
      if (path[0] === "version") result.version = value;
      if (path[0] === "publicationDate") result.publicationDate = value;
    },
  });
  if (result.offerCode !== undefined && result.offerCode !== "AmazonEC2") {
    throw new Error(`this is the ${result.offerCode} offer file; import-aws reads the AmazonEC2 one`);
  }
  if (result.productsRead === 0) throw new Error("no products found: this does not look like an AWS Price List offer file");

  for (const [sku, { type, region }] of wanted) {
    const hourly = hourlyPrices(terms.get(sku) ?? []);
    if (hourly.length === 0) {
      result.warnings.push(`${type} in ${region}: no positive hourly on-demand price (sku ${sku}); skipped`);
      continue;
    }
    const price = Math.min(...hourly);
    const byRegion = result.prices.get(type) ?? new Map<string, number>();
    const known = byRegion.get(region);
    if (known !== undefined && known !== price) {
      result.warnings.push(`${type} in ${region}: two on-demand prices (${known} and ${price}); kept the lower`);
    }
    byRegion.set(region, known === undefined ? price : Math.min(known, price));
    result.prices.set(type, byRegion);
  }
  return result;
}

function matchProduct(product: Product, keep: (instanceType: string) => boolean): { type: string; region: string } | undefined {
  const a = product.attributes ?? {};
  if (!product.productFamily?.startsWith("Compute Instance")) return undefined;
  if (a.operatingSystem !== "Linux" || a.tenancy !== "Shared" || a.preInstalledSw !== "NA" || a.capacitystatus !== "Used") return undefined;
  if (a.licenseModel !== undefined && a.licenseModel !== "No License required") return undefined;
  if (a.marketoption !== undefined && a.marketoption !== "OnDemand") return undefined;
  if (a.operation !== undefined && a.operation !== "RunInstances") return undefined;
  const type = a.instanceType;
  if (!type || !keep(type)) return undefined;
  const region = a.regionCode ?? (a.location ? LOCATIONS[a.location] : undefined);
  if (!region || !REGION.test(region)) return undefined;
  return { type, region };
}

function hourlyPrices(terms: Term[]): number[] {
  const out: number[] = [];
  for (const term of terms) {
    for (const dim of Object.values(term.priceDimensions ?? {})) {
      if (!/^hrs?$/i.test(dim.unit ?? "")) continue;
      const usd = Number(dim.pricePerUnit?.USD);
      if (Number.isFinite(usd) && usd > 0) out.push(usd);
    }
  }
  return out;
}
