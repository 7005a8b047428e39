// The two sizes the generator writes. Xiajiang is the county of DOMAIN.md (its reference region
// tree, 421 people on the list, one organisation, 52 assisted-employment carers); the province
// is 100 counties (Xiajiang and 99 generated ones), 50,000 recipients and 5,000 carers.

type SizeName = 'xiajiang' | 'province';

export interface Size {
  name: SizeName;
  counties: number;
  recipients: number;
  assistedCarers: number;
  professionalCarers: number;
  /** Every n-th county has a second organisation (covering part of it), so matching chooses between several. */
  secondOrganisationEvery: number | null;
  /** Share of recipients with the mini-program (a sign-in of their own); the rest order by phone or through their grid worker. */
  appShare: number;
}

export const sizes: Record<SizeName, Size> = {
  xiajiang: { name: 'xiajiang', counties: 1, recipients: 421, assistedCarers: 52, professionalCarers: 12, secondOrganisationEvery: null, appShare: 0.35 },
  province: {
    name: 'province',
    counties: 100,
    recipients: 50_000,
    assistedCarers: 4_000,
    professionalCarers: 1_000,
    secondOrganisationEvery: 4,
    appShare: 0.35,
  },
};

/** Recipients' statuses in the demo county's proportions (400 active of 421). */
export const STATUS_SHARES: [string, number][] = [
  ['active', 400],
  ['candidate', 8],
  ['verified', 7],
  ['suspended', 6],
];

/** DOMAIN.md: 2,000 yuan per person per year, a fund of 400,000 yuan per county per year. */
export const ALLOCATION_PER_RECIPIENT_FEN = 200_000;
export const COUNTY_FUND_FEN = 40_000_000;

/** Every generated sign-in has this password (as the demo county's). */
export { DEMO_PASSWORD as GENERATED_PASSWORD } from '../../server/seed/demo.js';

export function parseSize(name: string): Size {
  const size = sizes[name as SizeName];
  if (!size) throw new Error(`unknown size "${name}": use ${Object.keys(sizes).join(' or ')}`);
  return size;
}
